/**
 * Estimation: from a model's objective bound to its rows ({@link mle.estimate.FitProblem}) to the optimum and what it
 * means. It builds on the compiler and the runtime and knows nothing of {@code mle.api} or the command line, which turn
 * its answers into results and messages.
 *
 * <p>{@link mle.estimate.MethodChooser} is the one place that decides how a model is fitted, and says why: it asks the
 * direct solvers whose structure the model has, in order, and the {@link mle.estimate.GeneralSearch} for everything
 * else. Each method is an {@link mle.estimate.Estimator} of its own ({@code OrdinaryLeastSquares},
 * {@code PenalizedRegression}, {@code MedianRegression}, {@code NewtonGlm}, {@code LassoGlm}, {@code TooFewRows},
 * {@code GeneralSearch}) and answers with an {@link mle.estimate.Attempt}: the {@link mle.estimate.Optimum} it found
 * (the point, the curvature's statistics, the verdict and the account of the search), a reason to let the next method
 * try, or a refusal (a start where the objective is not finite, {@code StartNotFinite}; a fit over the memory limit).
 * {@link mle.estimate.Verification} is the last word on every verdict: converged only at a strict local minimum whose
 * numbers are finite.
 */
package mle.estimate;
