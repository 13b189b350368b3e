package mle.compiler.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Schedule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every log-density, constants included, against values computed independently by scipy.stats and by
 * mpmath at 60 digits (reference/distributions.py writes both to reference/distributions.csv).
 *
 * <p>Tolerance: 1e-12 relative (absolute where |log p| ≤ 1), plus 8 units of roundoff of Σ|summands|,
 * the summands being the largest sub-expressions that the log-density adds or subtracts (lgamma(x + φ)
 * and lgamma(φ) count separately). That allowance is the rounding inherent in adding terms much larger
 * than their sum, which no double-precision formula in lgamma, log and products avoids: Poisson(10⁶ | 10⁶)
 * is 1.38·10⁷ − 10⁶ − 1.28·10⁷ = −7.8, each term already rounded to an ulp of 10⁷ (2·10⁻⁹), so the sum
 * is good to ~1e-10 relative only. It matters only for rows with counts or ν around 10⁵–10⁶; elsewhere
 * the bound is the plain 1e-12 (observed: ≤ 1e-13).
 *
 * <p>scipy's own formulas suffer the same cancellation, and nbinom loses digits in log(1 − p) for p near 1
 * (NegBinomial(1 | 10⁻⁶, 20): 1.3e-10 off): against scipy the tolerance also admits scipy's measured
 * error |scipy − mpmath|, which the script checks stays below 1e-9.
 */
class DistributionReferenceTest {
    private static final double RELATIVE = 1e-12;
    private static final double ROUNDOFF_UNITS = 8;

    /** The log-density at the row's point, and the magnitude of the summands it adds up. */
    record Evaluated(double value, double magnitude) {}

    static Evaluated evaluate(Distribution d, double[] params) {
        IrBuilder b = new IrBuilder();
        List<Node> args = new ArrayList<>();
        for (int i = 1; i < params.length; i++) args.add(b.param(i));
        Node total = b.sum(d.logDensity(b, b.param(0), args));
        List<Node> outputs = new ArrayList<>();
        outputs.add(total);
        summands(total, outputs);
        double[] out = new Evaluator(new Schedule(outputs)).evaluate(params, new double[0][], 1);
        double magnitude = 0;
        for (int i = 1; i < out.length; i++) magnitude += Math.abs(out[i]);
        return new Evaluated(out[0], magnitude);
    }

    /** The largest sub-expressions that the node adds or subtracts, e.g. lgamma(x + φ) and lgamma(φ). */
    private static void summands(Node n, List<Node> into) {
        switch (n.op) {
            case ADD, SUB -> { summands(n.arg(0), into); summands(n.arg(1), into); }
            case NEG -> summands(n.arg(0), into);
            default -> into.add(n);
        }
    }

    static double tolerance(double reference, Evaluated e) {
        return RELATIVE * Math.max(Math.abs(reference), 1) + ROUNDOFF_UNITS * Math.ulp(1.0) * e.magnitude();
    }

    @TestFactory
    Stream<DynamicTest> logDensityMatchesReference() {
        return ReferenceData.distributions().stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            Distribution d = Distributions.lookup(row.distribution());
            assertTrue(d != null, "no distribution " + row.distribution());
            assertEquals(d.parameters().size(), row.args().length, "arguments of " + d.name());
            Evaluated e = evaluate(d, row.params());
            double tolExact = tolerance(row.exact(), e);
            assertEquals(row.exact(), e.value(), tolExact, () -> "against mpmath: " + row);
            double scipyOwnError = Math.abs(row.scipy() - row.exact());
            assertEquals(row.scipy(), e.value(), tolExact + scipyOwnError, () -> "against scipy: " + row);
        }));
    }

    @Test
    void everyDistributionHasReferenceValues() {
        Set<String> covered = ReferenceData.distributions().stream().map(ReferenceData.Row::distribution)
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (Distribution d : Distributions.all()) if (!covered.contains(d.name())) missing.add(d.name());
        assertTrue(missing.isEmpty(), "no reference values in distributions.csv for " + missing
                + ": add points to reference/distributions.py and regenerate");
        for (String name : covered) assertTrue(Distributions.lookup(name) != null, "CSV names unknown distribution " + name);
    }

    @Test
    void everyDistributionIsWellFormed() {
        assertEquals(17, Distributions.all().size());
        for (Distribution d : Distributions.all()) {
            assertFalse(d.parameters().isEmpty(), d.name());
            assertTrue(Distributions.lookup(d.name()) == d, d.name());
            IrBuilder b = new IrBuilder();
            List<Node> args = new ArrayList<>();
            for (int i = 0; i < d.parameters().size(); i++) args.add(b.param(i + 1));
            assertFalse(d.logDensity(b, b.param(0), args).isEmpty(), d.name());
        }
    }
}
