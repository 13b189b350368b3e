package mle.estimate;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import mle.compiler.lower.LinearModel;
import mle.runtime.linear.Design;
import mle.runtime.linear.ExactLeastSquares;
import mle.runtime.linear.LeastAbsoluteDeviations;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * Least absolute deviations solved exactly ({@link LeastAbsoluteDeviations}): β̂ a vertex of the linear program, with
 * its certificate, b̂ = SAE/m, standard errors for β as statsmodels' QuantReg gives them at the median and for b from
 * its Fisher information m/b². Declines a design of deficient rank.
 */
final class MedianRegression implements Estimator {
    private final LinearModel linear;
    private final Design design;

    MedianRegression(LinearModel linear, Design design) {
        this.linear = linear;
        this.design = design;
    }

    @Override
    public Attempt estimate(FitProblem problem) {
        long t0 = System.nanoTime();
        ExactLeastSquares.Solution start = ExactLeastSquares.solve(design);
        if (start.dependentColumn() >= 0) return new Attempt.Declined("the design's rank is deficient");
        LeastAbsoluteDeviations.Solution solution = LeastAbsoluteDeviations.solve(design, start.coefficients());
        if (solution == null) return new Attempt.Declined("the linear program found no vertex");
        int k = problem.size(), m = design.rows;
        int[] location = linear.location();
        double[] theta = DirectSolve.placed(k, location, solution.coefficients());
        double sae = solution.sumOfAbsoluteResiduals();
        int scale = linear.scaleParameter();
        double b = scale >= 0 ? sae / m : problem.value(linear.knownScale(), theta);
        if (scale >= 0) theta[scale] = b;
        double[] u = problem.unconstrained(theta);
        double value = problem.value(problem.objective().objective(problem.mode()), theta);
        double[][] betaCovariance = LeastAbsoluteDeviations.covariance(solution.residuals(), design.response(),
                start.covariance());
        boolean noStandardErrors = Double.isNaN(betaCovariance[0][0]);
        // The curvature for the diagnostics: the inverse covariance, or XᵀX where there is none.
        double[][] precision = noStandardErrors ? ExactLeastSquares.gram(design) : Inference.inverse(betaCovariance);
        double[][] covariance = DirectSolve.placed(k, location, betaCovariance);
        double[][] hessian = DirectSolve.placed(k, location, precision);
        if (scale >= 0) {
            covariance[scale][scale] = b * b / m;
            hessian[scale][scale] = m / (b * b);
        }
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, problem.parameterNames(), covariance);
        Verdict v = solution.optimal() ? Verdict.EXACT : Verdict.MAX_ITERATIONS;
        String how = String.format(Locale.ROOT, "a vertex of the linear program after %d simplex steps from "
                + "the least-squares fit; certificate: the %d observations fitted exactly have subgradient weights in "
                + "[−1, 1] (largest %.3g)", solution.iterations(), location.length, solution.largestWeight());
        if (solution.largestWeight() >= 1 - 1e-9) {
            how += "; a weight at ±1 means the solution may not be unique: along that edge the sum of absolute residuals "
                    + "stays the same (as the median of an even number of values)";
        }
        if (noStandardErrors) how += "; too few rows for the density estimate behind the standard errors";
        Set<Integer> withoutStandardErrors = new TreeSet<>();
        if (noStandardErrors) for (int j : location) withoutStandardErrors.add(j);
        Verification.Conclusion verdict = new Verification.Conclusion(v, v.sentence() + " (" + how + ")", withoutStandardErrors);
        if (scale >= 0 && sae == 0) verdict = Verification.exactFit(k);
        // The gradient is zero in the subgradient sense: the certificate says so.
        Result result = DirectSolve.result(u, value, new double[k], solution.iterations(), 0, 0, v, verdict.sentence(),
                t0, "LP vertex", 0);
        Search search = new Search("an exact solve of least absolute deviations: the likelihood is Laplace with a "
                + "location linear in its parameters (median regression), so β̂ minimises the sum of absolute residuals, "
                + "a linear program solved to its optimal vertex, and b̂ = SAE/m; standard errors for the coefficients as "
                + "statsmodels' QuantReg gives them at the median (Koenker–Bassett, with an Epanechnikov kernel estimate "
                + "of the residuals' density at 0 and the Hall–Sheather bandwidth)", "the sum of absolute residuals is "
                + "convex in the coefficients, and the scale's optimum follows from it (b̂ = SAE/m)", 1, 1, 0, List.of(value));
        return new Optimum(result, value, new double[k], stats, verdict, search, null, DirectSolve.ENGINE);
    }
}
