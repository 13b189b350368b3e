package mle.runtime.linear;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.interrupt.Interruption;
import mle.compiler.lower.GeneralizedLinearModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A canonical-link GLM (logistic or Poisson regression) with one grouping's effects, η = offset + Xβ + α[g], by
 * Newton's method with the levels eliminated: the Hessian is [XᵀWX  B; Bᵀ D] with D diagonal (each level's Σw), so a
 * step solves the Schur complement S = XᵀWX − B·D⁻¹·Bᵀ (p×p) and back-substitutes each level, O(rows·p² + levels·p²)
 * per step where the dense design would cost O(rows·(p + levels)²). At the optimum S⁻¹ is β̂'s covariance and a
 * level's variance is 1/D_g + c_gᵀS⁻¹c_g with c_g = B_g/D_g: the exact inverse Hessian's blocks, never formed whole.
 *
 * <p>A level whose outcomes leave its effect no finite optimum (counts that are all 0; outcomes that are all 0 or all 1)
 * is found before any step: its effect runs off to ∓∞, where its rows' likelihood is 1, so the others are fitted
 * without those rows, which is the limit of the fit with them, and the level is named.
 */
public final class GroupedNewton {
    private static final int MAX_ITERATIONS = 200;

    private GroupedNewton() {}

    /**
     * @param coefficients    β̂
     * @param effects         α̂ by level: ∓∞ for a level that runs off (see {@code runaway}), NaN for one without rows
     * @param covariance      S⁻¹ at the optimum: β̂'s covariance
     * @param effectVariances each α̂'s variance (NaN where the effect is not finite)
     * @param decrement       the last Newton decrement gᵀH⁻¹g
     * @param iterations      Newton steps taken
     * @param runaway         the levels (0-based) whose effect runs off to infinity, in order
     * @param value           the objective at the optimum, Σ log(1 + e^η) − yη or e^η − yη (without the rows' constants
     *                        such as log y!), the levels that run off at their limit 0
     */
    public record Solution(double[] coefficients, double[] effects, double[][] covariance, double[] effectVariances,
                           double decrement, int iterations, int[] runaway, double value) {}

