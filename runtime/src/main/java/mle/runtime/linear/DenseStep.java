package mle.runtime.linear;

import mle.compiler.interrupt.Interruption;
import mle.compiler.interrupt.Interruption.Stopped;

/**
 * A dense factorisation of EJML (an eigendecomposition, a Cholesky factorisation, a QR), which never looks at
 * interrupts, run such that an interrupt still stops its caller at once ({@link Interruption}).
 */
public final class DenseStep {
    private DenseStep() {}

    /**
     * Above this many floating-point operations a dense factorisation of EJML, which never looks at interrupts, runs on
     * a thread of its own (about a second of work; below it, stopping at the end costs no more than that).
     */
    static final double SEPARATE_FLOPS = 1e9;
    /**
     * Floating-point operations a second that no dense factorisation of EJML beats on one core: a step estimated to
     * take longer than the time left even at this rate is refused before it starts.
     */
    static final double FAST_FLOPS = 1e10;

    /**
     * The result of a step that does not stop when its thread is interrupted (an eigendecomposition, a Cholesky
     * factorisation or a QR of EJML), such that an interrupt still stops its caller at once: a step of more than
     * {@link #SEPARATE_FLOPS} (estimated by the caller) runs on a thread of its own while the caller waits, and an
     * interrupt ends the wait with {@link Stopped}; the step then finishes in the background and its result is dropped.
     * A step that could not end before the time limit of its caller's work ({@link mle.compiler.LargeStack#nanosLeft})
     * even at {@link #FAST_FLOPS} is not started: {@link Stopped} at once, saying how long it would take. An interrupt
     * reported by EJML's multithreaded loops (an InterruptedException inside a RuntimeException) is {@link Stopped} too.
     */
    public static <T> T run(String method, double flops, java.util.function.Supplier<T> step) {
        return run(method, flops, Long.MAX_VALUE, step);
    }

    /**
     * {@link #run(String, double, java.util.function.Supplier)} within the caller's own time limit too:
     * {@code nanosLeft} from now ({@link Long#MAX_VALUE} for none), after which the caller stops waiting with
     * {@link Stopped}.
     */
    public static <T> T run(String method, double flops, long nanosLeft, java.util.function.Supplier<T> step) {
        if (flops < SEPARATE_FLOPS) {
            // Quick (a small model's statistics after an optimiser stopped at the limit): it runs, interrupted or not.
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (Interruption.causedByInterrupt(e)) throw new Stopped(method);
                throw e;
            }
        }
        Interruption.check(method);
        double seconds = flops / FAST_FLOPS;
        if (seconds * 1e9 > Math.min(nanosLeft, mle.compiler.LargeStack.nanosLeft())) {
            throw new Stopped(method + ", which takes " + String.format(java.util.Locale.ROOT, "%.2g", seconds)
                    + " s even at " + String.format(java.util.Locale.ROOT, "%.0f", FAST_FLOPS / 1e9)
                    + " billion operations a second, more than the time left");
        }
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().daemon().name("mle-dense-step").start(() -> {
            try {
                result.complete(step.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return nanosLeft == Long.MAX_VALUE ? result.get() : result.get(nanosLeft, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped(method);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Stopped(method);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
