package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * A Poisson regression with 250 group effects, fitted with the effects eliminated, against an estimator written
 * differently: the conditional likelihood given each group's total, Σ_g Σ_{i∈g} y_i·(x_i·β − log Σ_{j∈g} e^{x_j·β}),
 * maximised over β alone (Hausman, Hall and Griliches 1984). For the Poisson its maximiser is the slope of the model
 * with the effects, and its curvature is the slope's profile information, so both the estimate and its standard error
 * must agree; a group whose counts are all zero adds nothing to it, and its effect runs off to −∞.
 */
class ManyGroupEffectsPoissonTest {
    private static final int LEVELS = 250, PER_LEVEL = 4, ROWS = LEVELS * PER_LEVEL;
    private static final String MODEL = "data g, x, k\nparam a[" + LEVELS + "], b\nk ~ PoissonLog(a[g] + b * x)\n";

    @Test
    void theSlopeAndItsStandardErrorAreTheConditionalEstimators() {
        double[][] data = counts(false);
        double[] conditional = conditional(data[0], data[1], data[2]);
        FitResult fit = Model.compile(MODEL).fit(DataTable.of(List.of("g", "x", "k"), List.of(data)));
        assertEquals(Verdict.CONVERGED_NEWTON_DECREMENT, fit.verdict(), fit.message());
        assertTrue(fit.search().method().startsWith("Newton's method with the groups' effects eliminated"), fit.search().method());
        assertEquals(conditional[0], fit.estimate("b").value(), 1e-10);
        assertEquals(conditional[1], fit.estimate("b").standardError(), 1e-8 * conditional[1]);
    }

    @Test
    void aGroupOfZeroCountsRunsOffAndTheOthersAreItsLimit() {
        double[][] data = counts(true);
        double[] conditional = conditional(data[0], data[1], data[2]);
        FitResult fit = Model.compile(MODEL).fit(DataTable.of(List.of("g", "x", "k"), List.of(data)));
        assertEquals(Verdict.AT_BOUNDARY, fit.verdict(), fit.message());
        assertTrue(fit.message().contains("the effect of level 17 of `g` runs off to −∞"), fit.message());
        assertEquals(Double.NEGATIVE_INFINITY, fit.estimate("a[17]").value());
        assertEquals(conditional[0], fit.estimate("b").value(), 1e-10);
    }

    @Test
    void theSlopesProfileIsTheConditionalLikelihoods() {
        // For the Poisson the effects profiled out leave the conditional log-likelihood plus a constant, so the profile
        // interval's ends are where 2·(ℓc(β̂) − ℓc(β)) = χ²₁(0.95).
        double[][] data = counts(false);
        DataTable table = DataTable.of(List.of("g", "x", "k"), List.of(data));
        Model m = Model.compile(MODEL);
        FitResult fit = m.fit(table);
        List<ProfileInterval> profile = m.profile(table, fit, List.of());
        assertEquals(1, profile.size(), "a bare --profile gives the shared coefficient's only");
        double top = conditionalLogLikelihood(data, fit.estimate("b").value());
        for (double end : new double[] {profile.get(0).lower(), profile.get(0).upper()}) {
            assertEquals(3.841458820694124, 2 * (top - conditionalLogLikelihood(data, end)), 1e-7, "b at " + end);
        }
        OptionException effect = org.junit.jupiter.api.Assertions.assertThrows(OptionException.class,
                () -> m.profile(table, fit, List.of("a[3]")));
        assertTrue(effect.getMessage().contains("profile intervals for its shared coefficients only"), effect.getMessage());
    }

    /** Σ_g Σ_{i∈g} k_i·(x_i·β − log Σ_{j∈g} e^{x_j·β}). */
    private static double conditionalLogLikelihood(double[][] data, double beta) {
        double[] s0 = new double[LEVELS + 1];
        for (int i = 0; i < ROWS; i++) s0[(int) data[0][i]] += Math.exp(data[1][i] * beta);
        double l = 0;
        for (int i = 0; i < ROWS; i++) l += data[2][i] * (data[1][i] * beta - Math.log(s0[(int) data[0][i]]));
        return l;
    }

    /** {g, x, k}: counts from exp(3 + cos g + 0.7·x), none all 0 by chance; with {@code zeros}, level 17's counts all 0. */
    private static double[][] counts(boolean zeros) {
        SplittableRandom random = new SplittableRandom(13);
        double[] g = new double[ROWS], x = new double[ROWS], k = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            g[i] = 1 + i % LEVELS;
            x[i] = random.nextDouble() * 2 - 1;
            double rate = Math.exp(3 + Math.cos(g[i]) + 0.7 * x[i]);
            double l = Math.exp(-rate), product = random.nextDouble();
            int count = 0;
            while (product > l) {
                product *= random.nextDouble();
                count++;
            }
            k[i] = zeros && g[i] == 17 ? 0 : count;
        }
        return new double[][] {g, x, k};
    }

    /** β̂ of the conditional likelihood by Newton's method in one dimension, and 1/√(its curvature there). */
    private static double[] conditional(double[] g, double[] x, double[] k) {
        double beta = 0, curvature = 0;
        for (int step = 0; step < 50; step++) {
            double[] s0 = new double[LEVELS + 1], s1 = new double[LEVELS + 1], s2 = new double[LEVELS + 1], total = new double[LEVELS + 1];
            double gradient = 0;
            for (int i = 0; i < ROWS; i++) {
                int level = (int) g[i];
                double w = Math.exp(x[i] * beta);
                s0[level] += w;
                s1[level] += w * x[i];
                s2[level] += w * x[i] * x[i];
                total[level] += k[i];
                gradient += k[i] * x[i];
            }
            curvature = 0;
            for (int level = 1; level <= LEVELS; level++) {
                double mean = s1[level] / s0[level];
                gradient -= total[level] * mean;
                curvature += total[level] * (s2[level] / s0[level] - mean * mean);
            }
            beta += gradient / curvature;
        }
        return new double[] {beta, 1 / Math.sqrt(curvature)};
    }
}
