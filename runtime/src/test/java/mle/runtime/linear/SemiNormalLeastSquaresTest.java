package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The wide designs' path, the corrected semi-normal equations, against the refined QR it replaces there (an
 * independent route to the same least-squares solution); the same bits whatever the number of threads; and the
 * designs it leaves to QR: ill-conditioned ones and those with a dependent column.
 */
class SemiNormalLeastSquaresTest {
    /** A random design of {@code p} columns of unequal scale (an intercept first) and 2p rows, with a response. */
    private static double[][] columns(int p, long seed, double[] y) {
        int m = y.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[p][m];
        for (int i = 0; i < m; i++) {
            x[0][i] = 1;
            for (int j = 1; j < p; j++) x[j][i] = (random.nextDouble() - 0.5) * j;
            y[i] = 3 + random.nextGaussian();
        }
        return x;
    }

    private static double[] scales(Design d) {
        double[] scale = new double[d.columns];
        for (int j = 0; j < d.columns; j++) scale[j] = ExactLeastSquares.columnScale(Design.dot(d.hi[j], d.hi[j]));
        return scale;
    }

    @Test
    void agreesWithTheRefinedQrOnAFourHundredColumnDesign() {
        int p = 400;
        double[] y = new double[2 * p];
        Design d = Design.ofColumns(columns(p, 7, y), y);
        ExactLeastSquares.Solution wide = ExactLeastSquares.solve(d);
        assertEquals(SemiNormalLeastSquares.METHOD, wide.method(), "a well-conditioned wide design takes this path");
        assertEquals("normal equations", wide.phase());
        assertTrue(wide.refined());
        ExactLeastSquares.Solution qr = ExactLeastSquares.byQr(d, scales(d));
        assertEquals(ExactLeastSquares.QR, qr.method());
        for (int j = 0; j < p; j++) {
            double b = qr.coefficients()[j];
            assertEquals(b, wide.coefficients()[j], 1e-10 * Math.abs(b), "β" + j);
        }
        assertEquals(qr.rss(), wide.rss(), 1e-12 * qr.rss());
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double c = qr.covariance()[i][j], size = Math.sqrt(qr.covariance()[i][i] * qr.covariance()[j][j]);
                assertEquals(c, wide.covariance()[i][j], 1e-10 * size, "covariance " + i + "," + j);
                double g = qr.gram()[i][j], gramSize = Math.sqrt(qr.gram()[i][i] * qr.gram()[j][j]);
                assertEquals(g, wide.gram()[i][j], 1e-12 * gramSize, "XᵀX " + i + "," + j);
            }
        }
    }

    @Test
    void theSameBitsOnOneThreadAsOnAll() throws Exception {
        int p = 330;
        double[] y = new double[2 * p + 5];
        Design d = Design.ofColumns(columns(p, 13, y), y);
        ExactLeastSquares.Solution all = ExactLeastSquares.solve(d), again = ExactLeastSquares.solve(d);
        ExactLeastSquares.Solution one;
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            // Parallel streams started from a pool's task run in that pool: here, on one thread.
            one = single.submit(() -> ExactLeastSquares.solve(d)).get();
        } finally {
            single.shutdown();
        }
        assertEquals(SemiNormalLeastSquares.METHOD, all.method());
        for (ExactLeastSquares.Solution other : new ExactLeastSquares.Solution[] {again, one}) {
            assertArrayEquals(all.coefficients(), other.coefficients());
            assertEquals(Double.doubleToLongBits(all.rss()), Double.doubleToLongBits(other.rss()));
            for (int i = 0; i < p; i++) {
                assertArrayEquals(all.covariance()[i], other.covariance()[i]);
                assertArrayEquals(all.gram()[i], other.gram()[i]);
            }
        }
    }

    @Test
    void anIllConditionedWideDesignGoesToQr() {
        int p = 320;
        double[] y = new double[2 * p];
        double[][] x = columns(p, 17, y);
        // Column 5 nearly column 4: cond(A) of order 10⁵, past this path's limit but refined by QR.
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < y.length; i++) x[5][i] = x[4][i] * (1 + 1e-5 * random.nextGaussian());
        ExactLeastSquares.Solution s = ExactLeastSquares.solve(Design.ofColumns(x, y));
        assertEquals(ExactLeastSquares.QR, s.method());
        assertTrue(s.refined());
    }

    @Test
    void aDependentColumnIsNamedAsQrNamesIt() {
        int p = 320;
        double[] y = new double[2 * p];
        double[][] x = columns(p, 19, y);
        for (int i = 0; i < y.length; i++) x[200][i] = 2 * x[7][i] - x[150][i];
        Design d = Design.ofColumns(x, y);
        assertEquals(200, ExactLeastSquares.solve(d).dependentColumn());
        assertEquals(200, ExactLeastSquares.byQr(d, scales(d)).dependentColumn());
    }

    @Test
    void theFactorSolvesItsSystem() {
        // LLᵀx = s for L = [[2, 0], [1, 3]]: LLᵀ = [[4, 2], [2, 10]], and x = (1, 1) gives s = (6, 12).
        double[] s = {6, 12};
        SemiNormalLeastSquares.solveWithFactor(new double[] {2, 0, 1, 3}, 2, s);
        assertArrayEquals(new double[] {1, 1}, s, 1e-15);
    }

    @Test
    void theRowsOfTheInverseTimesTheTriangleAreTheIdentity() {
        SplittableRandom random = new SplittableRandom(29);
        // Whole groups of eight rows and a partial one.
        for (int p : new int[] {1, 5, 8, 29, 70}) {
            double[] l = lowerTriangle(p, random);
            double[][] inverse = SemiNormalLeastSquares.upperInverseRows(l, p);   // rows of (Lᵀ)⁻¹
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    // (R⁻¹R)ᵢⱼ = Σₖ R⁻¹ᵢₖ Rₖⱼ with Rₖⱼ = Lⱼₖ
                    double s = 0;
                    for (int k = 0; k < p; k++) s += inverse[i][k] * l[j * p + k];
                    assertEquals(i == j ? 1 : 0, s, 1e-12, p + ": " + i + "," + j);
                }
            }
        }
    }

    @Test
    void theRowsOfTheInverseAreForwardSubstitutionToTheBit() {
        SplittableRandom random = new SplittableRandom(31);
        // Whole groups of eight rows and partial ones.
        for (int p : new int[] {9, 16, 27, 45, 70}) {
            double[] l = lowerTriangle(p, random);
            double[][] inverse = SemiNormalLeastSquares.upperInverseRows(l, p);
            for (int k = 0; k < p; k++) {
                // Lx = eₖ by the book: x_i = −Σ_{j=k}^{i−1} L_ij·x_j / L_ii, each sum in the order of j.
                double[] x = new double[p];
                x[k] = 1 / l[k * p + k];
                for (int i = k + 1; i < p; i++) {
                    double s = 0;
                    for (int j = k; j < i; j++) s = Math.fma(l[i * p + j], x[j], s);
                    x[i] = -s / l[i * p + i];
                }
                assertArrayEquals(x, inverse[k], p + ": row " + k);
            }
        }
    }

    /** A random lower-triangular p×p matrix, row-major, with a diagonal from 0.5 to 1.5. */
    private static double[] lowerTriangle(int p, SplittableRandom random) {
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            l[i * p + i] = 0.5 + random.nextDouble();
            for (int j = 0; j < i; j++) l[i * p + j] = random.nextDouble() - 0.5;
        }
        return l;
    }
}
