package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group effects: a vector indexed by a data column, m[g], with a column of names read as levels. Checked against
 * statsmodels (reference/grouped.py, whose values are committed) and closed forms: with nothing but group effects, each
 * group's estimate is its own sample's (the mean, log of the mean count, logit of the proportion).
 */
class GroupEffectsTest {
    private static final Path ROOT = FitTest.ROOT;

    private static FitOptions general() {
        return FitOptions.defaults().withOptimizer(Options.defaults().withMethod(Options.Method.LBFGS));
    }

    @Test
    void grunfeldsFixedEffectsRegressionMatchesStatsmodels() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("grouped-reference.txt");
        Model m = Model.compile(ROOT.resolve("samples/grunfeld/model.mle"));
        DataTable data = m.readData(ROOT.resolve("samples/grunfeld/data.csv"));
        assertEquals("American Steel", data.levels("firm").getFirst());
        assertEquals(11, data.levels("firm").size());
        FitResult r = m.fit(data);
        FitResult expected = m.fit(data, FitOptions.defaults().withExpectedInformation(true));
        assertTrue(r.converged(), r.message());
        assertTrue(r.search().method().startsWith("a direct solve"), r.search().method());
        int n = 220, p = 13;
        // statsmodels divides the RSS by n − p; the observed information at the MLE has σ̂² = RSS/n.
        double toObserved = Math.sqrt((n - p) / (double) n);
        for (String name : List.of("a[1]", "a[6]", "a[11]", "b_value", "b_capital")) {
            double b = ref.get("grunfeld." + name), se = ref.get("grunfeld.se." + name);
            assertEquals(b, r.estimate(name).value(), 1e-10 * Math.max(1, Math.abs(b)), name);
            assertEquals(se * toObserved, r.estimate(name).standardError(), 1e-8 * se, name);
            Estimate e = expected.expected().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            assertEquals(se, e.standardError(), 1e-8 * se, name + " from the expected information");
        }
        assertEquals(Math.sqrt(ref.get("grunfeld.rss") / n), r.estimate("σ").value(), 1e-10 * r.estimate("σ").value());
        // The general method, through the compiled lookups, reaches the same optimum.
        FitResult lbfgs = m.fit(data, general());
        assertTrue(lbfgs.converged(), lbfgs.message());
        assertEquals(ref.get("grunfeld.b_capital"), lbfgs.estimate("b_capital").value(), 1e-6);
        assertEquals(ref.get("grunfeld.a[5]"), lbfgs.estimate("a[5]").value(), 1e-6 * 236);
    }

    @Test
    void aPoissonRegressionWithOneRatePerRegionMatchesStatsmodels() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("grouped-reference.txt");
        Model m = Model.compile("data y, x, region\nparam m[5], b\ny ~ Poisson(exp(m[region] + b * x))\n");
        DataTable data = m.readData(LeastAbsoluteDeviationsTest.REFERENCE.resolve("grouped-poisson.csv"));
        assertEquals(List.of("centre", "east", "north", "south", "west"), data.levels("region"));
        for (boolean direct : new boolean[] {true, false}) {
            FitResult r = m.fit(data, direct ? FitOptions.defaults() : general());
            assertTrue(r.converged(), r.message());
            double tolerance = direct ? 1e-9 : 1e-6;
            for (String name : List.of("m[1]", "m[2]", "m[3]", "m[4]", "m[5]", "b")) {
                double b = ref.get("poisson." + name), se = ref.get("poisson.se." + name);
                assertEquals(b, r.estimate(name).value(), tolerance, name + " by " + r.search().method());
                assertEquals(se, r.estimate(name).standardError(), 1e3 * tolerance * se, name);
            }
        }
    }

    /** Rows of groups 1..k of different sizes, with y drawn by {@code draw}. */
    private static DataTable groups(int k, int seed, java.util.function.BiFunction<SplittableRandom, Integer, Double> draw) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> y = new ArrayList<>(), g = new ArrayList<>();
        for (int group = 1; group <= k; group++) {
            int size = 15 + random.nextInt(20);
            for (int i = 0; i < size; i++) {
                y.add(draw.apply(random, group));
                g.add((double) group);
            }
        }
        return DataTable.of(List.of("y", "g"), List.of(y.stream().mapToDouble(Double::doubleValue).toArray(),
                g.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** Each group's mean of f(y). */
    private static double[] groupMeans(DataTable data, int k, java.util.function.DoubleUnaryOperator f) {
        double[] sum = new double[k], count = new double[k];
        for (int r = 0; r < data.rowCount(); r++) {
            int group = (int) data.get("g", r) - 1;
            sum[group] += f.applyAsDouble(data.get("y", r));
            count[group]++;
        }
        for (int j = 0; j < k; j++) sum[j] /= count[j];
        return sum;
    }

    @Test
    void withGroupEffectsAloneEachGroupIsItsOwnSample() {
        int k = 20;   // beyond the number of elements at which one node picks straight from the parameter array
        DataTable normal = groups(k, 1, (random, group) -> group + random.nextGaussian());
        DataTable counts = groups(k, 2, (random, group) -> 1.0 + random.nextInt(1 + group));
        DataTable binary = groups(k, 3, (random, group) -> random.nextDouble() < 0.3 + 0.4 * group / k ? 1.0 : 0.0);
        double[] means = groupMeans(normal, k, y -> y), rates = groupMeans(counts, k, y -> y), shares = groupMeans(binary, k, y -> y);
        for (double share : shares) assertTrue(share > 0 && share < 1, "every group has both outcomes");
        for (boolean direct : new boolean[] {true, false}) {
            FitOptions options = direct ? FitOptions.defaults() : general();
            FitResult r = Model.compile("data y, g\nparam m[20]\nparam σ > 0\ny ~ Normal(m[g], σ)\n").fit(normal, options);
            FitResult p = Model.compile("data y, g\nparam m[20]\ny ~ PoissonLog(m[g])\n").fit(counts, options);
            FitResult b = Model.compile("data y, g\nparam m[20]\ny ~ BernoulliLogit(m[g])\n").fit(binary, options);
            double tolerance = direct ? 1e-10 : 1e-5;   // L-BFGS alone stops within about 1e-5 standard errors
            for (int j = 0; j < k; j++) {
                String name = "m[" + (j + 1) + "]";
                assertEquals(means[j], r.estimate(name).value(), tolerance, name);
                assertEquals(Math.log(rates[j]), p.estimate(name).value(), tolerance, name);
                assertEquals(Math.log(shares[j] / (1 - shares[j])), b.estimate(name).value(), tolerance, name);
            }
            assertTrue(r.converged() && p.converged() && b.converged(), r.message() + p.message() + b.message());
        }
    }

    @Test
    void aGroupWithoutEventsHasNoEstimateAndSaysSo() {
        // Every count of group 2 is 0: its log-rate runs off to −∞, which must not be reported as converged.
        DataTable counts = DataTable.of(List.of("y", "g"), List.of(new double[] {3, 1, 0, 0, 0, 2, 4}, new double[] {1, 1, 2, 2, 2, 3, 3}));
        for (boolean direct : new boolean[] {true, false}) {
            FitResult r = Model.compile("data y, g\nparam m[3]\ny ~ PoissonLog(m[g])\n").fit(counts, direct ? FitOptions.defaults() : general());
            assertTrue(!r.converged(), r.message());
            assertTrue(r.message().contains("m[2]"), r.message());
            assertEquals(Math.log(3), r.estimate("m[3]").value(), 1e-6);
        }
    }

    @Test
    void namesAreLevelsInSortedOrderAndNumbersStayNumbers(@TempDir Path dir) throws IOException {
        Model m = Model.compile("data y, g\nparam m[3]\nparam σ > 0\ny ~ Normal(m[g], σ)\n");
        Path names = dir.resolve("names.csv");
        Files.writeString(names, "y,g\n1,west\n2,east\n\"3\", \"north east\"\n4,east\n");
        DataTable table = m.readData(names);
        assertEquals(List.of("east", "north east", "west"), table.levels("g"));
        assertEquals(List.of(3.0, 1.0, 2.0, 1.0), List.of(table.get("g", 0), table.get("g", 1), table.get("g", 2), table.get("g", 3)));
        Path numbers = dir.resolve("numbers.csv");
        Files.writeString(numbers, "y,g\n1,3\n2,1\n3,2\n");
        DataTable numeric = m.readData(numbers);
        assertNull(numeric.levels("g"));
        assertEquals(3.0, numeric.get("g", 0));
        // From Java: the same levels from a list of names.
        DataTable built = DataTable.of(List.of("y"), List.of(new double[] {1, 2, 3, 4}))
                .withLevels("g", List.of("west", "east", "north east", "east"));
        assertEquals(table.levels("g"), built.levels("g"));
        assertEquals(table.column("g")[0], built.column("g")[0]);
        assertEquals(m.fit(table).estimate("m[3]").value(), m.fit(built).estimate("m[3]").value());
    }

    @Test
    void aColumnOfNamesMustHaveOneLevelPerElement(@TempDir Path dir) throws IOException {
        Model m = Model.compile("data y, g\nparam m[3]\nparam σ > 0\ny ~ Normal(m[g], σ)\n");
        Path two = dir.resolve("two.csv");
        Files.writeString(two, "y,g\n1,a\n2,b\n3,a\n");
        DataException e = assertThrows(DataException.class, () -> m.fit(m.readData(two)));
        assertTrue(e.getMessage().contains("`g` has 2 levels (a, b), but `m` has 3 elements"), e.getMessage());
        assertTrue(e.getMessage().contains("param m[2]"), e.getMessage());
        // A column of names that is not an index by itself is not read as names.
        Model shifted = Model.compile("data y, g\nparam m[3]\nparam σ > 0\ny ~ Normal(m[g + 0.5 - 0.5], σ)\n");
        DataException notNumber = assertThrows(DataException.class, () -> shifted.readData(two));
        assertTrue(notNumber.getMessage().contains("\"a\" is not a number"), notNumber.getMessage());
        // A number out of range names its line.
        Path four = dir.resolve("four.csv");
        Files.writeString(four, "y,g\n1,1\n2,4\n3,2\n");
        DataException range = assertThrows(DataException.class, () -> m.fit(m.readData(four)));
        assertTrue(range.getMessage().contains("line 3") && range.getMessage().contains("from 1 to 3"), range.getMessage());
    }

    @Test
    void theLevelHintProposesOnlyASizeTheLanguageAccepts() {
        Model m = Model.compile("data y, g\nparam m[3]\nparam σ > 0\ny ~ Normal(m[g], σ)\n");
        List<String> many = java.util.stream.IntStream.range(0, 100_001).mapToObj(i -> "firm " + i).sorted().toList();
        DataException e = assertThrows(DataException.class, () -> m.checkLevels(null, "g", many));
        assertTrue(e.getMessage().contains("`g` has 100001 levels"), e.getMessage());
        assertFalse(e.getMessage().contains("m[100001]"), "a size the language refuses: " + e.getMessage());
        assertTrue(e.getMessage().contains("a vector holds at most 100000 elements"), e.getMessage());
        // At the limit, the size is still proposed.
        DataException atLimit = assertThrows(DataException.class, () -> m.checkLevels(null, "g", many.subList(0, 100_000)));
        assertTrue(atLimit.getMessage().contains("`param m[100000]`"), atLimit.getMessage());
    }
}
