package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The within transformation against the textbook's formula and against the design with a column per level. */
class WithinLeastSquaresTest {

    @Test
    void oneSlopeIsTheTextbooksWithinEstimator() {
        // β̂ = Σ(x − x̄_g)(y − ȳ_g) / Σ(x − x̄_g)², α̂_g = ȳ_g − β̂·x̄_g (any econometrics text's fixed-effects slope).
        Random random = new Random(7);
        int levels = 6, m = 60;
        int[] group = new int[m];
        double[] x = new double[m], y = new double[m];
        for (int i = 0; i < m; i++) {
            group[i] = i % levels;
            x[i] = random.nextGaussian() + group[i];
            y[i] = 10 * group[i] - 2.5 * x[i] + 0.1 * random.nextGaussian();
        }
        double[] xbar = new double[levels], ybar = new double[levels];
        for (int i = 0; i < m; i++) {
            xbar[group[i]] += x[i] / (m / levels);
            ybar[group[i]] += y[i] / (m / levels);
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < m; i++) {
            sxy += (x[i] - xbar[group[i]]) * (y[i] - ybar[group[i]]);
            sxx += (x[i] - xbar[group[i]]) * (x[i] - xbar[group[i]]);
        }
        double slope = sxy / sxx;
        WithinLeastSquares.Solution s = WithinLeastSquares.solve(Design.ofColumns(new double[][] {x}, y), group, levels);
        assertEquals(slope, s.within().coefficients()[0], 1e-13 * Math.abs(slope));
        for (int g = 0; g < levels; g++) {
            assertEquals(ybar[g] - slope * xbar[g], s.effects()[g], 1e-12 * Math.max(1, Math.abs(ybar[g])), "α[" + g + "]");
            assertEquals(m / levels, s.counts()[g]);
            assertEquals(xbar[g], s.means()[g][0], 1e-13 * Math.max(1, Math.abs(xbar[g])));
        }
    }

    @Test
    void itAgreesWithTheDesignWithAColumnPerLevel() {
        // Unbalanced groups, two slopes, group means far from the within variation.
        Random random = new Random(11);
        int levels = 9, m = 200, p = 2;
        int[] group = new int[m];
        double[][] x = new double[p][m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            group[i] = Math.min(levels - 1, (int) Math.floor(levels * Math.pow(random.nextDouble(), 2)));
            x[0][i] = 1e4 + random.nextGaussian();
            x[1][i] = random.nextGaussian() * (1 + group[i]);
            y[i] = 1e6 * (group[i] + 1) + 3 * x[0][i] - 0.5 * x[1][i] + random.nextGaussian();
        }
        double[][] dense = new double[p + levels][];
        dense[0] = x[0];
        dense[1] = x[1];
        for (int g = 0; g < levels; g++) {
            dense[p + g] = new double[m];
            for (int i = 0; i < m; i++) dense[p + g][i] = group[i] == g ? 1 : 0;
        }
        ExactLeastSquares.Solution full = ExactLeastSquares.solve(Design.ofColumns(dense, y));
        assertEquals(-1, full.dependentColumn());
        WithinLeastSquares.Solution s = WithinLeastSquares.solve(Design.ofColumns(x, y), group, levels);
        for (int j = 0; j < p; j++) {
            assertEquals(full.coefficients()[j], s.within().coefficients()[j], 1e-11 * Math.abs(full.coefficients()[j]), "β" + j);
            // The slopes' covariance: (X̃ᵀX̃)⁻¹ is the slopes' block of the full design's (XᵀX)⁻¹.
            for (int k = 0; k < p; k++) {
                assertEquals(full.covariance()[j][k], s.within().covariance()[j][k], 1e-9 * Math.abs(full.covariance()[j][j]));
            }
        }
        for (int g = 0; g < levels; g++) {
            assertEquals(full.coefficients()[p + g], s.effects()[g], 1e-11 * Math.abs(full.coefficients()[p + g]), "α" + g);
        }
        assertEquals(full.rss(), s.within().rss(), 1e-10 * full.rss());
    }

    @Test
    void aColumnConstantWithinEveryGroupIsAbsorbedAndALevelWithoutRowsHasNoEffect() {
        int[] group = {0, 0, 1, 1, 2, 2};
        double[] y = {1, 2, 3, 5, 8, 13};
        double[] byGroup = {4, 4, -1, -1, 7, 7}, x = {0.5, 1.5, 0.1, 0.7, 2, 1};
        WithinLeastSquares.Solution absorbed = WithinLeastSquares.solve(Design.ofColumns(new double[][] {x, byGroup}, y), group, 3);
        assertEquals(1, absorbed.absorbed(), "the groups' effects absorb a column constant within each");
        assertTrue(absorbed.within().dependentColumn() >= 0);
        assertTrue(Double.isNaN(absorbed.effects()[0]));
        WithinLeastSquares.Solution empty = WithinLeastSquares.solve(Design.ofColumns(new double[][] {x}, y), group, 4);
        assertEquals(0, empty.counts()[3]);
        assertTrue(Double.isNaN(empty.effects()[3]), "level 4 has no rows");
        assertTrue(Double.isFinite(empty.effects()[2]));
        assertEquals(-1, empty.absorbed());
    }
}
