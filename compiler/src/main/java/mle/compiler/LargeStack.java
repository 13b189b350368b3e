package mle.compiler;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

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
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
        return result.get();
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

    private static final String NAME = "mle-large-stack";
}
