package mle.runtime.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import mle.compiler.interrupt.Interruption;
import mle.compiler.lower.GeneralizedLinearModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A logistic or Poisson regression with two groupings' effects, η = offset + Xβ + α[g] + γ[h], by Newton's method in
 * its iteratively reweighted least-squares form (the canonical link makes them the same steps): each step projects the
 * working response and the columns off both groupings in the weights' inner product ({@link TwoWayLeastSquares}'
 * conjugate gradients), solves the p×p weighted normal equations for β, and takes the effects from the projections,
 * which are linear. A step that does not lower the objective is halved.
 *
 * <p>A level whose outcomes make its effect run off (counts all zero; outcomes all 0 or all 1) has no finite optimum:
 * its rows are set aside before the iterations (and again, for the other grouping's levels they leave without rows),
 * as their limit contributes nothing, and the level is named. The effects are determined only up to a constant moved
 * from one grouping to the other in each connected set of levels, as with least squares.
 */
public final class TwoWayNewton {
    private TwoWayNewton() {}

    private static final int MAX_STEPS = 200;

    /**
     * @param coefficients β̂
     * @param alpha        g's effects: ∓∞ for a level that runs off, NaN for one without rows
     * @param gamma        h's effects, likewise, with the lowest-numbered level of h in each connected set at 0
     * @param covariance   (X̃ᵀWX̃)⁻¹ at the optimum: β̂'s covariance
     * @param runawayG     g's levels (0-based) whose effect runs off, in order
     * @param runawayH     h's levels, likewise
     * @param value        the objective at the optimum, without the terms free of η (the runaway rows' limits are 0)
     * @param decrement    the last step's Newton decrement Σ w·Δη²
     * @param converged    whether the decrement fell to rounding and every projection reached its tolerance
     */
    public record Solution(double[] coefficients, double[] alpha, double[] gamma, double[][] covariance, int[] runawayG,
                           int[] runawayH, int sets, double value, double decrement, int iterations, boolean converged) {}

    /** @return the optimum, or null where the weighted normal equations are singular (a column the effects absorb) */
    public static Solution solve(Design d, GeneralizedLinearModel.Family family, int[] g, int gLevels, int[] h,
                                 int hLevels) {
        int m = d.rows, p = d.columns;
        double[] y = d.y;
        boolean[] kept = new boolean[m];
        java.util.Arrays.fill(kept, true);
        double[] alphaOff = new double[gLevels], gammaOff = new double[hLevels];
        setAside(family, y, g, gLevels, h, hLevels, kept, alphaOff, gammaOff);
        // Newton from the data: μ between y and its mean, away from the support's edge (R's mustart).
        double mean = 0;
        int rowsKept = 0;
        for (int i = 0; i < m; i++) {
            if (!kept[i]) continue;
            mean += y[i];
            rowsKept++;
        }
        mean /= Math.max(1, rowsKept);
        double[] eta = new double[m];
        for (int i = 0; i < m; i++) {
            double mu = family == GeneralizedLinearModel.Family.LOGISTIC ? (y[i] + 0.5) / 2 : (y[i] + mean) / 2 + 0.1;
            eta[i] = family == GeneralizedLinearModel.Family.LOGISTIC ? Math.log(mu / (1 - mu)) : Math.log(mu);
        }
        double f = Double.POSITIVE_INFINITY, decrement = Double.POSITIVE_INFINITY, previous = Double.POSITIVE_INFINITY;
        double[] beta = new double[p], effects = new double[gLevels + hLevels];
        double[][] covariance = null;
        TwoWayLeastSquares.Groupings groups = null;
        boolean converged = false;
        int step = 0;
        for (; step < MAX_STEPS; step++) {
            Interruption.check("Newton's method with two groupings' effects eliminated");
            // The first step solves for the point (the working response η + (y − μ)/w from the start's η); the others
            // for the step (the working residual (y − μ)/w at the current point), whose projections' tolerance is then
            // relative to the gradient, so that the steps keep their digits as they shrink.
            boolean first = step == 0;
            double[] w = new double[m], v = new double[m];
            for (int i = 0; i < m; i++) {
                if (!kept[i]) continue;
                double mu = family.mean(eta[i]);
                w[i] = family.weight(mu);
                v[i] = (first ? eta[i] - d.offset[i] : 0) + (y[i] - mu) / w[i];
            }
            groups = new TwoWayLeastSquares.Groupings(g, gLevels, h, hLevels, w);
            Newton n = newtonStep(d, groups, w, v);
            if (n == null) return null;
            double[] nextBeta = n.beta.clone(), nextEffects = n.effects.clone();
            if (!first) {
                for (int j = 0; j < p; j++) nextBeta[j] += beta[j];
                for (int l = 0; l < nextEffects.length; l++) nextEffects[l] += effects[l];
            }
            double[] target = predictor(d, nextBeta, nextEffects, g, h, gLevels, kept);
            decrement = 0;
            for (int i = 0; i < m; i++) if (kept[i]) decrement += w[i] * (target[i] - eta[i]) * (target[i] - eta[i]);
            // Near the optimum (a decrement of 10⁻⁶: a thousandth of a standard error) Newton's full step is taken, as
            // the objective's change there is below its rounding; farther out, halved until the objective does not rise.
            boolean near = decrement <= 1e-6;
            double t = 1, ft = value(family, target, y, kept);
            double[] trial = target;
            for (int halving = 0; halving < 50 && !(ft <= f) && !first && !near; halving++) {
                t *= 0.5;
                trial = new double[m];
                for (int i = 0; i < m; i++) trial[i] = eta[i] + t * (target[i] - eta[i]);
                ft = value(family, trial, y, kept);
            }
            covariance = n.inverse;
            if (!(ft <= f) && !first && !near) break;   // no step lowers it, far from the optimum: not converged
            for (int j = 0; j < p; j++) beta[j] = first ? nextBeta[j] : beta[j] + t * (nextBeta[j] - beta[j]);
            for (int l = 0; l < effects.length; l++) effects[l] = first ? nextEffects[l] : effects[l] + t * (nextEffects[l] - effects[l]);
            eta = trial;
            f = Math.min(ft, f);
            // Converged where the decrement is at rounding, or stops shrinking there (the projections' own rounding).
            if (!first && (decrement <= 1e-24 * Math.max(1, Math.abs(f))
                    || (decrement <= 1e-14 * Math.max(1, Math.abs(f)) && decrement > 0.1 * previous))) {
                converged = n.projected;
                break;
            }
            previous = decrement;
        }
        groups.normalise(effects);
        double[] alpha = new double[gLevels], gamma = new double[hLevels];
        for (int l = 0; l < gLevels; l++) {
            alpha[l] = alphaOff[l] != 0 ? alphaOff[l] : groups.gCounts[l] == 0 ? Double.NaN : effects[l];
        }
        for (int l = 0; l < hLevels; l++) {
            gamma[l] = gammaOff[l] != 0 ? gammaOff[l] : groups.hCounts[l] == 0 ? Double.NaN : effects[gLevels + l];
        }
        return new Solution(beta, alpha, gamma, covariance, offLevels(alphaOff), offLevels(gammaOff), groups.sets(),
                value(family, eta, y, kept), decrement, step + 1, converged);
    }

    /** A weighted least-squares solve on [X D]: β, the effects, (X̃ᵀWX̃)⁻¹, and whether every projection converged. */
    private record Newton(double[] beta, double[] effects, double[][] inverse, boolean projected) {}

    /** The weighted least-squares fit of v by [X D], or null where a column is absorbed by the effects. */
    private static Newton newtonStep(Design d, TwoWayLeastSquares.Groupings groups, double[] w, double[] v) {
        int m = d.rows, p = d.columns;
        double[][] columns = new double[p + 1][];
        for (int j = 0; j < p; j++) columns[j] = d.column(j);
        columns[p] = v;
        TwoWayLeastSquares.Projection[] q = IntStream.rangeClosed(0, p).parallel()
                .mapToObj(j -> groups.project(columns[j])).toArray(TwoWayLeastSquares.Projection[]::new);
        boolean projected = true;
        for (TwoWayLeastSquares.Projection one : q) projected &= one.converged();
        double[][] normal = new double[p][p];
        double[] right = new double[p];
        for (int a = 0; a < p; a++) {
            double[] xa = q[a].left();
            double whole = 0;
            for (int i = 0; i < m; i++) {
                right[a] += w[i] * xa[i] * q[p].left()[i];
                whole += w[i] * columns[a][i] * columns[a][i];
            }
            for (int b = 0; b <= a; b++) {
                double[] xb = q[b].left();
                double sum = 0;
                for (int i = 0; i < m; i++) sum += w[i] * xa[i] * xb[i];
                normal[a][b] = normal[b][a] = sum;
            }
            // A column that is a sum of a value per level of g and one per level of h projects to its rounding.
            if (normal[a][a] <= 1e-20 * whole) return null;
        }
        double[][] inverse = inverse(normal);
        if (inverse == null) return null;
        double[] beta = new double[p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) beta[a] += inverse[a][b] * right[b];
        return new Newton(beta, TwoWayLeastSquares.effectsOf(q, beta), inverse, projected);
    }

    /**
     * Sets aside the rows of levels whose effect runs off (−∞ where the counts are all zero or the outcomes all 0, +∞
     * where they are all 1), level by level of either grouping, until no level of the rows kept is such a one.
     */
    private static void setAside(GeneralizedLinearModel.Family family, double[] y, int[] g, int gLevels, int[] h,
                                 int hLevels, boolean[] kept, double[] alphaOff, double[] gammaOff) {
        boolean changed = true;
        while (changed) {
            changed = false;
            double[] gSum = new double[gLevels], gRows = new double[gLevels], hSum = new double[hLevels], hRows = new double[hLevels];
            for (int i = 0; i < y.length; i++) {
                if (!kept[i]) continue;
                gSum[g[i]] += y[i];
                gRows[g[i]]++;
                hSum[h[i]] += y[i];
                hRows[h[i]]++;
            }
            double[] gOff = new double[gLevels], hOff = new double[hLevels];
            for (int l = 0; l < gLevels; l++) gOff[l] = runsOff(family, gSum[l], gRows[l]);
            for (int l = 0; l < hLevels; l++) hOff[l] = runsOff(family, hSum[l], hRows[l]);
            for (int i = 0; i < y.length; i++) {
                if (kept[i] && (gOff[g[i]] != 0 || hOff[h[i]] != 0)) {
                    kept[i] = false;
                    changed = true;
                }
            }
            for (int l = 0; l < gLevels; l++) if (gOff[l] != 0) alphaOff[l] = gOff[l];
            for (int l = 0; l < hLevels; l++) if (hOff[l] != 0) gammaOff[l] = hOff[l];
        }
    }

    private static double runsOff(GeneralizedLinearModel.Family family, double sum, double rows) {
        if (rows == 0) return 0;
        if (sum == 0) return Double.NEGATIVE_INFINITY;
        return family == GeneralizedLinearModel.Family.LOGISTIC && sum == rows ? Double.POSITIVE_INFINITY : 0;
    }

    private static int[] offLevels(double[] off) {
        List<Integer> out = new ArrayList<>();
        for (int l = 0; l < off.length; l++) if (off[l] != 0) out.add(l);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** offset + Xβ + α[g] + γ[h] on the rows kept. */
    private static double[] predictor(Design d, double[] beta, double[] effects, int[] g, int[] h, int gLevels,
                                      boolean[] kept) {
        double[] eta = d.predictor(beta);
        for (int i = 0; i < eta.length; i++) if (kept[i]) eta[i] += effects[g[i]] + effects[gLevels + h[i]];
        return eta;
    }

    private static double value(GeneralizedLinearModel.Family family, double[] eta, double[] y, boolean[] kept) {
        double f = 0;
        for (int i = 0; i < eta.length; i++) if (kept[i]) f += IterativelyReweighted.negativeLogLikelihood(family, eta[i], y[i]);
        return f;
    }

    /** The inverse of a symmetric positive definite matrix, or null where it is not. */
    private static double[][] inverse(double[][] a) {
        int p = a.length;
        double[][] out = new double[p][p];
        if (p == 0) return out;
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(p);
        if (!chol.setA(new DMatrixRMaj(a))) return null;
        DMatrixRMaj inv = new DMatrixRMaj(p, p);
        chol.invert(inv);
        for (int j = 0; j < p; j++) for (int k = 0; k < p; k++) out[j][k] = inv.get(j, k);
        return out;
    }
}
