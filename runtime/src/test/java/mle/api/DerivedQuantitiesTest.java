package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * `report` quantities: g(θ̂) with the delta-method standard error √(∇gᵀΣ∇g), against the formula written out for each
 * (an odds ratio's SE is e^b̂·SE(b̂); a contrast's variance Var a + 4·Var b + 4·Cov(a, b)).
 */
class DerivedQuantitiesTest {

    @Test
    void anOddsRatioAndAContrast() {
        Model m = Model.compile("data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n"
                + "report odds_ratio = exp(b)\nreport at_two = a + 2 * b\nreport both = [a, b] * 3\n");
        DataTable data = DataTable.of(List.of("x", "y"), List.of(new double[] {-1, -0.5, 0, 0.5, 1, 1.5, 0.2, -0.2},
                new double[] {0, 0, 1, 0, 1, 1, 0, 1}));
        FitResult r = m.fit(data);
        assertTrue(r.converged(), r.message());
        double b = r.estimate("b").value(), seB = r.estimate("b").standardError();
        Estimate odds = r.derived().getFirst();
        assertEquals("odds_ratio", odds.name());
        assertEquals(Math.exp(b), odds.value(), 1e-12 * Math.exp(b));
        assertEquals(Math.exp(b) * seB, odds.standardError(), 1e-10 * Math.exp(b) * seB);
        assertEquals(odds.value() - 1.959963984540054 * odds.standardError(), odds.lower(), 1e-9);
        double[][] cov = r.statistics().covariance();
        Estimate contrast = r.derived().get(1);
        assertEquals(r.estimate("a").value() + 2 * b, contrast.value(), 1e-12);
        assertEquals(Math.sqrt(cov[0][0] + 4 * cov[1][1] + 4 * cov[0][1]), contrast.standardError(), 1e-12);
        assertEquals(List.of("both[1]", "both[2]"), r.derived().subList(2, 4).stream().map(Estimate::name).toList());
        assertEquals(3 * seB, r.derived().get(3).standardError(), 1e-12);
    }

    @Test
    void aQuantityOfAnEstimateThatRunsOffHasNoStandardError() {
        Model m = Model.compile("data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\nreport odds_ratio = exp(b)\nreport base = a\n");
        DataTable separated = DataTable.of(List.of("x", "y"), List.of(new double[] {-2, -1, -0.5, 0.5, 1, 2},
                new double[] {0, 0, 0, 1, 1, 1}));
        FitResult r = m.fit(separated);
        assertTrue(!r.converged());
        assertTrue(Double.isNaN(r.derived().getFirst().standardError()), "b runs off: " + r.derived());
    }

    /**
     * `log(−σ)` is NaN and `1/(μ − μ)` is ∞ at any estimate: no standard error (they were 0.3162 and 0), no interval,
     * and one note says why; a finite quantity beside them keeps its closed form, SE(2σ̂) = 2σ̂/√(2n).
     */
    @Test
    void aQuantityThatIsNotFiniteAtTheEstimatesHasNoStandardErrorAndANoteSaysWhy() {
        Model m = Model.compile("data y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\n"
                + "report r = log(-σ)\nreport q = 1/(μ - μ)\nreport twice = 2 * σ\n");
        double[] y = {1, 2, 3, 4, 6};
        FitResult fit = m.fit(DataTable.of(List.of("y"), List.of(y)));
        assertTrue(fit.converged(), fit.message());
        for (Estimate e : fit.derived().subList(0, 2)) {
            assertTrue(!Double.isFinite(e.value()), e.toString());
            assertTrue(Double.isNaN(e.standardError()) && Double.isNaN(e.lower()) && Double.isNaN(e.upper()), e.toString());
        }
        double sigma = fit.estimate("σ").value();
        assertEquals(2 * sigma / Math.sqrt(2.0 * y.length), fit.derived().get(2).standardError(), 1e-9 * sigma);
        assertTrue(fit.derivedNote().startsWith("r is NaN and q is ∞ at the estimates"), fit.derivedNote());
        // Nor a profile: its search from a point that is not a number found an interval [−∞, ∞].
        for (ProfileInterval p : m.profile(DataTable.of(List.of("y"), List.of(y)), fit, List.of("r", "q"))) {
            assertTrue(Double.isNaN(p.lower()) && Double.isNaN(p.upper()) && p.note().contains("no profile"), p.toString());
        }
    }
}
