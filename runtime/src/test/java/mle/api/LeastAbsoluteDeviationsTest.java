package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Median regression (a Laplace likelihood of a linear location) against references made independently by
 * reference/lad.py: the linear program solved by scipy's HiGHS, and statsmodels' QuantReg standard errors.
 */
class LeastAbsoluteDeviationsTest {
    static final Path REFERENCE = FitTest.ROOT.resolve("runtime/src/test/resources/reference");

    /** A reference file of `key=value` lines, as the scripts in reference/ write them. */
    static Map<String, Double> values(String file) throws IOException {
        Map<String, Double> values = new HashMap<>();
        for (String line : Files.readAllLines(REFERENCE.resolve(file))) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
        }
        return values;
    }

    @Test
    void theExactVertexOfTheLinearProgramWithTheScaleInClosedForm() throws IOException {
        Map<String, Double> ref = values("lad-reference.txt");
        Model m = Model.compile("data x1, x2, y\nparam a, b1, b2\nparam s > 0\ny ~ Laplace(a + b1 * x1 + b2 * x2, s)\n");
        FitResult r = m.fit(m.readData(REFERENCE.resolve("lad.csv")));
        assertEquals(Verdict.EXACT, r.verdict(), r.message());
        assertTrue(r.message().contains("subgradient weights in [−1, 1]"), r.message());
        for (String name : new String[] {"a", "b1", "b2"}) {
            assertEquals(ref.get("beta." + name), r.estimate(name).value(), 1e-10, name + " against the LP");
            // statsmodels fits by IRLS, a hair from the vertex: its residuals, hence its density estimate, differ a
            // little from the exact ones.
            assertEquals(ref.get("se." + name), r.estimate(name).standardError(), 1e-3 * ref.get("se." + name),
                    name + "'s standard error against statsmodels");
        }
        assertEquals(ref.get("sae") / 80, r.estimate("s").value(), 1e-12, "ŝ is the mean absolute residual");
        assertEquals("MAE", r.loss().name());
        assertEquals(ref.get("sae") / 80, r.loss().value(), 1e-12);
        assertTrue(r.search().method().contains("linear program"), r.search().method());
    }
}
