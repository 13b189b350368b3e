package mle.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.compiler.explain.Derivation;
import mle.compiler.explain.Dumps;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.LinearModel;
import mle.compiler.lower.PredictorStructure;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * Models with thousands of coefficients: `dot(X, β)` stays one node, so every phase (checking, derivatives, printing,
 * the structure the solvers read) grows linearly in the number of coefficients and no recursion goes deep.
 */
class LargeModelTest {
    private static Objective compile(String text) {
        Compiler.Compilation c = Compiler.compile(new SourceFile("large.mle", text), Map.of());
        assertTrue(c.succeeded(), c.diagnostics().sorted().toString());
        return c.objective();
    }

    private static String regression(int p, String likelihood, String prior) {
        return "data X[" + p + "], y\nparam a\nparam β[" + p + "]\n" + (likelihood.contains("σ") ? "param σ > 0\n" : "")
                + likelihood + "\n" + prior + "\n";
    }

    @Test
    void twoThousandPredictorsCheckDeriveAndDifferentiate() {
        String text = regression(2000, "y ~ Normal(a + dot(X, β), σ)", "β ~ Normal(0, 1)");
        Compiler.Compilation c = Compiler.compile(new SourceFile("large.mle", text), Map.of());
        Objective o = compile(text);
        assertEquals(2002, o.params().size());
        String derivation = Derivation.explain(c.checked(), o);
        assertTrue(derivation.contains("NLL(a, β[1..2000], σ) = n·log(σ) + n·½·log(2π) + Σᵢ (yᵢ − (a + Xᵢ·β))² / (2·σ²)"), derivation);
        assertTrue(derivation.contains("∂NLP/∂β[j] = β[j] − Σᵢ (yᵢ − (a + Xᵢ·β))·X[j]ᵢ / σ²   for j in 1..2000"), derivation);
        assertTrue(Dumps.gradient(o).contains("β[2000]"));
        LinearModel linear = LinearModel.of(o, Objective.Mode.MAP).orElseThrow();
        assertEquals(2001, linear.location().length, "the intercept and 2,000 slopes are the design's columns");
        assertEquals(2000, java.util.Arrays.stream(linear.penalties().l2Precision()).filter(q -> q == 1).count());
    }

    @Test
    void theLinearPredictorIsOneNodeWhateverItsLength() {
        Objective o = compile(regression(5000, "y ~ BernoulliLogit(a + dot(X, β))", ""));
        List<Node> dots = new ArrayList<>();
        collect(o.nll(), dots);
        assertEquals(1, dots.size(), "one DOT node for Xᵢ·β");
        assertEquals(5000, dots.getFirst().dotLength());
        // Its derivative in β[j] is the column X[j] itself.
        Node column = new Differentiator(o.builder()).derivative(dots.getFirst(), 1 + 4321);
        assertEquals(Op.DATA, column.op);
        assertEquals("X[4322]", o.columns().get(column.index).display());
        PredictorStructure s = PredictorStructure.of(o, Objective.Mode.MLE).orElseThrow();
        assertEquals(5001, s.coefficients().length);
    }

    /** The objective and its whole gradient take twice the nodes for twice the coefficients, not four times. */
    @Test
    void theObjectiveAndGradientGrowLinearly() {
        int small = nodesOfObjectiveAndGradient(2000), large = nodesOfObjectiveAndGradient(4000);
        double ratio = (double) large / small;
        assertTrue(ratio > 1.8 && ratio < 2.2, small + " nodes for 2,000 coefficients, " + large + " for 4,000");
    }

    private static int nodesOfObjectiveAndGradient(int p) {
        Objective o = compile(regression(p, "y ~ Normal(a + dot(X, β), σ)", "β ~ Laplace(0, 2)"));
        Node f = o.negLogPosterior();
        List<Node> outputs = new ArrayList<>(List.of(f));
        outputs.addAll(List.of(new Differentiator(o.builder()).gradient(f, o.params().size())));
        return new Schedule(outputs).slotCount();
    }

    private static void collect(Node n, List<Node> dots) {
        if (n.op == Op.DOT && !dots.contains(n)) dots.add(n);
        for (Node a : n.args()) collect(a, dots);
    }
}
