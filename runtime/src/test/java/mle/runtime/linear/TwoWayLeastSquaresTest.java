package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two groupings' effects eliminated, against the design with a column per level solved by Householder QR. */
class TwoWayLeastSquaresTest {

    /** Rows of two groupings, the first level of h dropped from the dense design (its γ is 0 there, as here). */
    private record Case(int[] g, int[] h, int gLevels, int hLevels, double[][] x, double[] y) {
        Design design() { return Design.ofColumns(x, y); }

        /** X, then a column per level of g, then one per level of h but the first. */
        ExactLeastSquares.Solution dense() { return dense(java.util.Set.of(0)); }

        /** X, then a column per level of g, then one per level of h but those dropped. */
        ExactLeastSquares.Solution dense(java.util.Set<Integer> dropped) {
            int m = y.length, p = x.length;
            java.util.List<double[]> columns = new java.util.ArrayList<>(java.util.List.of(x));
            for (int l = 0; l < gLevels; l++) {
                double[] dummy = new double[m];
                for (int i = 0; i < m; i++) if (g[i] == l) dummy[i] = 1;
                columns.add(dummy);
            }
            for (int l = 0; l < hLevels; l++) {
                if (dropped.contains(l)) continue;
                double[] dummy = new double[m];
                for (int i = 0; i < m; i++) if (h[i] == l) dummy[i] = 1;
                columns.add(dummy);
            }
            return ExactLeastSquares.solve(Design.ofColumns(columns.toArray(double[][]::new), y));
        }
    }

    private static Case unbalanced(long seed, int gLevels, int hLevels, int m, double groupScale) {
        Random random = new Random(seed);
        int[] g = new int[m], h = new int[m];
        double[][] x = new double[2][m];
        double[] y = new double[m];
        double[] alpha = new double[gLevels], gamma = new double[hLevels];
        for (int l = 0; l < gLevels; l++) alpha[l] = groupScale * random.nextGaussian();
        for (int l = 0; l < hLevels; l++) gamma[l] = groupScale * random.nextGaussian();
        for (int i = 0; i < m; i++) {
            // Every level seen (the first rows go round each), then levels drawn unevenly.
            g[i] = i < gLevels ? i : (int) Math.floor(gLevels * Math.pow(random.nextDouble(), 2));
            h[i] = i < hLevels ? i : random.nextInt(hLevels);
            x[0][i] = random.nextGaussian() + 0.3 * g[i];
            x[1][i] = 100 + random.nextGaussian() * (1 + h[i] % 3);
            y[i] = alpha[g[i]] + gamma[h[i]] + 2.5 * x[0][i] - 0.75 * x[1][i] + random.nextGaussian();
        }
        return new Case(g, h, gLevels, hLevels, x, y);
    }

    @Test
    void itAgreesWithTheDesignWithAColumnPerLevel() {
        Case c = unbalanced(3, 40, 12, 900, 1e3);
        TwoWayLeastSquares.Solution s = TwoWayLeastSquares.solve(c.design(), c.g, c.gLevels, c.h, c.hLevels);
        ExactLeastSquares.Solution dense = c.dense();
        assertTrue(s.converged());
        assertEquals(-1, s.absorbed());
        assertEquals(1, s.sets());
        for (int j = 0; j < 2; j++) {
            double want = dense.coefficients()[j];
            assertEquals(want, s.coefficients()[j], 1e-10 * Math.abs(want), "β" + j);
            double wantVariance = dense.covariance()[j][j];
            assertEquals(wantVariance, s.within().covariance()[j][j], 1e-8 * wantVariance, "(X̃ᵀX̃)⁻¹ of β" + j);
        }
        assertEquals(dense.rss(), s.rss(), 1e-9 * dense.rss());
        // The same normalisation: γ of h's first level is 0 in the one set of levels.
        for (int l = 0; l < c.gLevels; l++) {
            double want = dense.coefficients()[2 + l];
            assertEquals(want, s.alpha()[l], 1e-9 * Math.max(1, Math.abs(want)), "α" + l);
        }
        assertEquals(0.0, s.gamma()[0]);
        for (int l = 1; l < c.hLevels; l++) {
            double want = dense.coefficients()[2 + c.gLevels + l - 1];
            assertEquals(want, s.gamma()[l], 1e-9 * Math.max(1, Math.abs(want)), "γ" + l);
        }
    }

    @Test
    void disconnectedSetsAreCountedAndEachNormalised() {
        // Levels 0–9 of g meet only levels 0–3 of h, levels 10–19 only 4–7: two sets, each with its own constant.
        Random random = new Random(5);
        int m = 400;
        int[] g = new int[m], h = new int[m];
        double[][] x = new double[1][m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            int set = i % 2;
            g[i] = 10 * set + (i / 2) % 10;
            h[i] = 4 * set + random.nextInt(4);
            x[0][i] = random.nextGaussian();
            y[i] = g[i] - h[i] + 1.5 * x[0][i] + 0.1 * random.nextGaussian();
        }
        TwoWayLeastSquares.Solution s = TwoWayLeastSquares.solve(Design.ofColumns(x, y), g, 20, h, 8);
        assertEquals(2, s.sets());
        assertEquals(0.0, s.gamma()[0]);
        assertEquals(0.0, s.gamma()[4]);
        // Within one set only the sums α + γ are determined; the slope is, whatever the constants.
        assertEquals(1.5, s.coefficients()[0], 0.05);
        double rssDense = new Case(g, h, 20, 8, x, y).dense(java.util.Set.of(0, 4)).rss();
        assertEquals(rssDense, s.rss(), 1e-9 * rssDense);
    }

    @Test
    void aColumnThatIsASumOfEffectsIsAbsorbed() {
        Case c = unbalanced(9, 30, 10, 500, 1);
        double[] absorbedColumn = new double[c.y.length];
        for (int i = 0; i < absorbedColumn.length; i++) absorbedColumn[i] = 0.5 * c.g[i] - 2.0 * c.h[i];
        Case withIt = new Case(c.g, c.h, c.gLevels, c.hLevels, new double[][] {c.x[0], absorbedColumn}, c.y);
        TwoWayLeastSquares.Solution s = TwoWayLeastSquares.solve(withIt.design(), c.g, c.gLevels, c.h, c.hLevels);
        assertEquals(1, s.absorbed());
    }
}
