package mle.compiler.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The log distribution functions (censoring, truncation, `_lcdf`, `_lccdf`) against scipy.stats' logcdf and logsf
 * (reference/cdfs.csv, written by reference/distributions.py), to 1e-10 relative (1e-15 absolute near 0), into the
 * tails where the probability rounds to 0 or 1: log Φ(−40) = −804.6, log(1 − e^{−30}) = −9.4e-14.
 */
class DistributionCdfTest {

    @TestFactory
    Stream<DynamicTest> logCdfsMatchScipy() {
        List<String[]> rows = ReferenceData.read("cdfs.csv");
        assertTrue(rows.stream().map(r -> r[0]).distinct().count() >= 10);
        return rows.stream().map(r -> DynamicTest.dynamicTest(String.join(" ", r), () -> {
            Distribution d = Distributions.lookup(r[0]);
            IrBuilder b = new IrBuilder();
            Node x = b.constant(Double.parseDouble(r[1]));
            List<Node> args = new ArrayList<>();
            for (int k = 2; k <= 4; k++) if (!r[k].isEmpty()) args.add(b.constant(Double.parseDouble(r[k])));
            check(number(r[5]), d.logCdf(b, x, args), "log F");
            check(number(r[6]), d.logCcdf(b, x, args), "log(1 − F)");
        }));
    }

    /** Python writes infinities as `inf`. */
    private static double number(String text) { return Double.parseDouble(text.replace("inf", "Infinity")); }

    private static void check(double expected, Node node, String what) {
        assertTrue(node.isParameterFree(), what);
        double actual = new mle.compiler.ir.Evaluator(new mle.compiler.ir.Schedule(List.of(node))).evaluate(new double[0], new double[0][0], 0)[0];
        if (Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        // Relative, but absolute at 1e-15 near 0: a log-probability of −1e-18 counts in a sum of O(1) terms as 0.
        assertEquals(expected, actual, 1e-10 * Math.abs(expected) + 1e-15, what);
    }
}
