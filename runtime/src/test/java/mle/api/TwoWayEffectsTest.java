package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Two groupings' effects (two-way fixed effects), 250 levels of g and 30 of h, eliminated rather than given a column
 * each: against numpy's least squares on the design with a column per level (two_way.py, with c[1] = 0 there as here).
 */
class TwoWayEffectsTest {
    private static final String MODEL = "data g, h, x1, x2, y\nparam a[250], c[30], b1, b2\nparam σ > 0\n"
            + "y ~ Normal(a[g] + c[h] + b1 * x1 + b2 * x2, σ)\n";

    @Test
    void theSlopesAndTheirStandardErrorsAreDeterminedAndTheEffectsUpToTheirConstant() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("two-way-reference.txt");
        Model m = Model.compile(MODEL);
        DataTable data = m.readData(LeastAbsoluteDeviationsTest.REFERENCE.resolve("two-way.csv"));
        FitResult fit = m.fit(data);
        assertTrue(fit.search().method().contains("projecting each column and y off both groupings"), fit.search().method());
        // Not a converged answer: the effects are one solution among many, and the verdict names the direction.
        assertEquals(Verdict.NOT_IDENTIFIABLE, fit.verdict());
        assertTrue(fit.message().contains("only up to a constant added to every `a` and taken from every `c`"), fit.message());
        for (String b : List.of("b1", "b2")) {
            assertEquals(ref.get(b), fit.estimate(b).value(), 1e-10 * Math.abs(ref.get(b)), b);
            assertEquals(ref.get("se." + b), fit.estimate(b).standardError(), 1e-8 * ref.get("se." + b), "SE of " + b);
        }
        assertEquals(ref.get("sigma"), fit.estimate("σ").value(), 1e-10 * ref.get("sigma"));
        assertEquals(ref.get("nll"), fit.nll(), 1e-10 * ref.get("nll"));
        for (String e : List.of("a[1]", "a[2]", "a[125]", "a[250]", "c[2]", "c[17]", "c[30]")) {
            assertEquals(ref.get(e), fit.estimate(e).value(), 1e-9 * Math.max(1, Math.abs(ref.get(e))), e);
            assertTrue(Double.isNaN(fit.estimate(e).standardError()), e + " has no standard error");
        }
        assertEquals(0.0, fit.estimate("c[1]").value());
        assertTrue(fit.statistics().diagnosis().startsWith("The Hessian is singular, so only some parameters have standard errors"),
                fit.statistics().diagnosis());
    }

    @Test
    void aLevelWithoutRowsAndAnAbsorbedColumnAreSaid() throws IOException {
        Model m = Model.compile(MODEL.replace("a[250]", "a[251]"));
        DataTable data = m.readData(LeastAbsoluteDeviationsTest.REFERENCE.resolve("two-way.csv"));
        FitResult empty = m.fit(data);
        assertEquals(Verdict.NOT_IDENTIFIABLE, empty.verdict());
        assertTrue(empty.message().contains("level 251 of `g` has no rows"), empty.message());
        assertFalse(empty.converged());
        Model absorbing = Model.compile("data g, h, x1, x2, y\nparam a[250], c[30], b1, b2\nparam σ > 0\n"
                + "y ~ Normal(a[g] + c[h] + b1 * x1 + b2 * (2 * g - h), σ)\n");
        FitResult absorbed = absorbing.fit(data);
        assertEquals(Verdict.NOT_IDENTIFIABLE, absorbed.verdict());
        assertTrue(absorbed.message().contains("`b2` multiplies a column that is a sum of a value per level of `g` and one "
                + "per level of `h`"), absorbed.message());
    }

    @Test
    void aPoissonRegressionsSlopeMatchesStatsmodelsAndTheZeroLevelRunsOff() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("two-way-reference.txt");
        Model m = Model.compile("data g, h, x, k\nparam a[250], c[20], b\nk ~ PoissonLog(a[g] + c[h] + b * x)\n");
        FitResult fit = m.fit(m.readData(LeastAbsoluteDeviationsTest.REFERENCE.resolve("two-way-poisson.csv")));
        assertTrue(fit.search().method().startsWith("Newton's method with two groupings' effects eliminated"), fit.search().method());
        assertEquals(Verdict.NOT_IDENTIFIABLE, fit.verdict());
        assertTrue(fit.message().contains("only up to a constant added to every `a` and taken from every `c`"), fit.message());
        assertTrue(fit.message().contains("the effect of level 7 of `g` runs off to ±∞"), fit.message());
        assertEquals(ref.get("poisson.b"), fit.estimate("b").value(), 1e-9);
        assertEquals(ref.get("poisson.se.b"), fit.estimate("b").standardError(), 1e-7 * ref.get("poisson.se.b"));
        for (String e : List.of("a[1]", "a[2]", "a[250]", "c[2]", "c[20]")) {
            assertEquals(ref.get("poisson." + e), fit.estimate(e).value(), 1e-8, e);
        }
        assertEquals(Double.NEGATIVE_INFINITY, fit.estimate("a[7]").value());
        assertEquals(0.0, fit.estimate("c[1]").value());
    }

    @Test
    void aLevelLeftWithoutRowsByTheOtherGroupingsRunawayIsSaid() {
        // A logistic regression: level 7 of g has outcomes all 0 and level 8 all 1, so their rows are set aside; level
        // 20 of h is seen only on those rows (outcomes of both kinds, so it does not run off itself) and keeps none.
        int levels = 250, rows = 2000;
        double[] g = new double[rows], h = new double[rows], x = new double[rows], y = new double[rows];
        java.util.SplittableRandom random = new java.util.SplittableRandom(21);
        for (int i = 0; i < rows; i++) {
            g[i] = 1 + i % levels;
            h[i] = g[i] == 7 || g[i] == 8 ? 20 : 1 + random.nextInt(19);
            x[i] = random.nextDouble() * 2 - 1;
            y[i] = g[i] == 7 ? 0 : g[i] == 8 ? 1 : random.nextDouble() < 1 / (1 + Math.exp(-x[i])) ? 1 : 0;
        }
        Model m = Model.compile("data g, h, x, y\nparam a[250], c[20], b\ny ~ Bernoulli(logistic(a[g] + c[h] + b * x))\n");
        FitResult fit = m.fit(DataTable.of(List.of("g", "h", "x", "y"), List.of(g, h, x, y)));
        assertEquals(Verdict.NOT_IDENTIFIABLE, fit.verdict());
        assertTrue(fit.message().contains("the effect of levels 7, 8"), fit.message());
        assertTrue(fit.message().contains("level 20 of `h` keeps no rows once those are set aside, so its effect is not "
                + "determined"), fit.message());
        assertTrue(Double.isNaN(fit.estimate("c[20]").value()));
        assertTrue(Double.isFinite(fit.estimate("b").value()) && Double.isFinite(fit.estimate("b").standardError()));
    }
}
