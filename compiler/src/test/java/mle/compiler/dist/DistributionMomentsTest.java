package mle.compiler.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every distribution's mean and variance (a fit's fitted values and Pearson residuals) against scipy.stats' mean() and
 * var() (reference/moments.csv, written by reference/distributions.py), to 1e-12 relative.
 */
class DistributionMomentsTest {

    @TestFactory
    Stream<DynamicTest> meansAndVariancesMatchScipy() {
        List<String[]> rows = ReferenceData.read("moments.csv");
        assertTrue(rows.stream().map(r -> r[0]).distinct().count() >= 16, "every distribution but Cauchy");
        return rows.stream().map(r -> DynamicTest.dynamicTest(String.join(" ", r), () -> {
            Distribution d = Distributions.lookup(r[0]);
            IrBuilder b = new IrBuilder();
            List<Node> args = new ArrayList<>();
            for (int k = 1; k <= 3; k++) if (!r[k].isEmpty()) args.add(b.constant(Double.parseDouble(r[k])));
            double mean = Double.parseDouble(r[4]), variance = Double.parseDouble(r[5]);
            Node m = d.mean(b, args), v = d.variance(b, args);
            assertTrue(m.isConst() && v.isConst(), "constants fold");
            assertEquals(mean, m.value, 1e-12 * Math.max(1, Math.abs(mean)), "mean");
            assertEquals(variance, v.value, 1e-12 * Math.abs(variance), "variance");
        }));
    }

    @Test
    void cauchyHasALocationButNoVariance() {
        IrBuilder b = new IrBuilder();
        Distribution cauchy = Distributions.lookup("Cauchy");
        assertEquals(1.5, cauchy.mean(b, List.of(b.constant(1.5), b.constant(2))).value);
        assertNull(cauchy.variance(b, List.of(b.constant(1.5), b.constant(2))));
    }
}
