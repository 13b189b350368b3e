package mle.runtime.optim;

import java.time.Duration;

/**
 * Levenberg–Marquardt on the residual sum of squares of a {@link LeastSquaresProblem}, as a trust-region method
 * (Moré 1978): each step minimises the Gauss–Newton model ½‖r + Jp‖² within ‖D·p‖ ≤ Δ. Ours because it shares its
 * subproblem solver with {@link TrustRegionNewton} (the exact solution through the eigendecomposition of
 * D⁻¹JᵀJD⁻¹, with D the largest column norms of J met so far, as MINPACK's, so that parameters of very different
 * sizes are treated alike) and works on the sums JᵀJ and Jᵀr that the compiled objective computes in one pass,
 * whatever the number of rows.
 *
 * <p>Why it runs before the joint search: with the scale concentrated out, the RSS surface has no σ to go wrong
 * with. A joint (θ, σ) search from a poor σ lets σ absorb the misfit and stops in flat, wrong basins (NIST's
 * Chwirut, Thurber, Rat43); the Gauss–Newton model instead is exact for the part of the curvature that matters
 * far from the optimum.
 *
 * <p>Stopping rules, as MINPACK's: the residuals orthogonal to the columns of J (cosine ≤ 10⁻¹⁰), the relative
 * reduction of the RSS actual and predicted at or below 10⁻¹², an exact fit, or a step below 10⁻¹² of the scaled
 * point; these end as converged. The joint Newton polish that follows judges the final point on the full
 * likelihood, so a converged verdict here is never the last word.
 */
final class LevenbergMarquardt {
    static final String NAME = "Levenberg–Marquardt";
    private static final double ORTHOGONALITY = 1e-15;
    private static final double RELATIVE_REDUCTION = 1e-12;
    private static final double RELATIVE_STEP = 1e-12;
    private static final double ETA = 1e-4;
    /** The relative rise of the RSS tolerated for a step judged by its gradient (the RSS's own rounding). */
    private static final double ROUNDING_RISE = 1e-10;

    private LevenbergMarquardt() {
    }

    /** How the run ended, with the RSS and the orthogonality cosine there. */
    record Ending(Verdict verdict, String detail, int iterations, double rss, double cosine) {
    }

