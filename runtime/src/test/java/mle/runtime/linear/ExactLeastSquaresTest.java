package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The large-design path of the direct solve, where the covariance is R⁻¹R⁻ᵀ without refinement: against the
 * inverse of XᵀX by EJML's LU (an independent route), and the triangular inverse against R·R⁻¹ = I.
 */
class ExactLeastSquaresTest {
    @Test
    void upperInverseTimesItsMatrixIsTheIdentity() {
        SplittableRandom random = new SplittableRandom(3);
        int p = 57;
        DMatrixRMaj r = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            r.set(i, i, (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble()));
            for (int j = i + 1; j < p; j++) r.set(i, j, random.nextDouble() - 0.5);
        }
        DMatrixRMaj product = new DMatrixRMaj(p, p);
        CommonOps_DDRM.mult(r, ExactLeastSquares.upperInverse(r), product);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) assertEquals(i == j ? 1 : 0, product.get(i, j), 1e-12, i + "," + j);
        }
    }

    @Test
    void aTriangleTimesItsTransposeIsTheGeneralProduct() {
        SplittableRandom random = new SplittableRandom(5);
        for (int p : new int[] {1, 2, 7, 40}) {
            DMatrixRMaj u = new DMatrixRMaj(p, p);
            for (int i = 0; i < p; i++) for (int j = i; j < p; j++) u.set(i, j, random.nextDouble() - 0.5);
            DMatrixRMaj expected = new DMatrixRMaj(p, p);
            CommonOps_DDRM.multTransB(u, u, expected);
            double[][] actual = ExactLeastSquares.timesOwnTranspose(u);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) assertEquals(expected.get(i, j), actual[i][j], 1e-13, p + ": " + i + "," + j);
            }
        }
    }

    @Test
    void covarianceOfALargeDesignIsTheInverseOfItsGram() {
        int p = ExactLeastSquares.REFINED_COVARIANCE_LIMIT + 20, m = 2 * p;
        SplittableRandom random = new SplittableRandom(11);
        double[][] x = new double[p][m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            x[0][i] = 1;
            for (int j = 1; j < p; j++) x[j][i] = 10 * (random.nextDouble() - 0.5) * j;   // columns of unequal scale
            y[i] = random.nextDouble();
        }
        ExactLeastSquares.Solution solution = ExactLeastSquares.solve(Design.ofColumns(x, y));
        assertTrue(solution.refined(), "refinement converges on a well-conditioned design");
        DMatrixRMaj gram = new DMatrixRMaj(ExactLeastSquares.gram(Design.ofColumns(x, y))), inverse = new DMatrixRMaj(p, p);
        assertTrue(CommonOps_DDRM.invert(gram, inverse));
        double worst = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double scale = Math.sqrt(inverse.get(i, i) * inverse.get(j, j));
                worst = Math.max(worst, Math.abs(solution.covariance()[i][j] - inverse.get(i, j)) / scale);
            }
        }
        assertTrue(worst < 1e-9, "largest relative difference " + worst);
        // Its curvature, XᵀX from the factor R, against XᵀX summed from the columns.
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double scale = Math.sqrt(gram.get(i, i) * gram.get(j, j));
                assertEquals(gram.get(i, j), solution.gram()[i][j], 1e-12 * scale, "XᵀX " + i + "," + j);
            }
        }
        // And the normal equations hold: Xᵀ(y − Xβ̂) = 0 to rounding.
        double[] cross = Design.ofColumns(x, y).crossResiduals(solution.coefficients());
        for (int j = 0; j < p; j++) assertEquals(0, cross[j], 1e-9 * m, "column " + j);
    }
}
