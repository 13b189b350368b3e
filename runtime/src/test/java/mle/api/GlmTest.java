package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Logistic and Poisson regressions with 200 predictors, fitted by Newton's method on XᵀWX, against statsmodels
 * (reference/glm.py, whose values are committed). The data come from the same SplitMix64 generator in both
 * languages, uniform variates only, so both fit the same numbers.
 */
class GlmTest {
    static final int N = 1000, P = 200;

    /** SplitMix64, as reference/glm.py has it. */
    static final class SplitMix64 {
        long state;

        SplitMix64(long seed) { state = seed; }

        double uniform() {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            return (z >>> 11) * 0x1.0p-53;
        }
    }

    static DataTable data(long seed, double spread, boolean logistic) {
        SplitMix64 g = new SplitMix64(seed);
        double[][] x = new double[P][N];
        for (int i = 0; i < N; i++) for (int j = 0; j < P; j++) x[j][i] = 2 * g.uniform() - 1;
        double[] beta = new double[P];
        for (int j = 0; j < P; j++) beta[j] = spread * (2 * g.uniform() - 1);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            double eta = 0.3;
            for (int j = 0; j < P; j++) eta += x[j][i] * beta[j];
            double u = g.uniform();
            if (logistic) {
                y[i] = u < 1 / (1 + StrictMath.exp(-eta)) ? 1 : 0;
            } else {
                double rate = StrictMath.exp(eta), term = StrictMath.exp(-rate), total = term;
                int k = 0;
                while (u > total && k < 1000) {
                    k++;
                    term *= rate / k;
                    total += term;
                }
                y[i] = k;
            }
        }
        return table(x, y);
    }

    /** Columns X1 … Xp and y. */
    static DataTable table(double[][] x, double[] y) {
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            names.add("X" + (j + 1));
            columns.add(x[j]);
        }
        names.add("y");
        columns.add(y);
        return DataTable.of(names, columns);
    }

    static void check(String likelihood, String prefix, DataTable data) throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("glm-reference.txt");
        Model m = Model.compile("data X[200], y\nparam a\nparam β[200]\ny ~ " + likelihood + "(a + dot(X, β))\n");
        FitResult r = m.fit(data);
        assertEquals(Verdict.CONVERGED_NEWTON_DECREMENT, r.verdict(), r.message());
        assertTrue(r.search().method().startsWith("Newton's method on XᵀWX"), r.search().method());
        assertTrue(r.search().global(), r.search().sentence());
        assertEquals(ref.get(prefix + ".a"), r.estimate("a").value(), 1e-9 * Math.max(1, Math.abs(ref.get(prefix + ".a"))));
        assertEquals(ref.get(prefix + ".se.a"), r.estimate("a").standardError(), 1e-7 * ref.get(prefix + ".se.a"));
        for (int j = 1; j <= P; j++) {
            double b = ref.get(prefix + ".b" + j), se = ref.get(prefix + ".se.b" + j);
            assertEquals(b, r.estimate("β[" + j + "]").value(), 1e-9 * Math.max(1, Math.abs(b)), "β[" + j + "]");
            assertEquals(se, r.estimate("β[" + j + "]").standardError(), 1e-7 * se, "its standard error");
        }
    }

    @Test
    void logisticRegressionWith200PredictorsMatchesStatsmodels() throws IOException {
        check("BernoulliLogit", "logistic", data(2026, 0.6, true));
    }

    @Test
    void poissonRegressionWith200PredictorsMatchesStatsmodels() throws IOException {
        check("PoissonLog", "poisson", data(1130, 0.2, false));
    }

    @Test
    void aSeparatedLogisticRegressionWithManyPredictorsSaysSoItself() {
        // 250 predictors and 300 rows: some combination separates the outcomes. Above 200 parameters the verdict
        // comes from Newton's run itself, not from the general path's exact Hessian.
        int p = 250, n = 300;
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double[][] x = new double[p][n];
        for (int j = 0; j < p; j++) for (int i = 0; i < n; i++) x[j][i] = random.nextGaussian();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = random.nextBoolean() ? 1 : 0;
        Model m = Model.compile("data X[250], y\nparam a\nparam β[250]\ny ~ BernoulliLogit(a + dot(X, β))\n");
        FitResult r = m.fit(table(x, y));
        assertEquals(Verdict.AT_BOUNDARY, r.verdict(), r.message());
        assertTrue(r.message().contains("separation") && r.message().contains("fitted probabilities within"), r.message());
        assertTrue(Double.isNaN(r.estimate("β[1]").standardError()));
    }

    @Test
    void aStudentTRegressionWith205PredictorsFitsThroughItsLinearPredictor() {
        // Above 200 parameters the chain rule through η gives the exact gradient and Hessian from X products, so the
        // Newton polish runs and the gradient ends at rounding level.
        int p = 205, n = 600;
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        double[][] x = new double[p][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = 1;
            for (int j = 0; j < p; j++) {
                x[j][i] = random.nextGaussian();
                eta += 0.05 * x[j][i];
            }
            y[i] = eta + 0.5 * random.nextGaussian() / Math.sqrt(random.nextDouble() + 0.1);
        }
        Model m = Model.compile("data X[205], y\nparam a\nparam β[205]\nparam σ > 0\ny ~ StudentT(4, a + dot(X, β), σ)\n");
        FitResult r = m.fit(table(x, y), FitOptions.defaults().withStarts(1));
        assertTrue(r.converged(), r.message());
        assertTrue(r.search().method().contains("the chain rule through the linear predictor"), r.search().method());
        assertTrue(r.gradientNorm() < 1e-6, "max |gradient| " + r.gradientNorm());
        assertTrue(r.estimate("σ").standardError() > 0 && r.estimate("β[205]").standardError() > 0);
    }
}
