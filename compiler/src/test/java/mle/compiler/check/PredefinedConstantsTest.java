package mle.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Schedule;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** `pi` (or `π`) and `e` are known to every model, unless the model declares the name itself. */
class PredefinedConstantsTest {
    private static Compiler.Compilation compile(String text) {
        return Compiler.compile(new SourceFile("m.mle", text), Map.of());
    }

    /** The NLL of one row y = 0 under Normal(μ, 1): ½μ² + ½·log(2π), from which μ is read back. */
    private static double mean(String meanExpression) {
        Compiler.Compilation c = compile("data y\ny ~ Normal(" + meanExpression + ", 1)\n");
        assertTrue(c.succeeded(), () -> c.diagnostics().sorted().toString());
        Objective o = c.objective();
        double nll = new Evaluator(new Schedule(List.of(o.nll()))).evaluate(new double[0], new double[][] {{0}}, 1)[0];
        return Math.sqrt(2 * (nll - 0.5 * Math.log(2 * Math.PI)));
    }

    @Test
    void piAndEAreTheirValues() {
        assertEquals(Math.PI, mean("pi"), 1e-12);
        assertEquals(Math.PI, mean("π"), 1e-12);
        assertEquals(Math.E, mean("e"), 1e-12);
        assertEquals(Math.E * Math.PI, mean("e * pi"), 1e-12);
    }

    @Test
    void aModelsOwnNameHidesThem() {
        Compiler.Compilation c = compile("const e = 2\ndata y\ny ~ Normal(e, 1)\n");
        assertTrue(c.succeeded(), () -> c.diagnostics().sorted().toString());
        double nll = new Evaluator(new Schedule(List.of(c.objective().nll()))).evaluate(new double[0], new double[][] {{0}}, 1)[0];
        assertEquals(2 + 0.5 * Math.log(2 * Math.PI), nll, 1e-12, "½·2² + ½·log(2π) with the model's e = 2");
        Compiler.Compilation data = compile("data e, pi\nparam σ > 0\ne ~ Normal(pi, σ)\n");
        assertTrue(data.succeeded(), () -> data.diagnostics().sorted().toString());
        assertEquals(List.of("e", "pi"), data.objective().columns().stream().map(Objective.Column::name).toList());
    }
}
