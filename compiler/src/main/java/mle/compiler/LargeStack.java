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

    private static final String NAME = "mle-large-stack";
}
