package mle.api;

/**
 * A fit or a compilation that reached the caller's time limit before it could give an answer: a direct solver or the
 * compiler stops between steps, where nothing it would return means anything yet. (An optimiser that reaches it
 * returns its point instead, with the verdict "not converged: the time limit was reached".)
 */
public final class TimeLimitException extends RuntimeException {
    private final String step;

    public TimeLimitException(String message) { this(message, null); }

    /** @param step the step cut short ("the search", "the standard errors", "the profile of σ"), or null */
    public TimeLimitException(String message, String step) {
        super(message);
        this.step = step;
    }

    /** The step that the limit cut short, in words ("Newton's step", "the standard errors"), or null when not known. */
    public String step() { return step; }
}
