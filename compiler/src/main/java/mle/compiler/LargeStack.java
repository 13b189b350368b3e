package mle.compiler;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import mle.compiler.interrupt.Interruption;

/**
 * Runs work that recurses over a model's expressions (parsing, checking, lowering, derivatives, printing) on a thread
 * with a stack large enough for the deepest expression the language allows, whatever thread the caller is on (an
 * embedding program's threads may have small stacks). The memory is reserved, not used, until the recursion is deep.
 */
public final class LargeStack {
    /** Bytes of stack: the nesting limit times the frames a level of it can take in every phase, with room to spare. */
    public static final long BYTES = 512L << 20;

    private LargeStack() {}

    /** The work's result, computed on a thread with {@link #BYTES} of stack; its exceptions and errors are rethrown. */
    public static <T> T call(Supplier<T> work) {
        if (Thread.currentThread().getName().equals(NAME)) return work.get();
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, NAME, BYTES);
        worker.setDaemon(true);
        worker.start();
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                // Pass the interrupt on (work that checks for it stops early) and keep waiting for the result.
                interrupted = true;
                worker.interrupt();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return outcome(result, failure);
    }

    /**
     * {@link #call(Supplier)} with a time limit: when it has passed, the thread doing the work is interrupted, and
     * work that checks for that (the optimisers, the direct solvers, the compiler between statements) stops early.
     * The interrupt is cleared again once the work has returned, whichever thread it ran on.
     */
    public static <T> T call(Supplier<T> work, java.time.Duration limit) {
        return call(() -> {
            Thread worker = Thread.currentThread();
            Object lock = new Object();
            boolean[] state = new boolean[2];   // [0] the work is done, [1] the watchdog interrupted it
            Thread watchdog = Thread.ofPlatform().daemon().name("mle-time-limit").start(() -> {
                try {
                    Thread.sleep(limit);
                } catch (InterruptedException cancelled) {
                    return;
                }
                synchronized (lock) {
                    if (!state[0]) {
                        state[1] = true;
                        worker.interrupt();
                    }
                }
            });
            try {
                return work.get();
            } finally {
                synchronized (lock) {
                    state[0] = true;
                    if (state[1]) Thread.interrupted();
                }
                watchdog.interrupt();
            }
        });
    }

    /** The step that the work of {@link #callWithin} on this thread is in, for the caller that stops waiting for it. */
    private static final ThreadLocal<AtomicReference<String>> STEP = new ThreadLocal<>();
    /** When the work of {@link #callWithin} on this thread will be interrupted (System.nanoTime). */
    private static final ThreadLocal<Long> INTERRUPT_AT = new ThreadLocal<>();

    /**
     * Nanoseconds until the work of {@link #callWithin} running on this thread is interrupted at its time limit
     * (negative once it has been); {@link Long#MAX_VALUE} elsewhere. A step too long for what is left can refuse to
     * start rather than be cut short.
     */
    public static long nanosLeft() {
        Long at = INTERRUPT_AT.get();
        return at == null ? Long.MAX_VALUE : at - System.nanoTime();
    }

    /**
     * Names the step that the work of {@link #callWithin} running on this thread has come to ("the search", "the
     * standard errors"), so that a caller that stops waiting can say which one was cut short; nothing elsewhere.
     */
    public static void step(String step) {
        AtomicReference<String> current = STEP.get();
        if (current != null) current.set(step);
    }

    /**
     * The work's result, computed on a thread of its own with {@link #BYTES} of stack, within a time limit that holds
     * whatever the work does: at the limit its thread is interrupted (work that checks stops with
     * {@link Interruption.Stopped}), and when it has still not ended {@code grace} later (it is blocked opening a FIFO
     * that no one writes to, or in a library's loop that never looks at interrupts) the caller stops waiting with
     * {@link Interruption.Stopped} naming the work's {@link #step}; the work is then left to finish in the background,
     * on a daemon thread, and its result is dropped. An interrupt of the caller is passed on to the work.
     */
    public static <T> T callWithin(Supplier<T> work, java.time.Duration limit, java.time.Duration grace) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> step = new AtomicReference<>();
        long deadline = System.nanoTime() + nanos(limit);
        Thread worker = new Thread(null, () -> {
            STEP.set(step);
            INTERRUPT_AT.set(deadline);
            try {
                result.set(work.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, NAME, BYTES);
        worker.setDaemon(true);
        long abandonAt = Long.MAX_VALUE;
        worker.start();
        boolean callerInterrupted = false, workerInterrupted = false;
        while (worker.isAlive()) {
            long now = System.nanoTime();
            if (!workerInterrupted && now - deadline >= 0) {
                workerInterrupted = true;
                abandonAt = now + nanos(grace);
                worker.interrupt();
            }
            if (workerInterrupted && now - abandonAt >= 0) {
                if (callerInterrupted) Thread.currentThread().interrupt();
                throw new Interruption.Stopped(step.get());
            }
            long wait = (workerInterrupted ? abandonAt : deadline) - now;
            try {
                worker.join(Math.max(1, wait / 1_000_000));
            } catch (InterruptedException e) {
                callerInterrupted = true;
                if (!workerInterrupted) abandonAt = System.nanoTime() + nanos(grace);
                workerInterrupted = true;
                worker.interrupt();
            }
        }
        if (callerInterrupted) Thread.currentThread().interrupt();
        return outcome(result, failure);
    }

    /** A duration in nanoseconds, the longest ones (beyond 73 years) cut short, so that a deadline does not overflow. */
    public static long nanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** What the worker thread left: its result, or its exception or error rethrown on the caller's thread. */
    private static <T> T outcome(AtomicReference<T> result, AtomicReference<Throwable> failure) {
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
        return result.get();
    }

    private static final String NAME = "mle-large-stack";
}
