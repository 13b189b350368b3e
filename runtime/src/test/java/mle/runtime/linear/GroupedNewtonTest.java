package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import mle.compiler.lower.GeneralizedLinearModel.Family;
import mle.compiler.lower.LinearModel;
import org.junit.jupiter.api.Test;

/**
 * Newton's method with the levels eliminated against iteratively reweighted least squares on the design with a column
 * per level (the dense Hessian, inverted whole), and against the closed form of intercepts alone.
 */
class GroupedNewtonTest {

    @Test
    void poissonAndLogisticAgreeWithTheDesignWithAColumnPerLevel() {
        for (Family family : Family.values()) {
            Random random = new Random(3);
            int levels = 7, m = 400, p = 2;
            int[] group = new int[m];
            double[][] x = new double[p][m];
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                group[i] = i % levels;
                x[0][i] = random.nextGaussian();
                x[1][i] = random.nextDouble() * (1 + group[i] % 3);
                double eta = 0.3 * (group[i] - 3) + 0.8 * x[0][i] - 0.4 * x[1][i];
                y[i] = family == Family.LOG ? poisson(Math.exp(eta), random) : random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
            }
            GroupedNewton.Solution s = GroupedNewton.solve(Design.ofColumns(x, y), family, group, levels);
            assertNotNull(s, family.toString());
            IterativelyReweighted.Solution full = IterativelyReweighted.solve(Design.ofColumns(withDummies(x, group, levels), y),
                    family, none(p + levels));
            for (int j = 0; j < p; j++) {
                assertEquals(full.coefficients()[j], s.coefficients()[j], 1e-9, family + " β" + j);
                for (int k = 0; k < p; k++) assertEquals(full.covariance()[j][k], s.covariance()[j][k], 1e-9, family + " cov");
            }
            for (int g = 0; g < levels; g++) {
                assertEquals(full.coefficients()[p + g], s.effects()[g], 1e-9, family + " α" + g);
                assertEquals(full.covariance()[p + g][p + g], s.effectVariances()[g], 1e-9, family + " var α" + g);
            }
            assertArrayEquals(new int[0], s.runaway());
        }
    }

    @Test
    void interceptsAloneAreTheLogsOfTheGroupsMeansAndAnAllZeroGroupRunsOff() {
        // Poisson with α[g] alone: α̂_g = log ȳ_g, Var(α̂_g) = 1/(n_g·ȳ_g). A group of zeros has no finite effect.
        int[] group = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        double[] y = {1, 4, 2, 0, 0, 3, 0, 5, 1};
        double[] x = {0.1, -0.3, 0.2, 1.1, 0.4, -0.2, 0.3, 0.0, 0.5};
        GroupedNewton.Solution s = GroupedNewton.solve(Design.ofColumns(new double[0][], y), Family.LOG, group, 3);
        assertNotNull(s);
        assertEquals(Math.log(7.0 / 3), s.effects()[0], 1e-12);
        assertEquals(Math.log(9.0 / 4), s.effects()[2], 1e-12);
        assertEquals(1 / 7.0, s.effectVariances()[0], 1e-12);
        assertEquals(1 / 9.0, s.effectVariances()[2], 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, s.effects()[1]);
        assertArrayEquals(new int[] {1}, s.runaway());
        // With a slope, the others are the fit without the group of zeros (the limit of the fit with it).
        GroupedNewton.Solution sloped = GroupedNewton.solve(Design.ofColumns(new double[][] {x}, y), Family.LOG, group, 3);
        int[] kept = {0, 1, 2, 5, 6, 7, 8};
        double[] xKept = new double[kept.length], yKept = new double[kept.length];
        int[] gKept = new int[kept.length];
        for (int i = 0; i < kept.length; i++) {
            xKept[i] = x[kept[i]];
            yKept[i] = y[kept[i]];
            gKept[i] = group[kept[i]] == 2 ? 1 : 0;
        }
        IterativelyReweighted.Solution without = IterativelyReweighted.solve(
                Design.ofColumns(withDummies(new double[][] {xKept}, gKept, 2), yKept), Family.LOG, none(3));
        assertEquals(without.coefficients()[0], sloped.coefficients()[0], 1e-9);
        assertEquals(without.coefficients()[1], sloped.effects()[0], 1e-9);
        assertEquals(without.coefficients()[2], sloped.effects()[2], 1e-9);
    }

    private static double[][] withDummies(double[][] x, int[] group, int levels) {
        int p = x.length, m = group.length;
        double[][] out = new double[p + levels][];
        System.arraycopy(x, 0, out, 0, p);
        for (int g = 0; g < levels; g++) {
            out[p + g] = new double[m];
            for (int i = 0; i < m; i++) out[p + g][i] = group[i] == g ? 1 : 0;
        }
        return out;
    }

    private static LinearModel.Penalties none(int p) {
        return new LinearModel.Penalties(new double[p], new double[p], new double[p], new double[p]);
    }

    private static double poisson(double rate, Random random) {
        double l = Math.exp(-rate), prod = random.nextDouble();
        int k = 0;
        while (prod > l) {
            prod *= random.nextDouble();
            k++;
        }
        return k;
    }
}