    /**
     * @param group  each row's level, 0..levels − 1
     * @return the optimum, or null where Newton does not reach one (S singular: a shared column the effects absorb;
     *         no decrease; too many steps)
     */
    public static Solution solve(Design d, GeneralizedLinearModel.Family family, int[] group, int levels) {
        int m = d.rows, p = d.columns;
        double[] ySum = new double[levels], count = new double[levels];
        boolean[] notAllOne = new boolean[levels];
        for (int i = 0; i < m; i++) {
            ySum[group[i]] += d.y[i];
            count[group[i]]++;
            if (d.y[i] != 1) notAllOne[group[i]] = true;
        }
        List<Integer> runawayLevels = new ArrayList<>();
        double[] alpha = new double[levels];
        boolean[] active = new boolean[levels];
        for (int g = 0; g < levels; g++) {
            if (count[g] == 0) {
                alpha[g] = Double.NaN;
            } else if (ySum[g] == 0) {
                alpha[g] = Double.NEGATIVE_INFINITY;
                runawayLevels.add(g);
            } else if (family == GeneralizedLinearModel.Family.LOGISTIC && !notAllOne[g]) {
                alpha[g] = Double.POSITIVE_INFINITY;
                runawayLevels.add(g);
            } else {
                active[g] = true;
                // The level's own mean as its start: what its effect would be with β = 0 and no offset.
                double mean = ySum[g] / count[g];
                alpha[g] = family == GeneralizedLinearModel.Family.LOGISTIC ? Math.log(mean / (1 - mean)) : Math.log(mean);
            }
        }
        double[] beta = new double[p];
        double f = value(d, family, group, active, beta, alpha);
        if (!Double.isFinite(f)) return null;
        double decrement = Double.POSITIVE_INFINITY;
        boolean finalStep = false;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            Interruption.check("Newton's method with the groups' effects eliminated");
            Blocks h = blocks(d, family, group, active, beta, alpha, levels);
            Schur s = Schur.of(h, active);
            if (s == null) return null;
            double[] rhs = h.gBeta.clone();
            for (int j = 0; j < p; j++) rhs[j] = -rhs[j];
            for (int g = 0; g < levels; g++) {
                if (!active[g]) continue;
                for (int j = 0; j < p; j++) rhs[j] += h.b[g][j] * h.gAlpha[g] / h.d[g];
            }
            double[] dBeta = s.solve(rhs);
            double[] dAlpha = new double[levels];
            decrement = 0;
            for (int j = 0; j < p; j++) decrement -= h.gBeta[j] * dBeta[j];
            for (int g = 0; g < levels; g++) {
                if (!active[g]) continue;
                double bd = 0;
                for (int j = 0; j < p; j++) bd += h.b[g][j] * dBeta[j];
                dAlpha[g] = (-h.gAlpha[g] - bd) / h.d[g];
                decrement -= h.gAlpha[g] * dAlpha[g];
            }
            if (!(decrement >= -1e-12)) return null;
            decrement = Math.max(0, decrement);
            if (finalStep || decrement <= 1e-30 * Math.max(1, Math.abs(f))) {
                double[] variances = new double[levels];
                double[][] cov = s.inverse();
                for (int g = 0; g < levels; g++) {
                    if (!active[g]) {
                        variances[g] = Double.NaN;
                        continue;
                    }
                    double q = 0;
                    for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) q += h.b[g][a] * cov[a][b] * h.b[g][b];
                    variances[g] = 1 / h.d[g] + q / (h.d[g] * h.d[g]);
                }
                return new Solution(beta, alpha, cov, variances, decrement, iteration,
                        runawayLevels.stream().mapToInt(Integer::intValue).toArray(), f);
            }
            // Backtracking from the full step, as iteratively reweighted least squares does (its comments say why).
            boolean nearOptimum = decrement <= 1e-6;
            double t = 1, ft = Double.NaN;
            double[] trialBeta = new double[p], trialAlpha = alpha.clone();
            for (int halving = 0; halving < 60; halving++, t *= 0.5) {
                for (int j = 0; j < p; j++) trialBeta[j] = beta[j] + t * dBeta[j];
                for (int g = 0; g < levels; g++) if (active[g]) trialAlpha[g] = alpha[g] + t * dAlpha[g];
                ft = value(d, family, group, active, trialBeta, trialAlpha);
                if (nearOptimum || ft <= f - 1e-4 * t * decrement) break;
            }
            if (nearOptimum && Double.isFinite(ft)) ft = Math.min(ft, f);
            if (!(ft <= f)) {
                finalStep = true;
                continue;
            }
            beta = trialBeta.clone();
            alpha = trialAlpha.clone();
            f = ft;
            if (decrement <= 1e-12) finalStep = true;
        }
        return null;
    }

    /** The gradient and the Hessian's blocks at (β, α): g_β, g_α, XᵀWX, B (by level) and D. */
    private record Blocks(double[] gBeta, double[] gAlpha, double[][] a, double[][] b, double[] d) {}

    private static Blocks blocks(Design d, GeneralizedLinearModel.Family family, int[] group, boolean[] active,
                                 double[] beta, double[] alpha, int levels) {
        int m = d.rows, p = d.columns;
        double[] eta = d.predictor(beta);
        double[] gBeta = new double[p], gAlpha = new double[levels], dd = new double[levels];
        double[][] a = new double[p][p], b = new double[levels][p];
        for (int i = 0; i < m; i++) {
            int g = group[i];
            if (!active[g]) continue;
            double e = eta[i] + alpha[g], mu = family.mean(e), w = family.weight(mu), r = mu - d.y[i];
            gAlpha[g] += r;
            dd[g] += w;
            for (int j = 0; j < p; j++) {
                double x = d.hi[j][i];
                gBeta[j] += r * x;
                b[g][j] += w * x;
                for (int k = 0; k <= j; k++) a[j][k] += w * x * d.hi[k][i];
            }
        }
        for (int j = 0; j < p; j++) for (int k = 0; k < j; k++) a[k][j] = a[j][k];
        return new Blocks(gBeta, gAlpha, a, b, dd);
    }

    /** S = XᵀWX − Σ_g B_gB_gᵀ/D_g, factored. */
    private record Schur(LinearSolverDense<DMatrixRMaj> cholesky, int p) {
        static Schur of(Blocks h, boolean[] active) {
            int p = h.a.length;
            DMatrixRMaj s = new DMatrixRMaj(p, p);
            for (int j = 0; j < p; j++) for (int k = 0; k < p; k++) s.set(j, k, h.a[j][k]);
            for (int g = 0; g < h.d.length; g++) {
                if (!active[g]) continue;
                for (int j = 0; j < p; j++) for (int k = 0; k < p; k++) s.add(j, k, -h.b[g][j] * h.b[g][k] / h.d[g]);
            }
            LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(Math.max(p, 1));
            if (p > 0 && !chol.setA(s)) return null;
            return new Schur(chol, p);
        }

        double[] solve(double[] rhs) {
            if (p == 0) return new double[0];
            DMatrixRMaj x = new DMatrixRMaj(p, 1);
            cholesky.solve(new DMatrixRMaj(p, 1, true, rhs), x);
            return x.data.clone();
        }

        double[][] inverse() {
            double[][] out = new double[p][p];
            if (p == 0) return out;
            DMatrixRMaj inv = new DMatrixRMaj(p, p);
            cholesky.invert(inv);
            for (int j = 0; j < p; j++) for (int k = 0; k < p; k++) out[j][k] = inv.get(j, k);
            return out;
        }
    }

    /** The negative log-likelihood of the active levels' rows, without the terms free of η. */
    private static double value(Design d, GeneralizedLinearModel.Family family, int[] group, boolean[] active,
                                double[] beta, double[] alpha) {
        double[] eta = d.predictor(beta);
        double f = 0;
        for (int i = 0; i < d.rows; i++) {
            int g = group[i];
            if (!active[g]) continue;
            f += IterativelyReweighted.negativeLogLikelihood(family, eta[i] + alpha[g], d.y[i]);
        }
        return f;
    }
}
