package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import mle.compiler.lower.GeneralizedLinearModel;
import org.junit.jupiter.api.Test;

/**
 * Two groupings' effects in a Poisson and a logistic regression, against a different method on a different design:
 * GroupedNewton's Schur complement with g eliminated and a dummy column per level of h but the first (so γ of h's first
 * level is 0 there, as here).
 */
class TwoWayNewtonTest {
    private static final int G = 60, H = 8, M = 1500;

    private record Data(int[] g, int[] h, double[] x, double[] y) {}

    private static Data data(GeneralizedLinearModel.Family family, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] g = new int[M], h = new int[M];
        double[] x = new double[M], y = new double[M];
        for (int i = 0; i < M; i++) {
            g[i] = i < G ? i : random.nextInt(G);
            h[i] = i < H ? i : random.nextInt(H);
            x[i] = random.nextDouble() * 2 - 1 + 0.01 * g[i];
            double eta = 0.3 * Math.sin(g[i]) + 0.2 * h[i] - 0.5 + 0.8 * x[i];
            if (family == GeneralizedLinearModel.Family.LOG) {
                double rate = Math.exp(eta), l = Math.exp(-rate), product = random.nextDouble();
                int count = 0;
                while (product > l) {
                    product *= random.nextDouble();
                    count++;
                }
                y[i] = count;
            } else {
                y[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
            }
        }
        return new Data(g, h, x, y);
    }

    private static void agrees(GeneralizedLinearModel.Family family, Data d) {
        TwoWayNewton.Solution s = TwoWayNewton.solve(Design.ofColumns(new double[][] {d.x}, d.y), family, d.g, G, d.h, H);
        double[][] columns = new double[H][M];
        columns[0] = d.x;
        for (int i = 0; i < M; i++) if (d.h[i] > 0) columns[d.h[i]][i] = 1;
        GroupedNewton.Solution dense = GroupedNewton.solve(Design.ofColumns(columns, d.y), family, d.g, G);
        assertTrue(s.converged());
        assertEquals(1, s.sets());
        assertEquals(dense.coefficients()[0], s.coefficients()[0], 1e-9, "β");
        assertEquals(Math.sqrt(dense.covariance()[0][0]), Math.sqrt(s.covariance()[0][0]), 1e-8, "SE of β");
        assertEquals(0.0, s.gamma()[0]);
        for (int l = 1; l < H; l++) assertEquals(dense.coefficients()[l], s.gamma()[l], 1e-8, "γ" + l);
        for (int l = 0; l < G; l++) {
            if (Double.isInfinite(dense.effects()[l])) assertEquals(dense.effects()[l], s.alpha()[l], "α" + l);
            else assertEquals(dense.effects()[l], s.alpha()[l], 1e-8, "α" + l);
        }
        assertArrayEquals(dense.runaway(), s.runawayG());
        assertEquals(dense.value(), s.value(), 1e-9 * Math.abs(dense.value()));
    }

    @Test
    void aPoissonRegressionAgreesWithTheDenseSecondGrouping() {
        Data d = data(GeneralizedLinearModel.Family.LOG, 4);
        // Level 5 of g: counts all zero, so its effect runs off to −∞ and its rows leave the fit.
        for (int i = 0; i < M; i++) if (d.g[i] == 5) d.y[i] = 0;
        agrees(GeneralizedLinearModel.Family.LOG, d);
    }

    @Test
    void aLogisticRegressionAgreesWithTheDenseSecondGrouping() {
        agrees(GeneralizedLinearModel.Family.LOGISTIC, data(GeneralizedLinearModel.Family.LOGISTIC, 6));
    }

    @Test
    void aColumnTheEffectsAbsorbGivesNoSolution() {
        Data d = data(GeneralizedLinearModel.Family.LOG, 4);
        double[] absorbed = new double[M];
        for (int i = 0; i < M; i++) absorbed[i] = d.g[i] - 0.5 * d.h[i];
        assertNull(TwoWayNewton.solve(Design.ofColumns(new double[][] {d.x, absorbed}, d.y), GeneralizedLinearModel.Family.LOG,
                d.g, G, d.h, H));
    }
}
