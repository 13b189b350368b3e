package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.compiler.dist.Distribution;
import mle.compiler.dist.Distributions;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * Simulation: each distribution's draws have its mean and variance (themselves checked against scipy), a seed gives
 * the same data, and fitting simulated data is calibrated: over many seeds the 95% intervals cover the true values
 * about 95% of the time.
 */
class SimulationTest {
    private static final double[] X;

    static {
        X = new double[40];
        for (int i = 0; i < X.length; i++) X[i] = -1 + 2.0 * i / (X.length - 1);
    }

    @Test
    void everyDistributionDrawsWithItsMeanAndVariance() {
        Map<String, double[]> arguments = Map.ofEntries(Map.entry("Normal", new double[] {0.3, 2}), Map.entry("Laplace", new double[] {-1, 0.7}),
                Map.entry("StudentT", new double[] {5, 1, 2}), Map.entry("Logistic", new double[] {2, 0.5}),
                Map.entry("LogNormal", new double[] {0.2, 0.6}), Map.entry("Exponential", new double[] {1.7}),
                Map.entry("Gamma", new double[] {2.5, 0.4}), Map.entry("Beta", new double[] {2, 5}),
                Map.entry("Uniform", new double[] {-1, 3}), Map.entry("Weibull", new double[] {1.5, 10}),
                Map.entry("Bernoulli", new double[] {0.3}), Map.entry("BernoulliLogit", new double[] {-0.8}),
                Map.entry("Binomial", new double[] {12, 0.35}), Map.entry("Poisson", new double[] {3.2}),
                Map.entry("PoissonLog", new double[] {0.4}), Map.entry("NegBinomial", new double[] {4, 2.5}));
        int n = 40_000;
        for (Map.Entry<String, double[]> e : arguments.entrySet()) {
            Distribution d = Distributions.lookup(e.getKey());
            List<String> args = new ArrayList<>();
            for (double v : e.getValue()) args.add(Double.toString(v));
            Model m = Model.compile("data y\nparam q\ny ~ " + e.getKey() + "(" + String.join(", ", args) + ")\nq ~ Normal(0, 1)\n");
            double[] y = m.simulate(Map.of("q", 0.0), null, n, 11).column("y");
            IrBuilder b = new IrBuilder();
            List<Node> nodes = new ArrayList<>();
            for (double v : e.getValue()) nodes.add(b.constant(v));
            double mean = d.mean(b, nodes).value, variance = d.variance(b, nodes).value;
            double sampleMean = java.util.Arrays.stream(y).average().orElseThrow();
            double sampleVariance = java.util.Arrays.stream(y).map(v -> (v - sampleMean) * (v - sampleMean)).sum() / (n - 1);
            assertEquals(mean, sampleMean, 5 * Math.sqrt(variance / n), e.getKey() + " mean");
            assertEquals(variance, sampleVariance, 0.06 * variance, e.getKey() + " variance");
        }
    }

    @Test
    void aSeedGivesTheSameDataAndCovariatesAreKept() {
        Model m = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        DataTable covariates = DataTable.of(List.of("x"), List.of(X));
        Map<String, Double> at = Map.of("a", 1.0, "b", 2.0, "σ", 0.5);
        DataTable one = m.simulate(at, covariates, X.length, 42), again = m.simulate(at, covariates, X.length, 42);
        assertEquals(one, again);
        assertNotEquals(one, m.simulate(at, covariates, X.length, 43));
        assertEquals(List.of("x", "y"), one.columnNames());
        assertEquals(X[7], one.get("x", 7));
        assertThrows(OptionException.class, () -> m.simulate(Map.of("a", 1.0, "b", 2.0), covariates, X.length, 1), "σ is missing");
        assertThrows(OptionException.class, () -> m.simulate(Map.of("a", 1.0, "b", 2.0, "σ", -1.0), covariates, X.length, 1));
        assertThrows(OptionException.class, () -> m.simulate(at, null, 5, 1), "x must come from the covariates");
    }

    /** How often the 95% Wald interval of each parameter covers its true value, over {@code seeds} simulated data sets. */
    private static double[] coverage(String model, Map<String, Double> truth, List<String> names, int seeds) {
        Model m = Model.compile(model);
        DataTable covariates = DataTable.of(List.of("x"), List.of(X));
        double[] covered = new double[names.size()];
        for (int seed = 1; seed <= seeds; seed++) {
            FitResult r = m.fit(m.simulate(truth, covariates, X.length, seed));
            assertTrue(r.converged(), r.message());
            for (int k = 0; k < names.size(); k++) {
                Estimate e = r.estimate(names.get(k));
                double t = truth.get(names.get(k));
                if (e.lower() <= t && t <= e.upper()) covered[k]++;
            }
        }
        for (int k = 0; k < covered.length; k++) covered[k] /= seeds;
        return covered;
    }

    @Test
    void fitsOfSimulatedDataAreCalibrated() {
        // 400 data sets: a coverage of 95% has a standard deviation of 1.1%. The Wald interval with the MLE's σ̂ (which
        // divides by n) covers a little less than 95% at n = 40.
        double[] normal = coverage("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n",
                Map.of("a", 1.0, "b", -0.5, "σ", 0.8), List.of("a", "b", "σ"), 400);
        for (double c : normal) assertTrue(c > 0.9 && c < 0.985, "normal regression coverage " + java.util.Arrays.toString(normal));
        double[] poisson = coverage("data x, y\nparam a, b\ny ~ PoissonLog(a + b * x)\n",
                Map.of("a", 0.7, "b", 0.6), List.of("a", "b"), 400);
        for (double c : poisson) assertTrue(c > 0.915 && c < 0.985, "Poisson regression coverage " + java.util.Arrays.toString(poisson));
        System.out.println("SimulationTest: 95% Wald coverage over 400 simulated data sets: normal regression (a, b, σ) "
                + java.util.Arrays.toString(normal) + ", Poisson regression (a, b) " + java.util.Arrays.toString(poisson));
    }
}
