package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** LLᵀ gives back G, on sizes that leave partial panels, tiles and 4×4 blocks; an indefinite G is refused. */
class BlockedCholeskyTest {
    @Test
    void theFactorTimesItsTransposeIsTheMatrix() {
        SplittableRandom random = new SplittableRandom(31);
        for (int p : new int[] {1, 3, 64, 70, 203}) {
            // G = BᵀB + I: positive definite.
            double[][] b = new double[p][p];
            for (double[] row : b) for (int j = 0; j < p; j++) row[j] = random.nextDouble() - 0.5;
            double[] g = new double[p * p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < p; k++) s += b[k][i] * b[k][j];
                    g[i * p + j] = s;
                }
            }
            double[] l = g.clone();
            assertTrue(BlockedCholesky.factor(l, p, "a test"));
            for (int i = 0; i < p; i++) {
                assertTrue(l[i * p + i] > 0);
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k <= j; k++) s += l[i * p + k] * l[j * p + k];
                    assertEquals(g[i * p + j], s, 1e-12 * Math.sqrt(g[i * p + i] * g[j * p + j]), p + ": " + i + "," + j);
                }
            }
        }
    }

    @Test
    void anIndefiniteMatrixIsRefused() {
        // [[1, 2], [2, 1]] has eigenvalues 3 and −1.
        assertFalse(BlockedCholesky.factor(new double[] {1, 2, 2, 1}, 2, "a test"));
        // Singular past the first panel: row 100 repeats row 99 of a diagonal matrix with an off-diagonal pair.
        int p = 101;
        double[] g = new double[p * p];
        for (int i = 0; i < p; i++) g[i * p + i] = 1;
        g[100 * p + 99] = g[99 * p + 100] = 1;
        assertFalse(BlockedCholesky.factor(g, p, "a test"));
    }
}
