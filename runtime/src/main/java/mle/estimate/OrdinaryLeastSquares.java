package mle.estimate;

import java.util.Locale;
import java.util.Optional;
import mle.compiler.ir.Objective;
import mle.compiler.lower.LinearModel;
import mle.compiler.lower.Unconstrained;
import mle.runtime.linear.Design;
import mle.runtime.linear.ExactLeastSquares;
import mle.runtime.parts.PartedLeastSquares;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.parts.PartedRows;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * Ordinary least squares solved directly: β̂ by QR with iterative refinement in double-double ({@link
 * ExactLeastSquares}, or from XᵀX and Xᵀy summed where parted rows are, {@link PartedLeastSquares}), σ̂² = RSS/m, and
 * the covariance σ̂²(XᵀX)⁻¹ refined the same way. The observed information is XᵀX/σ̂² for β and 2m/σ̂² for σ, with no
 * cross terms at the optimum. Declines a design of deficient rank, which has no unique solution: the search then finds
 * one and names the flat direction.
 */
final class OrdinaryLeastSquares implements Estimator {
    private final LinearModel linear;
    private final Design design;          // null for parted rows

    private OrdinaryLeastSquares(LinearModel linear, Design design) {
        this.linear = linear;
        this.design = design;
    }

    static OrdinaryLeastSquares inMemory(LinearModel linear, Design design) { return new OrdinaryLeastSquares(linear, design); }

    /** From the sums of rows in parts, in a few passes over them. */
    static OrdinaryLeastSquares parted(LinearModel linear) { return new OrdinaryLeastSquares(linear, null); }

    @Override
    public Attempt estimate(FitProblem problem) {
        long t0 = System.nanoTime();
        if (design == null) {
            Optional<PartedLeastSquares.Solution> solved = PartedLeastSquares.solve(linear, (PartedRows) problem.rows());
            if (solved.isEmpty()) return new Attempt.Declined("the parted rows' XᵀX is singular or not finite");
            PartedLeastSquares.Solution r = solved.get();
            return optimum(problem, r.solution(), r.observations(), r.crossResiduals(), r.sumOfSquares(), t0);
        }
        ExactLeastSquares.Solution solution = ExactLeastSquares.solve(design);
        if (solution.dependentColumn() >= 0) return new Attempt.Declined("the design's rank is deficient");
        return optimum(problem, solution, design.rows, design.crossResiduals(solution.coefficients()), design.sumOfSquares, t0);
    }

    /**
     * A least-squares solution as an optimum: β̂, σ̂² = RSS/m, the observed information XᵀX/σ̂² and 2m/σ̂² for σ.
     *
     * @param m            the observations
     * @param cross        Xᵀr at β̂, for the gradient
     * @param sumOfSquares Σy², the yardstick of an exact fit
     */
    private Optimum optimum(FitProblem problem, ExactLeastSquares.Solution solution, int m, double[] cross,
                            double sumOfSquares, long t0) {
        int k = problem.size();
        int[] location = linear.location();
        double[] theta = DirectSolve.placed(k, location, solution.coefficients());
        double rss = solution.rss();
        int scale = linear.scaleParameter();
        double sigma = scale >= 0 ? Math.sqrt(rss / m) : problem.value(linear.knownScale(), theta);
        if (scale >= 0) theta[scale] = sigma;
        double[] u = problem.unconstrained(theta);
        // The objective is this likelihood alone, so its value follows from the RSS, summed exactly: no pass over rows.
        double value = m * (Math.log(sigma) + 0.5 * Math.log(2 * Math.PI)) + rss / (2 * sigma * sigma);
        // The gradient in closed form: −Xᵀr/σ² for the coefficients, m/σ − RSS/σ³ for σ (0 at σ̂² = RSS/m).
        double[] gradient = new double[k];
        for (int j = 0; j < location.length; j++) gradient[location[j]] = -cross[j] / (sigma * sigma);
        if (scale >= 0) gradient[scale] = m / sigma - rss / (sigma * sigma * sigma);
        double[][] hessian = new double[k][k];
        double[][] covariance = new double[k][k];
        double[][] gram = solution.gram(), solved = solution.covariance();
        double[] variances = new double[location.length];
        for (int a = 0; a < location.length; a++) {
            for (int b = 0; b < location.length; b++) {
                hessian[location[a]][location[b]] = gram[a][b] / (sigma * sigma);
                covariance[location[a]][location[b]] = sigma * sigma * solved[a][b];
            }
            variances[a] = solved[a][a];
            // Each row of the solver's p×p matrices is done with once copied: let it go (800 MB each at p = 10,000).
            gram[a] = null;
            solved[a] = null;
        }
        if (scale >= 0) {
            hessian[scale][scale] = 2.0 * m / (sigma * sigma);
            covariance[scale][scale] = sigma * sigma / (2.0 * m);
        }
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, problem.parameterNames(), covariance);
        String how = solution.method() + " with " + solution.refinements() + " steps of iterative refinement in "
                + "double-double precision" + (solution.refined() ? "" : String.format(Locale.ROOT, " that did not converge "
                + "(condition number ≥ %.2g): the last digits are those of plain QR", solution.conditionEstimate()));
        Verdict v = Verdict.EXACT;
        Verification.Conclusion verdict = new Verification.Conclusion(v, v.sentence() + " (" + how + ")", java.util.Set.of());
        if (scale >= 0 && rss <= Math.pow(16 * Math.ulp(1.0), 2) * sumOfSquares) verdict = Verification.exactFit(k);
        double[] gradientU = new double[k];
        for (Objective.Parameter p : problem.objective().params()) {
            gradientU[p.index()] = gradient[p.index()] * Unconstrained.transform(p, u[p.index()])[1];
        }
        Result result = DirectSolve.result(u, value, gradientU, solution.refinements(), 0, 0, v, verdict.sentence(), t0,
                solution.phase(), 0);
        Search search = new Search("a direct solve: the likelihood is Gaussian with a mean linear in its parameters "
                + "(ordinary least squares), so β̂ is the least-squares solution and σ̂² = RSS/m", "the mean is linear "
                + "in its parameters, so the residual sum of squares is convex, and the scale's optimum follows from it "
                + "(σ̂² = RSS/m)", 1, 1, 0, java.util.List.of(value));
        double[] expected = null;
        if (problem.settings().expectedInformation()) {
            // NIST's convention: σ² = RSS/(m − p) for the coefficients; the scale's Fisher information 2m/σ².
            double nist = rss / (m - location.length);
            expected = new double[k];
            for (int i = 0; i < k; i++) {
                int at = indexOf(location, i);
                expected[i] = at >= 0 ? Math.sqrt(nist * variances[at])
                        : i == scale ? sigma / Math.sqrt(2.0 * m) : Double.NaN;
            }
        }
        return new Optimum(result, value, gradient, stats, verdict, search, expected, DirectSolve.ENGINE, rss);
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) if (values[i] == v) return i;
        return -1;
    }
}
