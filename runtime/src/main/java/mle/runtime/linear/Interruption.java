package mle.runtime.linear;

/**
 * How a direct solver stops when its thread is interrupted (a caller's time limit ran out, see
 * {@code mle.api.Model#fit}): each checks between its iterations, where stopping costs nothing and leaves no half-built
 * state behind. The factorisations inside an iteration run to their end.
 */
public final class Interruption {
    private Interruption() {}

    /** Thrown out of a solver whose thread was interrupted; the thread's interrupt status is left set. */
    public static final class Stopped extends RuntimeException {
        public final String method;

        Stopped(String method) {
            super(method + " was stopped", null, false, false);
            this.method = method;
        }
    }

    /** Throws {@link Stopped} when the current thread has been interrupted. */
    static void check(String method) {
        if (Thread.currentThread().isInterrupted()) throw new Stopped(method);
    }
}
