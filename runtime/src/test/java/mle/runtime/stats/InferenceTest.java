package mle.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import mle.runtime.ObjectiveFunction;
import mle.runtime.optim.Minimizer;
import mle.runtime.optim.Result;
import org.junit.jupiter.api.Test;

public class InferenceTest {

    private static void assertRel(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.abs(expected), what);
    }

    // ------------------------------------------------------------------------------------- normal sample (§5)

    static final double[] SAMPLE = {2.3, 2.5, 3.1, 3.8, 2.7};

    /** NLL of Normal(μ, σ²) in u = (μ, log σ²), with exact gradient and Hessian. */
    static ObjectiveFunction normalNll(double[] x) {
        int n = x.length;
        return new ObjectiveFunction() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double valueAndGradient(double[] u, double[] g) {
                double mu = u[0];
                double v = Math.exp(u[1]);
                double s1 = 0, s2 = 0;
                for (double xi : x) {
                    s1 += xi - mu;
                    s2 += (xi - mu) * (xi - mu);
                }
                g[0] = -s1 / v;
                g[1] = 0.5 * n - s2 / (2 * v);
                return 0.5 * n * Math.log(2 * Math.PI * v) + s2 / (2 * v);
            }

            @Override
            public double value(double[] u) {
                return valueAndGradient(u, new double[2]);
            }

            @Override
            public void hessian(double[] u, double[][] h) {
                double mu = u[0];
                double v = Math.exp(u[1]);
                double s1 = 0, s2 = 0;
                for (double xi : x) {
                    s1 += xi - mu;
                    s2 += (xi - mu) * (xi - mu);
                }
                h[0][0] = n / v;
                h[0][1] = h[1][0] = s1 / v;
                h[1][1] = s2 / (2 * v);
            }
        };
    }

    @Test
    void normalSampleObservedInformationInMuAndSigmaSquared() {
        double mu = 2.88;
        double v = 0.2816;
        int n = SAMPLE.length;
        double s1 = 0, s2 = 0;
        for (double xi : SAMPLE) {
            s1 += xi - mu;
            s2 += (xi - mu) * (xi - mu);
        }
        // ∂²NLL/∂μ² = n/v, ∂²/∂μ∂v = Σ(x−μ)/v², ∂²/∂v² = −n/(2v²) + Σ(x−μ)²/v³.
        double[][] h = {{n / v, s1 / (v * v)}, {s1 / (v * v), -n / (2 * v * v) + s2 / (v * v * v)}};
        assertRel(17.75568182, h[0][0], 1e-9, "I_μμ");
        assertRel(31.52642368, h[1][1], 1e-9, "I_σ²σ²");
        assertEquals(0, h[0][1], 1e-12);

        OptimumStatistics st = Inference.atOptimum(h, new double[] {mu, v}, List.of("μ", "σ²"));
        assertTrue(st.positiveDefinite(), st.diagnosis());
        assertTrue(st.problems().isEmpty());
        assertRel(1 / Math.sqrt(17.75568182), st.standardError("μ"), 1e-8, "SE μ");
        assertRel(1 / Math.sqrt(31.52642368), st.standardError("σ²"), 1e-8, "SE σ²");
        assertRel(Math.sqrt(v / n), st.standardErrors()[0], 1e-12, "SE μ closed form");
        assertRel(v * Math.sqrt(2.0 / n), st.standardErrors()[1], 1e-12, "SE σ² closed form");
        assertRel(mu - Inference.Z95 * Math.sqrt(v / n), st.lower95()[0], 1e-12, "lower");
        assertRel(mu + Inference.Z95 * Math.sqrt(v / n), st.upper95()[0], 1e-12, "upper");
        assertEquals(0, st.correlation()[0][1], 1e-12);
        assertEquals(1, st.correlation()[1][1], 0);
        assertRel(31.52642368 / 17.75568182, st.conditionNumber(), 1e-8, "condition number");
        assertEquals(1, st.scaledConditionNumber(), 1e-12);
        assertTrue(st.diagnosis().startsWith("The Hessian is positive definite"), st.diagnosis());
    }

    /** Fit in u = (μ, log σ²) with the optimiser, then carry the covariance to θ = (μ, σ²). */
    @Test
    void normalSampleEndToEndThroughTheUnconstrainedCoordinates() {
        ObjectiveFunction f = normalNll(SAMPLE);
        Result r = Minimizer.minimize(f, new double[] {0, 0});
        assertTrue(r.converged(), r.message());
        double[] u = r.u();
        assertEquals(2.88, u[0], 1e-12);
        assertEquals(0.2816, Math.exp(u[1]), 1e-12);
        assertEquals(3.926523529277739, r.value(), 1e-13);

        double v = Math.exp(u[1]);
        double[][] hu = new double[2][2];
        f.hessian(u, hu);
        double[] theta = {u[0], v};
        double[] jac = {1, v}; // dθ/du
        OptimumStatistics st = Inference.fromUnconstrainedHessian(hu, theta, jac, List.of("μ", "σ²"));
        assertTrue(st.positiveDefinite());
        assertRel(17.75568182, st.hessian()[0][0], 1e-8, "I_μμ");
        assertRel(31.52642368, st.hessian()[1][1], 1e-8, "I_σ²σ²");
        assertRel(1 / Math.sqrt(31.52642368), st.standardError("σ²"), 1e-8, "SE σ²");

        // The same through Cov_θ = J·Cov_u·J.
        OptimumStatistics inU = Inference.atOptimum(hu, u, List.of("μ", "log σ²"));
        double[][] covTheta = Inference.transformCovariance(inU.covariance(), jac);
        assertRel(1 / 17.75568182, covTheta[0][0], 1e-8, "var μ");
        assertRel(1 / 31.52642368, covTheta[1][1], 1e-8, "var σ²");
        assertEquals(0, covTheta[0][1], 1e-12);
        // And through the general Jacobian form.
        double[][] covTheta2 = Inference.transformCovariance(inU.covariance(), new double[][] {{1, 0}, {0, v}});
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(covTheta[i][j], covTheta2[i][j], 1e-15);
            }
        }
        // An interval on the log scale mapped back: positive and asymmetric, unlike the Wald interval for σ².
        double seLogV = inU.standardErrors()[1];
        assertRel(Math.sqrt(2.0 / SAMPLE.length), seLogV, 1e-10, "SE log σ²");
        double[] ci = Inference.intervalThroughTransform(u[1], seLogV, Math::exp);
        assertRel(v * Math.exp(-Inference.Z95 * seLogV), ci[0], 1e-12, "lower");
        assertRel(v * Math.exp(Inference.Z95 * seLogV), ci[1], 1e-12, "upper");
        assertTrue(ci[0] > 0 && st.lower95()[1] < 0);
        // Delta method: SE of σ = sqrt(σ²) is SE(σ²)/(2σ).
        double sigma = Math.sqrt(v);
        double seSigma = Inference.deltaMethodStandardError(st.covariance(), new double[] {0, 1 / (2 * sigma)});
        assertRel(st.standardError("σ²") / (2 * sigma), seSigma, 1e-12, "delta method");
    }

    @Test
    void informationCriteria() {
        InformationCriteria ic = InformationCriteria.of(3.926523529277739, 2, 5);
        assertEquals(2 * 2 + 2 * 3.926523529277739, ic.aic(), 1e-12);
        assertEquals(2 * Math.log(5) + 2 * 3.926523529277739, ic.bic(), 1e-12);
        assertEquals(ic.aic() + 2.0 * 2 * 3 / (5 - 2 - 1), ic.aicc(), 1e-12);
        assertTrue(Double.isNaN(InformationCriteria.of(1, 4, 5).aicc()));
        assertThrows(IllegalArgumentException.class, () -> InformationCriteria.of(1, 1, 0));
        assertEquals(2 * Math.log(2.5) + 2, InformationCriteria.of(1, 2, 2.5).bic(), 1e-15, "n may be a sum of weights");
    }

    // ------------------------------------------------------------------------------------- linear regression

    /** y = β0 + β1·x1 + β2·x2 + e with σ known: H of the NLL in β is XᵀX/σ², so Cov = σ²(XᵀX)⁻¹. */
    @Test
    void linearRegressionCovarianceIsSigmaSquaredTimesInverseOfXtX() {
        int n = 12;
        double sigma = 0.7;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double x1 = i + 1;
            double x2 = Math.sin(1.3 * i) + 0.1 * i * i;
            x[i] = new double[] {1, x1, x2};
            y[i] = 1.5 - 0.3 * x1 + 2.0 * x2 + 0.2 * Math.cos(7.0 * i); // deterministic "noise"
        }
        double[][] xtx = new double[3][3];
        double[] xty = new double[3];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                xty[a] += x[i][a] * y[i];
                for (int b = 0; b < 3; b++) {
                    xtx[a][b] += x[i][a] * x[i][b];
                }
            }
        }
        double[][] inv = gaussJordanInverse(xtx);

        // Fit by the optimiser (NLL with σ fixed) and compare with the normal equations.
        ObjectiveFunction nll = new ObjectiveFunction() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public double valueAndGradient(double[] beta, double[] g) {
                java.util.Arrays.fill(g, 0);
                double f = 0;
                for (int i = 0; i < n; i++) {
                    double r = y[i] - (x[i][0] * beta[0] + x[i][1] * beta[1] + x[i][2] * beta[2]);
                    f += r * r / (2 * sigma * sigma);
                    for (int a = 0; a < 3; a++) {
                        g[a] -= r * x[i][a] / (sigma * sigma);
                    }
                }
                return f + n * Math.log(sigma) + 0.5 * n * Math.log(2 * Math.PI);
            }

            @Override
            public double value(double[] beta) {
                return valueAndGradient(beta, new double[3]);
            }

            @Override
            public void hessian(double[] beta, double[][] h) {
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        h[a][b] = xtx[a][b] / (sigma * sigma);
                    }
                }
            }
        };
        Result r = Minimizer.minimize(nll, new double[3]);
        assertTrue(r.converged(), r.message());
        double[] betaHat = new double[3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                betaHat[a] += inv[a][b] * xty[b];
            }
        }
        for (int a = 0; a < 3; a++) {
            assertEquals(betaHat[a], r.u()[a], 1e-9 * Math.max(1, Math.abs(betaHat[a])));
        }

        double[][] h = new double[3][3];
        nll.hessian(r.u(), h);
        OptimumStatistics st = Inference.atOptimum(h, r.u(), List.of("β0", "β1", "β2"));
        assertTrue(st.positiveDefinite(), st.diagnosis());
        double[][] cov = st.covariance();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double expected = sigma * sigma * inv[a][b];
                assertEquals(expected, cov[a][b], 1e-10 * Math.sqrt(inv[a][a] * inv[b][b]) * sigma * sigma,
                        "cov " + a + "," + b);
                assertEquals(inv[a][b] / Math.sqrt(inv[a][a] * inv[b][b]), st.correlation()[a][b], 1e-10);
            }
            assertRel(sigma * Math.sqrt(inv[a][a]), st.standardErrors()[a], 1e-10, "SE " + a);
        }
        // Delta method: the SE of the mean prediction at x0 = (1, 4, 2) is σ·sqrt(x0ᵀ(XᵀX)⁻¹x0).
        double[] x0 = {1, 4, 2};
        double q = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                q += x0[a] * inv[a][b] * x0[b];
            }
        }
        assertRel(sigma * Math.sqrt(q), Inference.deltaMethodStandardError(cov, x0), 1e-10, "prediction SE");
    }

    /** Plain Gauss–Jordan elimination with partial pivoting, independent of EJML. */
    public static double[][] gaussJordanInverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double pivot = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= pivot;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    // ---------------------------------------------------------------------------------- not positive definite

    @Test
    void singularHessianIsReportedWithAZeroEigenvalue() {
        // y ~ Normal(a + b, 1): only a + b is determined.
        double[][] h = {{5, 5}, {5, 5}};
        OptimumStatistics st = Inference.atOptimum(h, new double[] {1, 2}, List.of("a", "b"));
        assertFalse(st.positiveDefinite());
        assertEquals(0, st.eigenvalues()[0], 1e-12);
        assertEquals(10, st.eigenvalues()[1], 1e-12);
        assertEquals(1, st.problems().size());
        Direction d = st.problems().getFirst();
        assertEquals(Direction.Curvature.FLAT, d.curvature());
        assertEquals(Math.sqrt(0.5), Math.abs(d.vector()[0]), 1e-12);
        assertEquals(-d.vector()[0], d.vector()[1], 1e-12);
        assertTrue(Double.isNaN(st.standardErrors()[0]) && Double.isNaN(st.standardErrors()[1]));
        assertTrue(Double.isNaN(st.covariance()[0][1]));
        assertTrue(Double.isNaN(st.lower95()[0]));
        assertEquals(Double.POSITIVE_INFINITY, st.conditionNumber());
        assertTrue(st.diagnosis().contains("not positive definite"), st.diagnosis());
        assertTrue(st.diagnosis().contains("a − 0.707·b") || st.diagnosis().contains("a + 0.707·b"),
                st.diagnosis());
        assertTrue(st.diagnosis().contains("not identifiable"), st.diagnosis());
    }

    @Test
    void parameterThatDoesNotEnterIsFlat() {
        double[][] h = {{4, 0, 0}, {0, 0, 0}, {0, 0, 9}};
        OptimumStatistics st = Inference.atOptimum(h, new double[] {1, 2, 3}, List.of("a", "b", "c"));
        assertFalse(st.positiveDefinite());
        assertEquals(1, st.problems().size());
        assertEquals(1, Math.abs(st.problems().getFirst().vector()[1]), 1e-12);
        assertTrue(st.problems().getFirst().description().contains("1.00·b"), st.diagnosis());
    }

    @Test
    void negativeCurvatureIsReported() {
        double[][] h = {{2, 0}, {0, -1}};
        OptimumStatistics st = Inference.atOptimum(h, new double[] {0, 0}, List.of("a", "b"));
        assertFalse(st.positiveDefinite());
        assertEquals(-1, st.eigenvalues()[0], 1e-15);
        assertEquals(Direction.Curvature.NEGATIVE, st.problems().getFirst().curvature());
        assertTrue(st.diagnosis().contains("not a minimum"), st.diagnosis());
    }

    @Test
    void nearlyFlatDirectionIsPositiveDefiniteWithAWarning() {
        double rho = 1 - 1e-9;
        double[][] h = {{1, rho}, {rho, 1}};
        OptimumStatistics st = Inference.atOptimum(h, new double[] {0, 0});
        assertTrue(st.positiveDefinite(), st.diagnosis());
        assertEquals(1, st.warnings().size(), st.diagnosis());
        assertTrue(st.warnings().getFirst().contains("Nearly flat"), st.diagnosis());
        // the closed-form inverse of [[1, ρ], [ρ, 1]] is [[1, −ρ], [−ρ, 1]]/(1 − ρ²)
        assertRel(1 / (1 - rho * rho), st.covariance()[0][0], 1e-6, "var");
    }

    @Test
    void nonFiniteHessianIsFlagged() {
        double[][] h = {{1, Double.NaN}, {Double.NaN, 1}};
        OptimumStatistics st = Inference.atOptimum(h, new double[] {0, 0});
        assertFalse(st.positiveDefinite());
        assertTrue(Double.isNaN(st.standardErrors()[0]));
        assertTrue(st.diagnosis().contains("not finite"), st.diagnosis());
    }

    // ------------------------------------------------------------------------------- badly scaled: Misra1a

    /**
     * NIST's certified standard deviations of Misra1a are sqrt of the diagonal of σ̂²(JᵀJ)⁻¹ with σ̂² = RSS/(n − p)
     * at the certified estimates; the Hessian JᵀJ/σ̂² is badly scaled (condition number ~10¹³).
     */
    @Test
    void misra1aCertifiedStandardDeviations() throws IOException {
        double[] xs = new double[14];
        double[] ys = new double[14];
        try (InputStream in = InferenceTest.class.getResourceAsStream("/strd/Misra1a.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\\R");
            for (int i = 1; i < lines.length; i++) {
                String[] p = lines[i].split(",");
                ys[i - 1] = Double.parseDouble(p[0]);
                xs[i - 1] = Double.parseDouble(p[1]);
            }
        }
        double b1 = 2.3894212918E+02;
        double b2 = 5.5015643181E-04;
        double rss = 0;
        double[][] jtj = new double[2][2];
        for (int i = 0; i < 14; i++) {
            double e = Math.exp(-b2 * xs[i]);
            double r = ys[i] - b1 * (1 - e);
            rss += r * r;
            double[] j = {1 - e, b1 * xs[i] * e};
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    jtj[a][b] += j[a] * j[b];
                }
            }
        }
        double s2 = rss / (14 - 2);
        double[][] h = {{jtj[0][0] / s2, jtj[0][1] / s2}, {jtj[1][0] / s2, jtj[1][1] / s2}};
        OptimumStatistics st = Inference.atOptimum(h, new double[] {b1, b2}, List.of("b1", "b2"));
        assertTrue(st.positiveDefinite(), st.diagnosis());
        assertRel(2.7070075241E+00, st.standardErrors()[0], 1e-8, "SD b1");
        assertRel(7.2668688436E-06, st.standardErrors()[1], 1e-8, "SD b2");
        assertTrue(st.conditionNumber() > 1e10, "raw condition " + st.conditionNumber());
        assertTrue(st.scaledConditionNumber() < 1e4, "scaled condition " + st.scaledConditionNumber());
    }
}
