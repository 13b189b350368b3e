package mle.runtime.linear;

import mle.compiler.interrupt.Interruption;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.LinearModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The lasso (and elastic net) of a logistic or Poisson regression, exactly: proximal Newton, as glmnet does it.
 * Each outer step replaces the negative log-likelihood by its quadratic model at β (gradient Xᵀ(μ − y), curvature
 * XᵀWX) and minimises that model plus the penalties by coordinate descent with soft-thresholding; a backtracking
 * line search on the true objective accepts the step. Then the optimality conditions are solved exactly on the
 * active set (Newton with the signs held) and checked: signs kept, and for every coefficient at its kink
 * |∂ smooth/∂β_j| ≤ w_j (the certificate). The objective is convex, so this is the global optimum.
 *
 * <p>Ours: built from the same pieces as {@link PenalizedLeastSquares} and {@link IterativelyReweighted}.
 */
public final class ProximalNewton {
    static final int MAX_OUTER = 500;
    static final double CERTIFICATE_TOLERANCE = 1e-9;

    private ProximalNewton() {
    }

    /**
     * @param coefficients β̂, exactly c_j where a Laplace prior holds it at its kink
     * @param active       whether β_j is away from its kink
     * @param hessian      the smooth part's Hessian XᵀWX + Q at β̂ (all coefficients)
     * @param certificate  max over the coefficients at their kinks of |∂ smooth/∂β_j|/w_j (≤ 1 at the optimum)
     * @param iterations   outer steps
     * @param exact        whether the active-set solve confirmed the optimum
     */
    public record Solution(double[] coefficients, boolean[] active, double[][] hessian, double certificate,
                           int iterations, boolean exact) {}

    public static Solution solve(Design d, GeneralizedLinearModel.Family family, LinearModel.Penalties pen) {
        int m = d.rows, p = d.columns;
        double[][] x = new double[p][];
        for (int j = 0; j < p; j++) x[j] = d.hi[j];
        double[] beta = pen.l1Center().clone();
        double f = objective(d, x, family, pen, beta);
        if (!Double.isFinite(f)) return null;
        for (int outer = 0; outer < MAX_OUTER; outer++) {
            Interruption.check("proximal Newton");
            double[] eta = d.predictor(beta);
            double[] w = new double[m], g = smoothGradient(d, x, family, pen, beta, eta, w);
            // Coordinate descent on the quadratic model plus the penalties; v = X(β' − β).
            double[] next = beta.clone(), v = new double[m];
            double[] curvature = new double[p];
            for (int j = 0; j < p; j++) {
                double s = pen.l2Precision()[j];
                for (int i = 0; i < m; i++) s += w[i] * x[j][i] * x[j][i];
                curvature[j] = s;
            }
            for (int sweep = 0; sweep < 10_000; sweep++) {
                double largest = 0;
                for (int j = 0; j < p; j++) {
                    if (curvature[j] == 0) continue;
                    double gradient = g[j] + pen.l2Precision()[j] * (next[j] - beta[j]);
                    for (int i = 0; i < m; i++) gradient += w[i] * x[j][i] * v[i];
                    double target = next[j] - gradient / curvature[j];
                    double wj = pen.l1Weight()[j];
                    if (wj > 0) target = pen.l1Center()[j] + PenalizedLeastSquares.softThreshold(target - pen.l1Center()[j], wj / curvature[j]);
                    double change = target - next[j];
                    if (change != 0) {
                        for (int i = 0; i < m; i++) v[i] += change * x[j][i];
                        next[j] = target;
                        largest = Math.max(largest, Math.abs(change) * Math.sqrt(curvature[j]));
                    }
                }
                if (largest <= 1e-13) break;
            }
            // Backtracking on the true objective along β → β'.
            double t = 1, ft = Double.NaN;
            double[] trial = new double[p];
            for (int halving = 0; halving < 60; halving++, t *= 0.5) {
                for (int j = 0; j < p; j++) trial[j] = beta[j] + t * (next[j] - beta[j]);
                ft = objective(d, x, family, pen, trial);
                if (ft <= f) break;
            }
            boolean moved = ft < f;
            if (moved) {
                beta = trial.clone();
                f = ft;
            }
            // The exact finish on the active set, and its check.
            boolean[] active = new boolean[p];
            for (int j = 0; j < p; j++) active[j] = pen.l1Weight()[j] == 0 || beta[j] != pen.l1Center()[j];
            double[] polished = activeNewton(d, x, family, pen, beta, active);
            if (polished != null) {
                double fp = objective(d, x, family, pen, polished);
                double[] etaP = d.predictor(polished), wP = new double[m];
                double[] gP = smoothGradient(d, x, family, pen, polished, etaP, wP);
                boolean signs = true;
                for (int j = 0; j < p && signs; j++) {
                    if (active[j] && pen.l1Weight()[j] > 0) {
                        signs = Math.signum(polished[j] - pen.l1Center()[j]) == Math.signum(beta[j] - pen.l1Center()[j]);
                    }
                }
                double certificate = certificate(gP, active, pen);
                if (signs && certificate <= 1 + CERTIFICATE_TOLERANCE && fp <= f + 1e-12 * Math.max(1, Math.abs(f))) {
                    return new Solution(polished, active, hessian(x, wP, pen), certificate, outer + 1, true);
                }
            }
            if (!moved) {
                double[] w0 = new double[m];
                double[] g0 = smoothGradient(d, x, family, pen, beta, d.predictor(beta), w0);
                return new Solution(beta, active, hessian(x, w0, pen), certificate(g0, active, pen), outer + 1, false);
            }
        }
        return null;
    }

