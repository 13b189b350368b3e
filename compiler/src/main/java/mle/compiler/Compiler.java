package mle.compiler;

import java.util.List;
import java.util.Map;
import mle.compiler.ast.ParsedModel;
import mle.compiler.check.CheckedModel;
import mle.compiler.check.Checker;
import mle.compiler.ir.Objective;
import mle.compiler.lower.Lowerer;
import mle.compiler.parse.ModelParser;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.SourceFile;

/**
 * The front half of the pipeline as one straight line: text → AST → checked model → IR objective.
 * Each phase runs only when the ones before it reported no error.
 */
public final class Compiler {
    private Compiler() {}

    /** Everything the phases produced; later fields are null when an earlier phase failed. */
    public record Compilation(SourceFile source, Diagnostics diagnostics, ParsedModel ast, CheckedModel checked,
                              Objective objective, List<String> unknownOverrides) {
        public boolean succeeded() { return objective != null; }
    }

    public static Compilation compile(SourceFile source, Map<String, double[]> overrides) {
        return LargeStack.call(() -> compileHere(source, overrides));
    }

    /**
     * {@link #compile(SourceFile, Map)} within a time limit: the phases check between statements and between the
     * expansions of functions, and stop with {@link mle.compiler.interrupt.Interruption.Stopped} once it has passed.
     */
    public static Compilation compile(SourceFile source, Map<String, double[]> overrides, java.time.Duration limit) {
        return LargeStack.call(() -> compileHere(source, overrides), limit);
    }

    private static Compilation compileHere(SourceFile source, Map<String, double[]> overrides) {
        Diagnostics diagnostics = new Diagnostics();
        ParsedModel ast = ModelParser.parse(source, diagnostics);
        if (ast == null) return new Compilation(source, diagnostics, null, null, null, List.of());
        Checker.Checked checked = Checker.check(ast, overrides, diagnostics);
        if (checked.model() == null) return new Compilation(source, diagnostics, ast, null, null, checked.unknownOverrides());
        Objective objective;
        try {
            objective = Lowerer.lower(checked.model());
        } catch (Lowerer.StatementTooLarge tooLarge) {
            diagnostics.error(tooLarge.span, "with this statement the model grows past " + Lowerer.MAX_NODES
                    + " operations once its functions and lets are written out",
                    "functions that call others with different arguments at every level grow exponentially; "
                            + "compute with vectors and sum() or dot() instead");
            return new Compilation(source, diagnostics, ast, checked.model(), null, checked.unknownOverrides());
        }
        return new Compilation(source, diagnostics, ast, checked.model(), objective, checked.unknownOverrides());
    }
}
