package mle.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import mle.compiler.explain.Derivation;
import mle.compiler.explain.Dumps;
import mle.compiler.ir.Objective;
import mle.compiler.lower.LinearModel;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * A model with 2,000-element vectors goes through every phase without overflowing the stack: sums and dot products
 * are balanced trees in the IR, log₂ p deep, so recursive passes (derivatives, printing) stay shallow.
 */
class LargeModelTest {
    @Test
    void twoThousandPredictorsCheckDeriveAndDifferentiate() {
        String text = "data X[2000], y\nparam a\nparam β[2000]\nparam σ > 0\ny ~ Normal(a + dot(X, β), σ)\nβ ~ Normal(0, 1)\n";
        Compiler.Compilation c = Compiler.compile(new SourceFile("large.mle", text), Map.of());
        assertTrue(c.succeeded(), c.diagnostics().sorted().toString());
        Objective o = c.objective();
        assertEquals(2002, o.params().size());
        assertTrue(Derivation.explain(c.checked(), o).contains("NLL(a, β[1]"));
        assertTrue(Dumps.gradient(o).contains("β[2000]"));
        LinearModel linear = LinearModel.of(o, Objective.Mode.MAP).orElseThrow();
        assertEquals(2001, linear.location().length, "the intercept and 2,000 slopes are the design's columns");
        assertEquals(2000, java.util.Arrays.stream(linear.penalties().l2Precision()).filter(q -> q == 1).count());
    }
}
