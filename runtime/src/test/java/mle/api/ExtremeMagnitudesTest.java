package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data whose squares leave the range of a double: refused before the fit with the cell, its line and what to do, and
 * never "converged" where the numbers of the answer are not numbers. Each of these fits once ended "converged: the
 * exact optimum" with σ̂ = NaN (or a Hessian that was not positive definite) and exit 0.
 */
class ExtremeMagnitudesTest {
    static final String NORMAL = "data y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\n";
    static final String LAPLACE = "data y\nparam μ\nparam b > 0\ny ~ Laplace(μ, b)\n";
    static final String REGRESSION = "data x, y\nparam a, c\nparam σ > 0\ny ~ Normal(a + c * x, σ)\n";

    /** A sample of 20 values around 3 with unit spread, fixed. */
    static double[] sample() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(18);
        double[] y = new double[20];
        for (int i = 0; i < y.length; i++) y[i] = 3 + random.nextGaussian();
        return y;
    }

    static double[] times(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * factor;
        return out;
    }

    /** The columns as a CSV file, so that the refusal can name its line. */
    static DataTable csv(Path dir, Model model, Map<String, double[]> columns) throws IOException {
        List<String> names = List.copyOf(columns.keySet());
        StringBuilder text = new StringBuilder(String.join(",", names)).append('\n');
        int rows = columns.get(names.getFirst()).length;
        for (int r = 0; r < rows; r++) {
            final int row = r;
            text.append(String.join(",", names.stream().map(n -> Double.toString(columns.get(n)[row])).toList())).append('\n');
        }
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return model.readData(file);
    }

    static DataException refused(Path dir, String model, Map<String, double[]> columns) throws IOException {
        Model m = Model.compile(model);
        DataTable data = csv(dir, m, columns);
        return assertThrows(DataException.class, () -> m.fit(data), "refused before any fit");
    }

    @Test
    void aNormalSampleOf1e200IsRefusedAtItsFirstCellWithWhatToDo(@TempDir Path dir) throws IOException {
        double[] y = times(sample(), 1e200);
        DataException e = refused(dir, NORMAL, Map.of("y", y));
        assertEquals(2, e.line(), "the first row, under the header: " + e.getMessage());
        assertEquals("y", e.column());
        assertTrue(e.getMessage().contains(String.format(java.util.Locale.ROOT, "%.6g", y[0])), e.getMessage());
        assertTrue(e.getMessage().contains("Rescale the column: divide it by 1e200"), e.getMessage());
    }

    @Test
    void aLaplaceSampleAndARegressionOf1e200AreRefusedToo(@TempDir Path dir) throws IOException {
        assertEquals("y", refused(dir, LAPLACE, Map.of("y", times(sample(), 1e300))).column());
        double[] x = new double[20];
        for (int i = 0; i < x.length; i++) x[i] = i;
        double[] y = sample();
        for (int i = 0; i < y.length; i++) y[i] = (y[i] + 2 * x[i]) * 1e200;
        assertEquals("y", refused(dir, REGRESSION, new java.util.LinkedHashMap<>(Map.of("x", x, "y", y))).column());
        // A covariate of 10¹⁶⁰ with a response of ordinary size: its square is the Hessian's.
        DataException e = refused(dir, REGRESSION, new java.util.LinkedHashMap<>(Map.of("x", times(x, 1e160), "y", sample())));
        assertEquals("x", e.column());
        assertEquals(3, e.line(), "x = 0 on the first row is fine: " + e.getMessage());
    }

    @Test
    void aColumnWhoseEveryValueIsTinyIsRefusedAtItsLargest(@TempDir Path dir) throws IOException {
        double[] y = times(sample(), 1e-200);
        int largest = 0;
        for (int i = 0; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[largest])) largest = i;
        DataException e = refused(dir, NORMAL, Map.of("y", y));
        assertEquals(largest + 2, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("the largest value of `y`"), e.getMessage());
        assertEquals("y", refused(dir, LAPLACE, Map.of("y", times(sample(), 1e-300))).column());
    }

    /** Data rescaled in the model itself are judged as the model computes them, and fit. */
    @Test
    void dataRescaledInTheModelFit() {
        double[] y = times(sample(), 1e200);
        FitResult r = VerdictTest.fit("data y\nparam μ\nparam σ > 0\ny / 1e200 ~ Normal(μ, σ)\n", Map.of("y", y),
                FitOptions.defaults());
        assertTrue(r.converged(), r.message());
        assertEquals(mean(sample()).doubleValue(), r.estimate("μ").value(), 1e-12 * 3);
    }

    /** One tiny value among ordinary ones is just a value near 0: the column's squares are fine. */
    @Test
    void aTinyValueAmongOrdinaryOnesFits() {
        double[] y = sample();
        y[3] = 1e-250;
        FitResult r = VerdictTest.fit(NORMAL, Map.of("y", y), FitOptions.defaults());
        assertTrue(r.converged(), r.message());
        assertEquals(mean(y).doubleValue(), r.estimate("μ").value(), 1e-13 * 3);
    }

    /**
     * Large data below the limit fit, and to the closed form: μ̂ the mean and σ̂² the mean squared deviation, computed
     * here in BigDecimal from the sample itself.
     */
    @Test
    void aSampleOf1e140FitsToItsClosedForm() {
        double[] y = times(sample(), 1e140);
        FitResult r = VerdictTest.fit(NORMAL, Map.of("y", y), FitOptions.defaults());
        assertTrue(r.converged(), r.message());
        BigDecimal mean = mean(y), squares = BigDecimal.ZERO;
        for (double v : y) squares = squares.add(new BigDecimal(v).subtract(mean).pow(2));
        double sigma = squares.divide(BigDecimal.valueOf(y.length), MathContext.DECIMAL128).sqrt(MathContext.DECIMAL128).doubleValue();
        assertEquals(1, r.estimate("μ").value() / mean.doubleValue(), 1e-13);
        assertEquals(1, r.estimate("σ").value() / sigma, 1e-13);
        assertEquals(1, r.estimate("σ").standardError() / (sigma / Math.sqrt(2.0 * y.length)), 1e-12);
        assertTrue(Double.isFinite(r.objective()), "NLL " + r.objective());
    }

    /**
     * Each column within range, but a covariate of 10¹⁴⁰ against a response of 10⁻¹⁴⁰: the slope's curvature Σx²/σ² is
     * 10⁵⁶⁰, beyond a double. The direct solve found its coefficients and said "converged" with an infinite Hessian.
     */
    @Test
    void anInfiniteHessianFromMixedMagnitudesIsNotConverged() {
        double[] x = new double[20], y = sample();
        for (int i = 0; i < x.length; i++) {
            x[i] = (i + 1) * 1e140;
            y[i] = (y[i] + 2 * i) * 1e-140;
        }
        FitResult r = VerdictTest.fit(REGRESSION, new java.util.LinkedHashMap<>(Map.of("x", x, "y", y)), FitOptions.defaults());
        VerdictTest.assertNotConverged(r, Verdict.NON_FINITE, "the Hessian has entries that are not finite", "rescale");
        assertTrue(Double.isNaN(r.estimate("c").standardError()), r.estimate("c").toString());
    }

    /**
     * A lasso with more coefficients than rows: its Hessian is singular, but that of its nonzero coefficients is not,
     * and their standard errors (conditional on the zeros) are sqrt(diag((X_AᵀX_A)⁻¹)) with σ = 1, computed here from
     * the data. They were NaN beside "converged".
     */
    @Test
    void aLassoWithMoreCoefficientsThanRowsHasStandardErrorsForItsNonzeroOnes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int rows = 5, p = 8;
        Map<String, double[]> columns = new java.util.LinkedHashMap<>();
        double[][] x = new double[p][rows];
        double[] y = new double[rows];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < rows; i++) x[j][i] = random.nextGaussian();
            columns.put("X" + (j + 1), x[j]);
        }
        for (int i = 0; i < rows; i++) y[i] = 2 * x[0][i] + 0.1 * random.nextGaussian();
        columns.put("y", y);
        FitResult r = VerdictTest.fit("data X[8], y\nparam a\nparam b[8]\ny ~ Normal(a + dot(X, b), 1)\nb ~ Laplace(0, 1)\n",
                columns, FitOptions.defaults());
        assertTrue(r.converged(), r.message());
        // The active design: the intercept's column of ones and each nonzero coefficient's.
        List<double[]> active = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        active.add(new double[] {1, 1, 1, 1, 1});
        names.add("a");
        for (int j = 0; j < p; j++) {
            if (r.estimate("b[" + (j + 1) + "]").value() != 0) {
                active.add(x[j]);
                names.add("b[" + (j + 1) + "]");
            } else {
                assertTrue(Double.isNaN(r.estimate("b[" + (j + 1) + "]").standardError()), "a zero has none");
            }
        }
        assertTrue(active.size() <= rows && active.size() >= 2, names.toString());
        double[][] inverse = mle.runtime.stats.InferenceTest.gaussJordanInverse(gram(active));
        for (int a = 0; a < names.size(); a++) {
            assertEquals(Math.sqrt(inverse[a][a]), r.estimate(names.get(a)).standardError(), 1e-9, names.get(a));
        }
    }

    private static BigDecimal mean(double[] y) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : y) sum = sum.add(new BigDecimal(v));
        return sum.divide(BigDecimal.valueOf(y.length), MathContext.DECIMAL128);
    }

    private static double[][] gram(List<double[]> columns) {
        int m = columns.size();
        double[][] g = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < m; c++) {
                for (int i = 0; i < columns.get(a).length; i++) g[a][c] += columns.get(a)[i] * columns.get(c)[i];
            }
        }
        return g;
    }
}
