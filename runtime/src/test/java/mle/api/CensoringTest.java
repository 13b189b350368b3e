package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Censored and truncated likelihoods (named arguments of a `~` statement) against scipy.stats
 * (reference/censored.py, values committed): a right-censored Weibull survival fit, and the log-likelihood of rows of
 * every kind under a truncated normal.
 */
class CensoringTest {

    @Test
    void aRightCensoredWeibullSurvivalFitMatchesScipy() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("censored-reference.txt");
        Model m = Model.compile(FitTest.ROOT.resolve("samples/survival/model.mle"));
        DataTable data = m.readData(FitTest.ROOT.resolve("samples/survival/data.csv"));
        FitResult r = m.fit(data);
        assertTrue(r.converged(), r.message());
        // scipy's optimiser stops earlier than ours: the estimates agree to its precision, the likelihood to ours.
        assertEquals(ref.get("weibull.shape"), r.estimate("k").value(), 1e-4 * ref.get("weibull.shape"));
        assertEquals(ref.get("weibull.scale"), r.estimate("λ").value(), 1e-4 * ref.get("weibull.scale"));
        assertTrue(r.nll() <= -ref.get("weibull.loglik") + 1e-9, "at least as good as scipy's: " + r.nll());
        assertEquals(-ref.get("weibull.loglik"), r.nll(), 1e-8);
    }

    @Test
    void everyKindOfRowUnderATruncatedNormalMatchesScipy() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("censored-reference.txt");
        Model m = Model.compile("data y, right, left, interval, upper\nparam μ\nparam σ > 0\n"
                + "y ~ Normal(μ, σ, right_censored = right, left_censored = left, interval_censored = interval,"
                + " interval_upper = upper, truncated_below = 0)\n");
        DataTable rows = DataTable.of(List.of("y", "right", "left", "interval", "upper"), List.of(
                new double[] {0.4, 2.5, 1.9, 0.8, 0.6, 3.2}, new double[] {0, 0, 1, 0, 0, 1}, new double[] {0, 0, 0, 1, 0, 0},
                new double[] {0, 0, 0, 0, 1, 0}, new double[] {0, 0, 0, 0, 1.1, 0}));
        Model.Evaluation e = m.evaluate(rows, Map.of("μ", 1.3, "σ", 0.7), Objective.Mode.MLE);
        assertEquals(-ref.get("truncated.loglik"), e.nll(), 1e-12 * 14);
        // The gradient is exact: against central differences of the objective.
        for (String p : List.of("μ", "σ")) {
            double h = 1e-6;
            Map<String, Double> up = new java.util.HashMap<>(Map.of("μ", 1.3, "σ", 0.7)), down = new java.util.HashMap<>(up);
            up.merge(p, h, Double::sum);
            down.merge(p, -h, Double::sum);
            double difference = (m.evaluate(rows, up, Objective.Mode.MLE).nll() - m.evaluate(rows, down, Objective.Mode.MLE).nll()) / (2 * h);
            assertEquals(difference, e.gradient()[p.equals("μ") ? 0 : 1], 1e-6, "∂NLL/∂" + p);
        }
    }

    @Test
    void countsCensoredWithinATruncatedRangeMatchScipy() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("censored-reference.txt");
        java.nio.file.Path golden = FitTest.ROOT.resolve("compiler/src/test/resources/golden/good");
        Model m = Model.compile(golden.resolve("censored-counts.mle"));
        DataTable rows = m.readData(golden.resolve("censored-counts.csv"));
        Model.Evaluation e = m.evaluate(rows, Map.of("a", 1.0, "b", 0.5), Objective.Mode.MLE);
        assertEquals(-ref.get("counts.loglik"), e.nll(), 1e-12 * 10);
    }

    /**
     * Censored data under the distributions whose distribution functions are incomplete gamma and beta functions,
     * differentiated in their shapes, against scipy's fits (reference/censored_shapes.py): the estimates to scipy's
     * precision, the NLL not above scipy's, and the standard errors against scipy's central-difference Hessian.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "gamma; t ~ Gamma(α, β, right_censored = 1 - died); gamma-survival.csv; α,β; param α > 0 | param β > 0",
        "t; y ~ StudentT(ν, μ, σ, left_censored = below); t-detection.csv; ν,μ,σ; param ν > 0 | param μ | param σ > 0",
        "nb; k ~ NegBinomial(μ, φ, right_censored = capped); nb-capped.csv; μ,φ; param μ > 0 | param φ > 0",
        "beta; p ~ Beta(a, b, right_censored = full); beta-capped.csv; a,b; param a > 0 | param b > 0"})
    void censoredShapeFamiliesMatchScipy(String key, String statement, String csv, String names, String params) throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("censored-shapes-reference.txt");
        java.nio.file.Path file = LeastAbsoluteDeviationsTest.REFERENCE.resolve(csv);
        String header = java.nio.file.Files.readAllLines(file).getFirst();
        Model m = Model.compile("data " + header + "\n" + params.replace(" | ", "\n") + "\n" + statement + "\n");
        FitResult r = m.fit(m.readData(file));
        assertTrue(r.converged(), r.message());
        double scipyNll = ref.get(key + ".nll");
        assertTrue(r.nll() <= scipyNll + 1e-9, "at least as good as scipy's: " + r.nll() + " against " + scipyNll);
        assertEquals(scipyNll, r.nll(), 1e-7);
        for (String name : names.split(",")) {
            double expected = ref.get(key + "." + name);
            assertEquals(expected, r.estimate(name).value(), 1e-5 * Math.abs(expected), name);
            double se = ref.get(key + "." + name + ".se");
            assertEquals(se, r.estimate(name).standardError(), 1e-4 * se, "SE of " + name);
        }
    }

    @Test
    void aCensoredNormalIsNotLeastSquares() {
        // Tobit-like data: the two censored rows pull μ up; least squares on the recorded values would not.
        Model m = Model.compile("data y, c\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ, right_censored = c)\n");
        DataTable rows = DataTable.of(List.of("y", "c"), List.of(new double[] {1, 2, 3, 3, 3}, new double[] {0, 0, 0, 1, 1}));
        FitResult r = m.fit(rows);
        assertTrue(r.converged(), r.message());
        assertTrue(r.estimate("μ").value() > 2.5, "above the mean of the recorded values: " + r.estimate("μ").value());
        assertTrue(!r.search().method().startsWith("a direct solve"), r.search().method());
    }
}
