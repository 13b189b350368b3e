package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The tiled AᵀWA against EJML's general product, on sizes that leave partial tiles and with weights of both signs. */
class GramTest {
    @Test
    void equalsTheGeneralProduct() {
        SplittableRandom random = new SplittableRandom(17);
        for (int[] size : new int[][] {{1, 1}, {5, 3}, {50, 64}, {200, 130}}) {
            int m = size[0], p = size[1];
            DMatrixRMaj a = new DMatrixRMaj(m, p), weightedA = new DMatrixRMaj(m, p);
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                w[i] = random.nextDouble() - 0.3;
                for (int j = 0; j < p; j++) {
                    a.set(i, j, random.nextDouble() - 0.5);
                    weightedA.set(i, j, w[i] * a.get(i, j));
                }
            }
            DMatrixRMaj expected = new DMatrixRMaj(p, p), actual = new DMatrixRMaj(p, p), plain = new DMatrixRMaj(p, p);
            CommonOps_DDRM.multTransA(a, weightedA, expected);
            Gram.weighted(a, w, actual, "a test");
            for (int i = 0; i < p * p; i++) assertEquals(expected.data[i], actual.data[i], 1e-12, m + "×" + p + " at " + i);
            CommonOps_DDRM.multTransA(a, a, expected);
            Gram.weighted(a, null, plain, "a test");
            for (int i = 0; i < p * p; i++) assertEquals(expected.data[i], plain.data[i], 1e-12, m + "×" + p + " unweighted at " + i);
        }
    }

    @Test
    void ofColumnsEqualsTheGeneralProduct() {
        SplittableRandom random = new SplittableRandom(19);
        // Partial 4×4 blocks, partial 64×64 tiles and partial blocks of 256 rows.
        for (int[] size : new int[][] {{1, 1}, {3, 2}, {300, 67}, {700, 130}}) {
            int m = size[0], p = size[1];
            DMatrixRMaj a = new DMatrixRMaj(m, p);
            double[][] columns = new double[p][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < p; j++) a.set(i, j, columns[j][i] = random.nextDouble() - 0.5);
            }
            DMatrixRMaj expected = new DMatrixRMaj(p, p);
            CommonOps_DDRM.multTransA(a, a, expected);
            double[][] actual = Gram.ofColumns(columns, m, false, "a test");
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) assertEquals(expected.get(i, j), actual[i][j], 1e-12, m + "×" + p + " at " + i + "," + j);
            }
        }
    }

    @Test
    void ofTheRowsOfATriangleIsItsProductWithItsTranspose() {
        SplittableRandom random = new SplittableRandom(23);
        for (int p : new int[] {1, 6, 70, 300}) {
            DMatrixRMaj u = new DMatrixRMaj(p, p);
            double[][] rows = new double[p][p];
            for (int i = 0; i < p; i++) for (int j = i; j < p; j++) u.set(i, j, rows[i][j] = random.nextDouble() - 0.5);
            DMatrixRMaj expected = new DMatrixRMaj(p, p);
            CommonOps_DDRM.multTransB(u, u, expected);
            double[][] actual = Gram.ofColumns(rows, p, true, "a test");
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) assertEquals(expected.get(i, j), actual[i][j], 1e-12, p + ": " + i + "," + j);
            }
        }
    }
}
