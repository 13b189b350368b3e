package mle.estimate;

/**
 * One method of estimation (a direct solver, or the search). {@link MethodChooser} decides which apply to a model
 * and asks them in order; each answers with an {@link Attempt}: the {@link Optimum} it found, a reason to let the next
 * method try ({@link Attempt.Declined}), or a reason the fit cannot be made at all ({@link Attempt.Refused}).
 */
public interface Estimator {
    Attempt estimate(FitProblem problem);
}
