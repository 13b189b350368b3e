package mle.estimate;

import mle.runtime.optim.Result;
import mle.runtime.stats.OptimumStatistics;

/**
 * What a method found, in the form every method gives it: the point (in the optimiser's coordinates, {@code
 * result.u()}), the objective and its gradient there, the curvature's statistics, the verdict, and how it was found.
 *
 * @param gradient               ∂objective/∂θ at the optimum, in the model's parameters
 * @param expectedStandardErrors standard errors from the expected information by parameter index, or null when not
 *                               asked for or not available
 * @param engine                 what computed the objective: the Truffle engine, or "none (a direct solve)"
 * @param residualLoss           the sum of the squared (or absolute) residuals at the optimum where the method has it
 *                               exactly (a least-squares solve), else NaN: the equivalent loss without a pass over rows
 * @param randomEffects          the random effects' conditional modes and standard deviations at the estimate, by
 *                               random effect; null for a model without them
 */
public record Optimum(Result result, double value, double[] gradient, OptimumStatistics statistics,
                      Verification.Conclusion verdict, Search search, double[] expectedStandardErrors, String engine,
                      double residualLoss, ConditionalModes randomEffects) implements Attempt {

    public Optimum(Result result, double value, double[] gradient, OptimumStatistics statistics,
                   Verification.Conclusion verdict, Search search, double[] expectedStandardErrors, String engine,
                   double residualLoss) {
        this(result, value, gradient, statistics, verdict, search, expectedStandardErrors, engine, residualLoss, null);
    }

    public Optimum(Result result, double value, double[] gradient, OptimumStatistics statistics,
                   Verification.Conclusion verdict, Search search, double[] expectedStandardErrors, String engine) {
        this(result, value, gradient, statistics, verdict, search, expectedStandardErrors, engine, Double.NaN, null);
    }

    /** Random effects at the estimate: each one's conditional mode and its conditional standard deviation. */
    public record ConditionalModes(double[] modes, double[] standardDeviations) {}
}
