package mle.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import mle.compiler.lower.LinearModel;
import mle.runtime.linear.Design;
import mle.runtime.linear.ExactLeastSquares;
import mle.runtime.linear.PenalizedLeastSquares;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * A Gaussian linear model with Laplace and Gaussian priors on its coefficients (lasso, ridge, elastic net) solved
 * exactly ({@link PenalizedLeastSquares}), with its certificate for the coefficients held at 0 and standard errors for
 * the others only, conditional on which are 0 (the curvature of the smooth part there, with σ's).
 */
final class PenalizedRegression implements Estimator {
    private final LinearModel linear;
    private final Design design;

    PenalizedRegression(LinearModel linear, Design design) {
        this.linear = linear;
        this.design = design;
    }

    @Override
    public Attempt estimate(FitProblem problem) {
        long t0 = System.nanoTime();
        LinearModel.Penalties pen = linear.penalties();
        int scale = linear.scaleParameter();
        int k = problem.size(), m = design.rows;
        int[] location = linear.location();
        double known = scale >= 0 ? Double.NaN : problem.value(linear.knownScale(), new double[k]);
        PenalizedLeastSquares.Solution solution = PenalizedLeastSquares.solve(design, pen, known);
        double sigma = solution.sigma();
        double[] theta = DirectSolve.placed(k, location, solution.coefficients());
        if (scale >= 0) theta[scale] = sigma;
        double[] u = problem.unconstrained(theta);
        double value = problem.value(problem.objective().objective(problem.mode()), theta);
        // The smooth part's curvature: XᵀX/σ² + diag(q) for the coefficients, σ's own and the cross terms.
        double[][] gram = ExactLeastSquares.gram(design);
        double[] smooth = PenalizedLeastSquares.smoothGradient(design, solution.coefficients(), sigma, pen);
        double[][] hessian = new double[k][k];
        double s2 = sigma * sigma;
        for (int a = 0; a < location.length; a++) {
            for (int c = 0; c < location.length; c++) {
                hessian[location[a]][location[c]] = gram[a][c] / s2 + (a == c ? pen.l2Precision()[a] : 0);
            }
            if (scale >= 0) {
                // ∂²/∂β∂σ of ‖r‖²/(2σ²) is 2·(−∂/∂β of the likelihood part)/σ: −2·(smooth − q(β − m))/σ.
                double likelihoodGradient = smooth[a] - pen.l2Precision()[a] * (solution.coefficients()[a] - pen.l2Center()[a]);
                hessian[location[a]][scale] = hessian[scale][location[a]] = -2 * likelihoodGradient / sigma;
            }
        }
        if (scale >= 0) hessian[scale][scale] = -m / s2 + 3 * solution.rss() / (s2 * s2);
        // The covariance conditional on the zeros: the inverse of the Hessian of the active coefficients (and σ).
        Set<Integer> zeros = new TreeSet<>();
        for (int j = 0; j < location.length; j++) if (!solution.active()[j]) zeros.add(location[j]);
        OptimumStatistics stats = Inference.conditionalOn(hessian, theta, problem.parameterNames(), zeros);
        Verdict v = solution.exact() ? Verdict.EXACT : Verdict.STALLED;
        String how = String.format(Locale.ROOT, "coordinate descent (%d sweeps) with an exact solve on the "
                + "active set; certificate: for each of the %d coefficients at 0, |∂(smooth part)/∂β| ≤ 1/b "
                + "(largest ratio %.3g); standard errors only for the others, conditional on which are 0",
                solution.sweeps(), zeros.size(), solution.certificate());
        Verification.Conclusion verdict = new Verification.Conclusion(v, v.sentence() + " (" + how + ")", zeros);
        if (scale >= 0 && (solution.sigmaToZero() || solution.rss() <= Math.pow(16 * Math.ulp(1.0), 2) * design.sumOfSquares)) {
            verdict = Verification.exactFit(k);
        }
        Result result = DirectSolve.result(u, value, new double[k], solution.sweeps(), 0, 0, v, verdict.sentence(), t0,
                "coordinate descent", 0);
        String kind = pen.lasso() ? (Arrays.stream(pen.l2Precision()).anyMatch(q -> q > 0) ? "elastic net" : "lasso") : "ridge";
        Search search = new Search("an exact solve of the " + kind + ": the likelihood is Gaussian with a mean linear in "
                + "its parameters and the priors on the coefficients are Laplace or Gaussian with constant arguments, so "
                + "for each σ the MAP is a penalised least-squares problem, solved by coordinate descent and an exact "
                + "active-set solve" + (scale >= 0 ? ", alternating with σ̂² = RSS/m" : "") + glmnetEquivalent(pen, sigma, m),
                scale >= 0 ? null : "the penalised sum of squares is convex in the coefficients", 1, 1, 0, List.of(value),
                scale >= 0 ? String.format(Locale.ROOT, "σ searched: the profile over σ (for each σ a convex "
                        + "problem solved exactly) on a grid of 61 values over 7 decades, each local minimum refined; %d "
                        + "found, the lowest reported", solution.profileMinima()) : null);
        double[] expected = null;
        if (problem.settings().expectedInformation()) {
            // A coefficient held at 0 has no standard error, from any information.
            double[] all = ExpectedInformation.standardErrors(problem, theta);
            if (all != null) {
                expected = all.clone();
                for (int i : zeros) expected[i] = Double.NaN;
            }
        }
        return new Optimum(result, value, new double[k], stats, verdict, search, expected, DirectSolve.ENGINE);
    }

    /** For a lasso whose Laplace priors share one scale b and centre 0: the same fit in glmnet and scikit-learn. */
    private static String glmnetEquivalent(LinearModel.Penalties pen, double sigma, int m) {
        double b = pen.commonLassoScale();
        if (Double.isNaN(b)) return "";
        double lambda = sigma * sigma / (m * b);
        return String.format(Locale.ROOT, "; at this σ̂ the same as glmnet(x, y, lambda = %.6g, standardize = "
                + "FALSE) and scikit-learn's Lasso(alpha = %.6g), with the coefficients without a prior unpenalised", lambda, lambda);
    }
}
