package mle.api;

/**
 * A fit or a compilation that reached the caller's time limit before it could give an answer: a direct solver or the
 * compiler stops between steps, where nothing it would return means anything yet. (An optimiser that reaches it
 * returns its point instead, with the verdict "not converged: the time limit was reached".)
 */
public final class TimeLimitException extends RuntimeException {
    public TimeLimitException(String message) { super(message); }
}
