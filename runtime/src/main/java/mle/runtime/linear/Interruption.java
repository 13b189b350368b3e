package mle.runtime.linear;

/**
 * How a direct solver stops when its thread is interrupted (a caller's time limit ran out, see
 * {@code mle.api.Model#fit}): each checks between its iterations, where stopping costs nothing and leaves no half-built
 * state behind. A large dense factorisation, which cannot check, runs where its caller need not wait for it to end
 * ({@link #step}).
 */
public final class Interruption {
    private Interruption() {}

    /** Thrown out of a solver whose thread was interrupted; the thread's interrupt status is left set. */
    public static final class Stopped extends RuntimeException {
        public final String method;

        public Stopped(String method) {
            super(method + " was stopped", null, false, false);
            this.method = method;
        }
    }

    /** Throws {@link Stopped} when the current thread has been interrupted. */
    public static void check(String method) {
        check(Thread.currentThread(), method);
    }

    /** Throws {@link Stopped} when {@code caller} has been interrupted: for work it handed to other threads. */
    public static void check(Thread caller, String method) {
        if (caller.isInterrupted()) throw new Stopped(method);
    }

    /** Whether t comes of an interrupt: EJML's multithreaded loops wrap an InterruptedException in a RuntimeException. */
    public static boolean causedByInterrupt(Throwable t) {
        for (; t != null; t = t.getCause()) if (t instanceof InterruptedException) return true;
        return false;
    }

    /**
     * Above this many floating-point operations a dense factorisation of EJML, which never looks at interrupts, runs on
     * a thread of its own (about a second of work; below it, stopping at the end costs no more than that).
     */
    static final double SEPARATE_FLOPS = 1e9;

    /**
     * The result of a step that does not stop when its thread is interrupted (an eigendecomposition, a Cholesky
     * factorisation or a QR of EJML), such that an interrupt still stops its caller at once: a step of more than
     * {@link #SEPARATE_FLOPS} (estimated by the caller) runs on a thread of its own while the caller waits, and an
     * interrupt ends the wait with {@link Stopped}; the step then finishes in the background and its result is dropped.
     * An interrupt reported by EJML's multithreaded loops (an InterruptedException inside a RuntimeException) is
     * {@link Stopped} too.
     */
    public static <T> T step(String method, double flops, java.util.function.Supplier<T> step) {
        check(method);
        if (flops < SEPARATE_FLOPS) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (causedByInterrupt(e)) throw new Stopped(method);
                throw e;
            }
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
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped(method);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