    /** Newton on the active set with the signs held (the L1 gradient a constant), from β; null when singular. */
    private static double[] activeNewton(Design d, double[][] x, GeneralizedLinearModel.Family family,
                                         LinearModel.Penalties pen, double[] start, boolean[] active) {
        int m = d.rows, p = x.length;
        int[] at = new int[p];
        int size = 0;
        for (int j = 0; j < p; j++) if (active[j]) at[size++] = j;
        double[] beta = start.clone();
        double[] sign = new double[p];
        for (int j = 0; j < p; j++) sign[j] = pen.l1Weight()[j] > 0 ? Math.signum(beta[j] - pen.l1Center()[j]) : 0;
        for (int step = 0; step < 50; step++) {
            double[] w = new double[m];
            double[] g = smoothGradient(d, x, family, pen, beta, d.predictor(beta), w);
            DMatrixRMaj h = new DMatrixRMaj(size, size), rhs = new DMatrixRMaj(size, 1), delta = new DMatrixRMaj(size, 1);
            double norm = 0;
            double[][] curvature = hessian(x, w, pen, java.util.Arrays.copyOf(at, size));
            for (int a = 0; a < size; a++) {
                int j = at[a];
                double gj = g[j] + pen.l1Weight()[j] * sign[j];
                rhs.set(a, 0, -gj);
                norm = Math.max(norm, Math.abs(gj));
                for (int c = 0; c < size; c++) h.set(a, c, curvature[a][c]);
            }
            LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(size);
            if (size > 0 && !chol.setA(h)) return null;
            if (size > 0) chol.solve(rhs, delta);
            double change = 0;
            for (int a = 0; a < size; a++) {
                beta[at[a]] += delta.get(a, 0);
                change = Math.max(change, Math.abs(delta.get(a, 0)) / Math.max(1, Math.abs(beta[at[a]])));
            }
            if (!(change == change)) return null;
            if (change <= 1e-15) break;
        }
        return beta;
    }

    /** Xᵀ(μ − y) + Q(β − m), with the weights W written into w. */
    private static double[] smoothGradient(Design d, double[][] x, GeneralizedLinearModel.Family family,
                                           LinearModel.Penalties pen, double[] beta, double[] eta, double[] w) {
        int m = d.rows;
        double[] residual = new double[m];
        for (int i = 0; i < m; i++) {
            double mu = family.mean(eta[i]);
            w[i] = family.weight(mu);
            residual[i] = mu - d.y[i];
        }
        double[] g = d.transposeTimes(residual);
        for (int j = 0; j < g.length; j++) g[j] += pen.l2Precision()[j] * (beta[j] - pen.l2Center()[j]);
        return g;
    }

    private static double[][] hessian(double[][] x, double[] w, LinearModel.Penalties pen) {
        int[] all = new int[x.length];
        for (int j = 0; j < all.length; j++) all[j] = j;
        return hessian(x, w, pen, all);
    }

    /** XᵀWX + Q restricted to the given columns (rows and columns of the result in their order). */
    private static double[][] hessian(double[][] x, double[] w, LinearModel.Penalties pen, int[] columns) {
        int size = columns.length;
        double[][] h = new double[size][size];
        for (int a = 0; a < size; a++) {
            int j = columns[a];
            for (int c = a; c < size; c++) {
                int k = columns[c];
                double s = a == c ? pen.l2Precision()[j] : 0;
                for (int i = 0; i < w.length; i++) s += w[i] * x[j][i] * x[k][i];
                h[a][c] = h[c][a] = s;
            }
        }
        return h;
    }

    /** max over the coefficients at their kinks of |∂ smooth/∂β_j| / w_j. */
    private static double certificate(double[] g, boolean[] active, LinearModel.Penalties pen) {
        double worst = 0;
        for (int j = 0; j < g.length; j++) if (!active[j]) worst = Math.max(worst, Math.abs(g[j]) / pen.l1Weight()[j]);
        return worst;
    }

    /** The negative log-likelihood (without terms free of β) plus both penalties. */
    static double objective(Design d, double[][] x, GeneralizedLinearModel.Family family, LinearModel.Penalties pen,
                            double[] beta) {
        return IterativelyReweighted.negativeLogLikelihood(family, d.predictor(beta), d.y)
                + PenalizedLeastSquares.penalty(pen, beta);
    }
}
