package mle.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

class DataChecksTest {
    private static Objective compile(String text) {
        Compiler.Compilation c = Compiler.compile(new SourceFile("m.mle", text), Map.of());
        assertTrue(c.succeeded(), () -> c.diagnostics().sorted().toString());
        return c.objective();
    }

    @Test
    void countsMustBeWholeNumbers() {
        Objective o = compile("data c\nparam a\nc ~ PoissonLog(a)\n");
        assertNull(DataChecks.first(o, new double[][] {{0, 3, 7}}, 3));
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{0, 2.5, -1}}, 3);
        assertEquals(1, v.row());
        assertEquals("c", v.column());
        assertTrue(v.message().contains("Poisson"), v.message());
        assertTrue(v.message().contains("whole number"), v.message());
    }

    @Test
    void aGroupIndexMustNameAnElement() {
        Objective o = compile("data y, g\nparam m[3]\nparam σ > 0\ny ~ Normal(m[g], σ)\n");
        assertNull(DataChecks.first(o, new double[][] {{1, 2, 3}, {1, 3, 2}}, 3));
        for (double bad : new double[] {0, 4, 1.5, -1}) {
            DataChecks.Violation v = DataChecks.first(o, new double[][] {{1, 2, 3}, {1, bad, 2}}, 3);
            assertEquals(1, v.row(), "g = " + bad);
            assertEquals("g", v.column());
            assertEquals("whole number from 1 to 3", v.must().substring(v.must().indexOf("whole")));
            assertTrue(v.hint().contains("`m` one element per group"), v.hint());
        }
        // An index computed from data is checked as computed; the same lookup used twice is one check.
        Objective shifted = compile("data y, g\nparam m[3]\nparam σ > 0\ny ~ Normal(m[g + 1] + m[g + 1], σ)\n");
        assertEquals(1, shifted.lookups().size());
        DataChecks.Violation v = DataChecks.first(shifted, new double[][] {{1, 2}, {1, 3}}, 2);
        assertEquals(1, v.row());
        assertEquals(null, v.column());
        assertTrue(v.message().startsWith("`gᵢ + 1` is 4"), v.message());
    }

    @Test
    void truncatedDataMustLieInsideTheTruncation() {
        Objective o = compile("data y, entry\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ, truncated_below = entry, truncated_above = 10)\n");
        assertNull(DataChecks.first(o, new double[][] {{1, 2, 9.5}, {0, 1.5, 9}}, 3));
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{1, 2, 3}, {0, 2, 1}}, 3);
        assertEquals(1, v.row(), "y = 2 is not above its entry 2");
        assertTrue(v.message().contains("must be above entryᵢ and below 10"), v.message());
        assertTrue(v.hint().contains("truncation"), v.hint());
        assertEquals(2, DataChecks.first(o, new double[][] {{1, 2, 11}, {0, 1, 1}}, 3).row());
    }

    @Test
    void aScaleReadFromTheDataMustBePositive() {
        Objective o = compile("data y, sd\nparam μ\ny ~ Normal(μ, 2 * sd)\n");
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{1, 2, 3}, {1, 0, 1}}, 3);
        assertEquals(1, v.row());
        assertTrue(v.message().contains("scale σ of Normal must be a number > 0"), v.message());
    }

    @Test
    void aTransformedResponseIsCheckedToo() {
        Objective o = compile("data y\nparam μ\nparam σ > 0\nlog(y) ~ LogNormal(μ, σ)\n");
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{2, 0.5, 3}}, 3);
        assertEquals(1, v.row(), "log(0.5) < 0 is outside LogNormal's support");
        assertEquals(null, v.column());
    }

    @Test
    void binomialCountsCannotExceedTheirTrials() {
        Objective o = compile("data k, n\nparam θ in (0, 1)\nk ~ Binomial(n, θ)\n");
        assertNull(DataChecks.first(o, new double[][] {{0, 2, 5}, {3, 2, 5}}, 3), "k = N is allowed");
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{0, 3, 5}, {3, 2, 5}}, 3);
        assertEquals(1, v.row());
        assertTrue(v.message().contains("at most n"), v.message());
    }

    @Test
    void uniformDataMustLieInsideConstantBounds() {
        Objective o = compile("data x, y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\nx ~ Uniform(0, 1)\n");
        assertNull(DataChecks.first(o, new double[][] {{0.2, 0.9}, {1, 2}}, 2));
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{0.2, 1.0}, {1, 2}}, 2);
        assertEquals(1, v.row(), "the bound itself is outside the open interval");
        assertTrue(v.message().contains("below 1"), v.message());
    }

    @Test
    void aCensoringIndicatorIsZeroOrOneOnEveryRow() {
        // Each kind of censoring on its own: before, any value other than 0 meant "censored".
        for (String kind : new String[] {"right_censored = c", "left_censored = c", "interval_censored = c, interval_upper = u"}) {
            Objective o = compile("data t, c, u\nparam μ\nparam σ > 0\nt ~ Normal(μ, σ, " + kind + ")\n");
            assertNull(DataChecks.first(o, new double[][] {{1, 2, 3}, {0, 1, 0}, {2, 3, 4}}, 3), kind);
            for (double bad : new double[] {2, 0.5, -1}) {
                DataChecks.Violation v = DataChecks.first(o, new double[][] {{1, 2, 3}, {0, 1, bad}, {2, 3, 4}}, 3);
                assertEquals(2, v.row(), kind + ", c = " + bad);
                assertEquals("c", v.column());
                assertTrue(v.message().contains("must be 0 (observed) or 1 (censored)"), v.message());
            }
        }
    }

    @Test
    void aRowIsCensoredOneWayAtMost() {
        // Right and left censoring together (a Tobit model with two limits) is fine on different rows, not on one.
        Objective o = compile("data t, r, l\nparam μ\nparam σ > 0\nt ~ Normal(μ, σ, right_censored = r, left_censored = l)\n");
        assertNull(DataChecks.first(o, new double[][] {{1, 2, 3}, {0, 1, 0}, {1, 0, 0}}, 3));
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{1, 2, 3}, {0, 1, 1}, {1, 1, 0}}, 3);
        assertEquals(1, v.row());
        assertTrue(v.message().contains("at most one of `right_censored` and `left_censored` can be 1 on a row"), v.message());
    }

    @Test
    void anIntervalCensoredRowEndsAboveItsValue() {
        Objective o = compile("data t, c, u\nparam μ\nparam σ > 0\nt ~ Normal(μ, σ, interval_censored = c, interval_upper = u)\n");
        // u matters only where c = 1; there it must be above t.
        assertNull(DataChecks.first(o, new double[][] {{1, 2, 3}, {0, 1, 0}, {0, 3, -5}}, 3));
        DataChecks.Violation v = DataChecks.first(o, new double[][] {{1, 2, 3}, {0, 1, 1}, {0, 3, 2}}, 3);
        assertEquals(2, v.row());
        assertEquals("u", v.column());
        assertTrue(v.message().contains("`interval_upper` must be above the value on the left"), v.message());
    }
}
