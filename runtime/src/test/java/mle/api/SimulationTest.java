package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Distribution;
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

    /** The message simulate refuses with: one sentence naming the row and the statement's line. */
    private static String refusal(String statement, String parameters, Map<String, Double> values, int rows) {
        Model m = Model.compile("data y\n" + parameters + "\n" + statement + "\n");
        OptionException e = assertThrows(OptionException.class, () -> m.simulate(values, null, rows, 1), statement + " at " + values);
        int line = 3 + (int) parameters.chars().filter(c -> c == '\n').count();
        assertTrue(e.getMessage().contains("(line " + line + ": " + statement + ")") && e.getMessage().contains(" at row "), e.getMessage());
        assertEquals(1, e.getMessage().split("\\. ").length, "one sentence: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void argumentsWhoseDrawsADoubleCannotHoldAreRefusedWithTheirLine() {
        // Before: a stack overflow (NegBinomial), a hang (Poisson of 1e300, after the old sampler's minutes per draw),
        // 2³⁰-ish draws for a billion billion trials, and 0, 5.6e-319, ±1.34e154 or ∞ written for the rest.
        assertTrue(refusal("y ~ NegBinomial(m, 2)", "param m > 0", Map.of("m", 1e300), 3).contains("its mean μ is 1.0e300, beyond 2⁵³"));
        assertTrue(refusal("y ~ Poisson(l)", "param l > 0", Map.of("l", 1e300), 3).contains("its rate λ is 1.0e300, beyond 2⁵³ = 9007199254740992"));
        assertTrue(refusal("y ~ Poisson(l)", "param l > 0", Map.of("l", Math.nextUp(9007199254740992.0)), 3).contains("beyond 2⁵³"));
        assertTrue(refusal("y ~ PoissonLog(a)", "param a", Map.of("a", 40.0), 3).contains("its rate e^α is e^40"));
        assertTrue(refusal("y ~ Poisson(l)", "param l > 0", Map.of("l", 9007199254740992.0), 20).contains("drew a count"));
        String gamma = refusal("y ~ Gamma(a, 1)", "param a > 0", Map.of("a", 1e-300), 3);
        assertTrue(gamma.contains("below the smallest positive double (4.9e-324): it would be written as 0, outside its support"), gamma);
        assertTrue(refusal("y ~ Beta(a, 2)", "param a > 0", Map.of("a", 1e-10), 3).contains("it would be written as 0"));
        assertTrue(refusal("y ~ Beta(2, b)", "param b > 0", Map.of("b", 1e-10), 3).contains("nearer to 1 than the largest double below 1"));
        String beyond = "beyond the largest double (±1.8e308)";
        assertTrue(refusal("y ~ Exponential(r)", "param r > 0", Map.of("r", 1e-320), 3).contains(beyond));
        assertTrue(refusal("y ~ LogNormal(m, 1)", "param m", Map.of("m", 1e3), 3).contains(beyond));
        assertTrue(refusal("y ~ StudentT(ν, 0, 1)", "param ν > 0", Map.of("ν", 1e-10), 3).contains(beyond));
        assertTrue(refusal("y ~ Normal(m, s)", "param m\nparam s > 0", Map.of("m", 1e308, "s", 1e308), 10).contains(beyond));
        assertTrue(refusal("y ~ Cauchy(0, s)", "param s > 0", Map.of("s", 1e308), 10).contains(beyond));
        assertTrue(refusal("y ~ Weibull(k, 1)", "param k > 0", Map.of("k", 1e-3), 50).contains(" drew a value at row "));
        assertTrue(refusal("y ~ Uniform(1, 1.0000000000000002)", "param q\nq ~ Normal(0, 1)", Map.of("q", 0.0), 50).contains("rounds to its bound"));
    }

    @Test
    void countsAndTrialsFromTheCovariatesAreWholeAndAtMost2To53() {
        Model m = Model.compile("data n, y\nparam p in (0, 1)\ny ~ Binomial(n, p)\n");
        double two53 = 9007199254740992.0;
        // Before: N was cast to int, so 1e18 trials drew about 1e9 successes and 2.5 trials drew from 2. Now bad data,
        // located at the covariates' row, not a bad option.
        for (double trials : new double[] {1e18, 2.5, -1}) {
            DataTable n = DataTable.of(List.of("n"), List.of(new double[] {3, trials}));
            mle.runtime.data.DataException e = assertThrows(mle.runtime.data.DataException.class, () -> m.simulate(Map.of("p", 0.5), n, 2, 1));
            assertTrue(e.getMessage().startsWith("row 2: ") && e.getMessage().contains(" (model line 3: y ~ Binomial(n, p))"), e.getMessage());
            assertTrue(e.getMessage().contains(trials == 1e18 ? "its number of trials N is 1.0e18, beyond 2⁵³"
                    : "the number of trials N of Binomial is " + mle.compiler.ir.IrPrinter.number(trials) + " (model line 3"), e.getMessage());
        }
        // The same value from a parameter is the parameter's: bad usage, at its row.
        Model fromParameter = Model.compile("data y\nparam λ > 0\ny ~ Poisson(λ * 1e300)\n");
        assertThrows(OptionException.class, () -> fromParameter.simulate(Map.of("λ", 1.0), null, 2, 1));
        double[] trials = new double[200];
        java.util.Arrays.fill(trials, two53);
        double p = 1 - Math.ulp(1.0) / 2;
        double[] y = m.simulate(Map.of("p", p), DataTable.of(List.of("n"), List.of(trials)), trials.length, 3).column("y");
        assertTrue(java.util.Arrays.stream(y).allMatch(v -> v <= two53 && v > two53 - 30), java.util.Arrays.toString(y));
        assertTrue(java.util.Arrays.stream(y).anyMatch(v -> ((long) v & 1) == 1), "2⁵³ minus an odd count is drawn as itself");
        // A rate of 1e15 (before: hung) draws its mean and spread.
        double[] big = Model.compile("data y\nparam l > 0\ny ~ Poisson(l)\n").simulate(Map.of("l", 1e15), null, 2_000, 3).column("y");
        double mean = java.util.Arrays.stream(big).map(v -> v - 1e15).average().orElseThrow();
        assertEquals(0, mean, 5 * Math.sqrt(1e15 / big.length), "Poisson(1e15) mean − 1e15");
    }

    @Test
    void studentTOfManyDegreesOfFreedomIsTheNormal() {
        // Before: commons-math3's inverse CDF threw a ConvergenceException (an internal error) at ν = 1e300.
        double[] y = Model.compile("data y\nparam ν > 0\ny ~ StudentT(ν, 0, 1)\n").simulate(Map.of("ν", 1e300), null, 20_000, 5).column("y");
        double mean = java.util.Arrays.stream(y).average().orElseThrow(), square = java.util.Arrays.stream(y).map(v -> v * v).average().orElseThrow();
        assertEquals(0, mean, 5 / Math.sqrt(y.length));
        assertEquals(1, square, 5 * Math.sqrt(2.0 / y.length));
    }

    @Test
    void everyDistributionAtExtremeArgumentsDrawsWhatADoubleHoldsOrRefuses() {
        // Every combination of extreme values for every argument, from the covariates: a draw is finite and in the
        // support, or a refusal names its row and line; never another exception, never a hang.
        double[] extremes = {0, Double.MIN_VALUE, 1e-320, 1e-300, 1e-10, 0.5, 1, 2.5, 1e10, 9007199254740992.0, 1e300,
                Double.MAX_VALUE, -1, -1e300};
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(120), () -> {
            for (Distribution d : Distributions.all()) {
                int k = d.parameters().size();
                List<String> names = new ArrayList<>();
                for (int a = 0; a < k; a++) names.add("x" + a);
                Model m = Model.compile("data " + String.join(", ", names) + ", y\nparam q\nq ~ Normal(0, 1)\ny ~ " + d.name()
                        + "(" + String.join(", ", names) + ")\n");
                int combinations = (int) Math.pow(extremes.length, k);
                for (int c = 0; c < combinations; c++) {
                    List<double[]> columns = new ArrayList<>();
                    StringBuilder at = new StringBuilder(d.name());
                    for (int a = 0, rest = c; a < k; a++, rest /= extremes.length) {
                        columns.add(new double[] {extremes[rest % extremes.length]});
                        at.append(' ').append(extremes[rest % extremes.length]);
                    }
                    try {
                        double y = m.simulate(Map.of("q", 0.0), DataTable.of(names, columns), 1, 1).get("y", 0);
                        assertTrue(d.support().contains(y), at + " drew " + y);
                    } catch (mle.runtime.data.DataException refused) {
                        assertTrue(refused.getMessage().startsWith("row 1: ") && refused.getMessage().contains("(model line 4: y ~ "), at + ": " + refused.getMessage());
                    } catch (OptionException refused) {
                        assertTrue(refused.getMessage().contains(" at row 1 (line 4: y ~ "), at + ": " + refused.getMessage());
                    }
                }
            }
        });
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
