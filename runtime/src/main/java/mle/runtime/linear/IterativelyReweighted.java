package mle.runtime.linear;

import mle.compiler.interrupt.Interruption;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.LinearModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Newton's method for a generalised linear model with its canonical link (iteratively reweighted least squares): the
 * gradient Xᵀ(μ − y) + Q(β − m) and the Hessian XᵀWX + Q come from the design in one pass each, W = μ(1 − μ) for the
 * logistic link and μ for the log link; each step solves the Hessian by Cholesky (EJML) and backtracks until the
 * negative log-likelihood falls (Armijo). The objective is convex, so the Newton decrement gᵀH⁻¹g is an honest
 * measure of the distance left; the run ends when it reaches rounding level.
 *
 * <p>It gives up (null) where the optimum may not exist: a predictor running off (|η| beyond 35 on a row while the
 * fit still improves, or, after many steps, a fitted probability within 10⁻¹⁰ of 0 or 1 or a fitted rate below
 * 10⁻¹⁰) is the sign of separation or of counts that are all zero, which the general path diagnoses and names.
 */
public final class IterativelyReweighted {
    static final int MAX_ITERATIONS = 200;
    /** |η| beyond this, on a row whose fit still improves, means a probability of 0 or 1 or a rate of 0: give up. */
    static final double RUNAWAY = 35;
    /**
     * Newton converges in a handful of steps where the optimum exists; one that creeps towards infinity takes a step of
     * about 1 in η each time. After this many steps, extreme fitted values mean the optimum is not attained.
     */
    static final int CREEPING = 20;

    private IterativelyReweighted() {
    }

    /**
     * @param coefficients β̂
     * @param hessian      XᵀWX + Q at β̂
     * @param covariance   its inverse
     * @param gradient     the gradient at β̂
     * @param decrement    the last Newton decrement gᵀH⁻¹g
     * @param iterations   Newton steps taken
     * @param runaway      null at an optimum; else why the optimum is not attained (the other fields but the
     *                     coefficients and the steps are null or NaN then)
     */
    public record Solution(double[] coefficients, double[][] hessian, double[][] covariance, double[] gradient,
                           double decrement, int iterations, String runaway) {
        static Solution runaway(double[] beta, int iterations, String why) {
            return new Solution(beta, null, null, null, Double.NaN, iterations, why);
        }
    }

