package mle.compiler.interrupt;

/**
 * How work stops when its thread is interrupted (a time limit ran out, see {@link mle.compiler.LargeStack#callWithin}):
 * the compiler's phases, the optimisers and the direct solvers each check between their steps, where stopping costs
 * nothing and leaves no half-built state behind, and stop with {@link Stopped}, naming the step that was cut short.
 * A caller that stops waiting for work that did not stop throws the same exception.
 */
public final class Interruption {
    private Interruption() {}

    /**
     * Thrown out of work whose thread was interrupted, or by a caller that stopped waiting for it; the thread's
     * interrupt status is left set.
     */
    public static final class Stopped extends RuntimeException {
        /** The step that was cut short ("coordinate descent", "the search"), or null when the work named none. */
        public final String step;

        public Stopped(String step) {
            super((step == null ? "the work" : step) + " was stopped", null, false, false);
            this.step = step;
        }
    }

    /**
     * The step the compiler's phases name: within a fit the only compiling is of the model's derivatives (and of the
     * linear structure read off them); a compilation of its own is named by its caller.
     */
    public static final String COMPILING = "compiling the model's derivatives";

    /** Throws {@link Stopped} when the current thread has been interrupted. */
    public static void check(String step) {
        check(Thread.currentThread(), step);
    }

    /** Throws {@link Stopped} when {@code caller} has been interrupted: for work it handed to other threads. */
    public static void check(Thread caller, String step) {
        if (caller.isInterrupted()) throw new Stopped(step);
    }

    /** {@link #check(String)} for the compiler's phases, between statements, expansions and derivatives. */
    public static void checkCompiling() {
        check(COMPILING);
    }

    /** Whether t comes of an interrupt: EJML's multithreaded loops wrap an InterruptedException in a RuntimeException. */
    public static boolean causedByInterrupt(Throwable t) {
        for (; t != null; t = t.getCause()) if (t instanceof InterruptedException) return true;
        return false;
    }
}
