package mle.runtime.optim;

/**
 * Called once per iteration, on the optimiser's thread, so that a caller (the CLI) can print progress of long
 * fits. Keep it cheap. To stop a fit from outside, interrupt the optimiser's thread: the run ends with
 * {@link Verdict#INTERRUPTED} and the best point so far.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that does nothing. */
    ProgressListener NONE = p -> { };

    void onIteration(Progress progress);
}