    /**
     * Minimises the RSS over the location coordinates of u (modified in place; the other coordinates are left as
     * they are). Throws {@link Budget.Stop} when a limit is reached, with u at the best point so far.
     */
    static Ending run(Budget budget, LeastSquaresProblem problem, double[] u, Options options,
                       ProgressListener listener) {
        int[] loc = problem.location();
        int p = loc.length;
        double[] g = new double[p], gt = new double[p];
        double[][] a = new double[p][p], at = new double[p][p];
        double[] dScale = new double[p], columnNorms = new double[p];
        double[] lam = new double[p], coeff = new double[p], c = new double[p], step = new double[p];
        double[][] q = new double[p][p];
        double[] trial = u.clone();
        int iterations = 0;

        double rss = budget.leastSquares(problem, u, g, a);
        if (!Double.isFinite(rss) || !LineSearch.allFinite(g) || !TrustRegionNewton.finiteMatrix(a)) {
            return new Ending(Verdict.NON_FINITE, "the residual sum of squares is not finite at the start", 0, rss,
                    Double.NaN);
        }
        double delta = -1;
        while (true) {
            final double cosine = cosine(g, a, rss);
            if (rss == 0) {
                return new Ending(Verdict.CONVERGED_GRADIENT, "an exact fit: the residuals are all zero", iterations,
                        rss, 0);
            }
            for (int j = 0; j < p; j++) {
                if (a[j][j] == 0) {
                    // A zero column: the residuals do not depend on this coordinate here (an exponential rate of 0
                    // whose amplitude is 0). Orthogonality says nothing then; the Newton polish takes over.
                    return new Ending(Verdict.STALLED, "the residuals do not depend on coordinate " + loc[j]
                            + " here (a zero column of the Jacobian)", iterations, rss, cosine);
                }
            }
            if (cosine <= ORTHOGONALITY) {
                return new Ending(Verdict.CONVERGED_GRADIENT, Minimizer.fmt(
                        "the residuals are orthogonal to the Jacobian (cosine %.3g)", cosine), iterations, rss, cosine);
            }
            if (iterations >= options.maxIterations()) {
                return new Ending(Verdict.MAX_ITERATIONS, Minimizer.fmt("%d iterations; cosine %.3g", iterations,
                        cosine), iterations, rss, cosine);
            }
            // Moré's scaling: the largest column norm of J seen so far, so that a parameter whose column has faded
            // (an exponential rate grown so large that its term vanished) cannot take huge, cheap steps onto the
            // plateau where it no longer matters.
            TrustRegionNewton.updateScaling(a, columnNorms);
            for (int i = 0; i < p; i++) dScale[i] = Math.max(dScale[i], columnNorms[i]);
            if (!TrustRegionNewton.eigen(a, dScale, lam, q, "the Levenberg–Marquardt step", budget)) {
                return new Ending(Verdict.NON_FINITE, "the eigendecomposition of JᵀJ failed", iterations, rss,
                        cosine);
            }
            for (int k = 0; k < p; k++) {
                double s = 0;
                for (int i = 0; i < p; i++) s += q[k][i] * 0.5 * g[i] / dScale[i];
                coeff[k] = s;
            }
            if (delta <= 0) {
                double dx = 0;
                for (int i = 0; i < p; i++) dx += Math.pow(dScale[i] * u[loc[i]], 2);
                delta = dx > 0 ? 100 * Math.sqrt(dx) : 100;
            }
            while (true) {
                double length = TrustRegionNewton.solveSubproblem(lam, coeff, delta, c);
                double predicted = 0; // of ½RSS
                for (int k = 0; k < p; k++) predicted -= coeff[k] * c[k] + 0.5 * lam[k] * c[k] * c[k];
                TrustRegionNewton.toStep(c, q, dScale, step);
                double pointNorm = 0;
                for (int i = 0; i < p; i++) pointNorm += Math.pow(dScale[i] * u[loc[i]], 2);
                pointNorm = Math.sqrt(pointNorm);
                if (!(predicted > 0) || length <= RELATIVE_STEP * pointNorm) {
                    return new Ending(Verdict.CONVERGED_RELATIVE_CHANGE, Minimizer.fmt(
                            "no step reduces the residual sum of squares beyond rounding (cosine %.3g)", cosine),
                            iterations, rss, cosine);
                }
                for (int i = 0; i < p; i++) trial[loc[i]] = u[loc[i]] + step[i];
                double rt = budget.leastSquares(problem, trial, gt, at);
                boolean finite = Double.isFinite(rt) && LineSearch.allFinite(gt) && TrustRegionNewton.finiteMatrix(at);
                double actual = finite ? 0.5 * (rss - rt) : Double.NEGATIVE_INFINITY;
                double rho = actual / predicted;
                if (predicted <= RELATIVE_REDUCTION * 0.5 * rss) {
                    // The model predicts a change the RSS cannot resolve; the gradient still can: take the step if
                    // it halves the cosine without raising the RSS beyond rounding, else this is the optimum.
                    if (finite && rt <= rss * (1 + ROUNDING_RISE) && cosine(gt, at, rt) <= 0.5 * cosine) {
                        rho = 1;
                    } else {
                        return new Ending(Verdict.CONVERGED_RELATIVE_CHANGE, Minimizer.fmt(
                                "the residual sum of squares stopped changing (cosine %.3g)", cosine), iterations, rss,
                                cosine);
                    }
                } else if (!finite || rho < 0.25) {
                    delta = 0.25 * Math.min(delta, length);
                } else if (rho > 0.75 && length >= 0.99 * delta) {
                    delta *= 2;
                }
                if (finite && rho >= ETA) {
                    for (int i = 0; i < p; i++) u[loc[i]] = trial[loc[i]];
                    System.arraycopy(gt, 0, g, 0, p);
                    for (int i = 0; i < p; i++) System.arraycopy(at[i], 0, a[i], 0, p);
                    rss = rt;
                    iterations++;
                    listener.onIteration(new Progress(NAME, iterations, rss, Minimizer.normInf(g), cosine(g, a, rss),
                            budget.evaluations(), Duration.ofNanos(budget.elapsedNanos())));
                    if (Minimizer.normInf(u) >= Lbfgs.DIVERGENCE) {
                        return new Ending(Verdict.UNBOUNDED, Minimizer.fmt("the parameters ran off (max |u| = %.3g)",
                                Minimizer.normInf(u)), iterations, rss, cosine(g, a, rss));
                    }
                    break;
                }
                budget.checkTime();
            }
        }
    }

    /** max_j |∂RSS/∂u_j| / (2·‖J_j‖·‖r‖): the largest cosine between the residuals and a column of J. */
    static double cosine(double[] g, double[][] a, double rss) {
        double max = 0;
        for (int j = 0; j < g.length; j++) {
            double norm = Math.sqrt(a[j][j] * rss);
            double cj = norm > 0 ? 0.5 * Math.abs(g[j]) / norm : 0;
            max = Math.max(max, cj);
        }
        return max;
    }

}