    /** The optimum, its runaway, or null where the model is not finite or singular at the start. */
    public static Solution solve(Design d, GeneralizedLinearModel.Family family, LinearModel.Penalties pen) {
        int m = d.rows, p = d.columns;
        // The one m×p matrix besides the design: √W·X, refilled at each step.
        DMatrixRMaj weighted = new DMatrixRMaj(m, p);
        double[] beta = pen.l2Center().clone();
        double f = value(d, family, pen, beta);
        if (!Double.isFinite(f)) return null;
        double[] g = new double[p];
        DMatrixRMaj h = new DMatrixRMaj(p, p);
        double decrement = Double.POSITIVE_INFINITY;
        boolean finalStep = false;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            Interruption.check("iteratively reweighted least squares");
            double[] eta = d.predictor(beta);
            derivatives(d, weighted, family, pen, beta, eta, g, h);
            LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(p);
            if (!chol.setA(h.copy())) {
                return iteration == 0 ? null : Solution.runaway(beta, iteration, "XᵀWX became singular as the weights "
                        + "of " + extremes(family, eta) + " fell to 0");
            }
            DMatrixRMaj step = new DMatrixRMaj(p, 1), rhs = new DMatrixRMaj(p, 1, true, g.clone());
            chol.solve(rhs, step);
            CommonOps_DDRM.scale(-1, step);
            decrement = 0;
            for (int j = 0; j < p; j++) decrement -= g[j] * step.get(j, 0);
            // gᵀH⁻¹g ≥ 0 with H positive definite; a value just below 0 is rounding, at the optimum of a large table.
            if (!(decrement >= -1e-12)) return null;
            decrement = Math.max(0, decrement);
            // Done after the one step more that a small decrement earns, or at a decrement whose step would move β
            // by less than its rounding (a decrement of 1e-18 still leaves β off by 1e-9 standard errors).
            if (finalStep || decrement <= 1e-30 * Math.max(1, Math.abs(f))) {
                if (iteration >= CREEPING && degenerate(family, eta)) {
                    return Solution.runaway(beta, iteration, extremes(family, eta) + " after " + iteration
                            + " Newton steps that crept towards them");
                }
                DMatrixRMaj inverse = new DMatrixRMaj(p, p);
                chol.invert(inverse);
                double[][] cov = new double[p][p], hess = new double[p][p];
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        cov[i][j] = inverse.get(i, j);
                        hess[i][j] = h.get(i, j);
                    }
                }
                return new Solution(beta, hess, cov, g.clone(), decrement, iteration, null);
            }
            // Backtrack until the objective falls enough (Armijo), from the full Newton step. Within 10⁻³ standard
            // errors of the optimum (a decrement below 10⁻⁶) the full step is taken as it is: the fall it promises is
            // then below the rounding of a large table's objective, where the test would halve sound steps forever.
            boolean nearOptimum = decrement <= 1e-6;
            double t = 1;
            double[] trial = new double[p];
            double ft = Double.NaN;
            for (int halving = 0; halving < 60; halving++, t *= 0.5) {
                for (int j = 0; j < p; j++) trial[j] = beta[j] + t * step.get(j, 0);
                ft = value(d, family, pen, trial);
                if (nearOptimum || ft <= f - 1e-4 * t * decrement) break;
            }
            if (nearOptimum && Double.isFinite(ft)) ft = Math.min(ft, f);
            if (!(ft <= f)) {
                // No decrease at rounding level: this is the optimum; one last pass for its Hessian.
                finalStep = true;
                continue;
            }
            beta = trial.clone();
            double before = f;
            f = ft;
            double[] etaAfter = d.predictor(beta);
            double largest = 0;
            for (double e : etaAfter) largest = Math.max(largest, Math.abs(e));
            if (largest > RUNAWAY && before - f > 1e-12 * Math.max(1, Math.abs(f))) {
                return Solution.runaway(beta, iteration + 1, extremes(family, etaAfter) + ", and the fit still improves "
                        + "as the coefficients grow");
            }
            // Quadratic convergence: one step more is enough. The decrement is the squared distance to the optimum in
            // standard errors whatever the number of rows, so the threshold is absolute: scaled by the objective
            // (which grows with the rows), a million-row fit stopped 10⁻⁵ standard errors short.
            if (decrement <= 1e-12) finalStep = true;
        }
        return Solution.runaway(beta, MAX_ITERATIONS, "no optimum after " + MAX_ITERATIONS + " Newton steps");
    }

    /** "12 rows with fitted probabilities within 10⁻¹⁰ of 0 or 1" (or rates below 10⁻¹⁰). */
    static String extremes(GeneralizedLinearModel.Family family, double[] eta) {
        int count = 0;
        for (double e : eta) {
            if (family == GeneralizedLinearModel.Family.LOGISTIC ? Math.abs(e) > 23 : e < -23) count++;
        }
        return count + " row" + (count == 1 ? "" : "s") + (family == GeneralizedLinearModel.Family.LOGISTIC
                ? " with fitted probabilities within 10⁻¹⁰ of 0 or 1" : " with fitted rates below 10⁻¹⁰");
    }

    /**
     * Whether some fitted probability is 0 or 1, or some fitted rate 0, to within 10⁻¹⁰: where the optimum lies at
     * infinity (separation, counts that are all zero), Newton's steps creep towards it and the decrement looks small.
     * Alone it is no proof (a strong predictor can give such a row a legitimate fit); with many steps it is.
     */
    static boolean degenerate(GeneralizedLinearModel.Family family, double[] eta) {
        for (double e : eta) {
            if (family == GeneralizedLinearModel.Family.LOGISTIC ? Math.abs(e) > 23 : e < -23) return true;
        }
        return false;
    }

    /** The negative log-likelihood without the terms free of β, plus the ridge penalty. */
    static double value(Design d, GeneralizedLinearModel.Family family, LinearModel.Penalties pen,
                        double[] beta) {
        double f = negativeLogLikelihood(family, d.predictor(beta), d.y);
        for (int j = 0; j < beta.length; j++) {
            double dm = beta[j] - pen.l2Center()[j];
            f += 0.5 * pen.l2Precision()[j] * dm * dm;
        }
        return f;
    }

    /** Σ log(1 + e^η) − yη (logistic) or Σ e^η − yη (log), without the terms free of η. */
    static double negativeLogLikelihood(GeneralizedLinearModel.Family family, double[] eta, double[] y) {
        double f = 0;
        for (int i = 0; i < eta.length; i++) f += negativeLogLikelihood(family, eta[i], y[i]);
        return f;
    }

    /** One row's log(1 + e^η) − yη (logistic) or e^η − yη (log). */
    static double negativeLogLikelihood(GeneralizedLinearModel.Family family, double eta, double y) {
        return family == GeneralizedLinearModel.Family.LOGISTIC
                ? (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))) - y * eta
                : Math.exp(eta) - y * eta;
    }

    /** g = Xᵀ(μ − y) + Q(β − m), the gradient of the objective in the coefficients, at η = Xβ. */
    public static double[] gradient(Design d, GeneralizedLinearModel.Family family, LinearModel.Penalties pen,
                                    double[] beta, double[] eta) {
        double[] residual = new double[d.rows];
        for (int i = 0; i < d.rows; i++) residual[i] = family.mean(eta[i]) - d.y[i];
        double[] g = d.transposeTimes(residual);
        for (int j = 0; j < g.length; j++) g[j] += pen.l2Precision()[j] * (beta[j] - pen.l2Center()[j]);
        return g;
    }

    /** g as {@link #gradient} and H = XᵀWX + Q, XᵀWX as (√W·X)ᵀ(√W·X) on every core ({@link Gram}). */
    private static void derivatives(Design d, DMatrixRMaj weighted, GeneralizedLinearModel.Family family,
                                    LinearModel.Penalties pen, double[] beta, double[] eta, double[] g, DMatrixRMaj h) {
        int m = d.rows, p = d.columns;
        double[] data = weighted.data;
        for (int i = 0; i < m; i++) {
            double root = Math.sqrt(family.weight(family.mean(eta[i])));
            for (int j = 0; j < p; j++) data[i * p + j] = root * d.hi[j][i];
        }
        Gram.weighted(weighted, null, h, "iteratively reweighted least squares");
        System.arraycopy(gradient(d, family, pen, beta, eta), 0, g, 0, p);
        for (int j = 0; j < p; j++) h.add(j, j, pen.l2Precision()[j]);
    }
}
