package mle.api;

import java.util.List;
import mle.compiler.source.Diagnostic;
import mle.compiler.source.DiagnosticRenderer;

/** A model with errors: every diagnostic, and their rendering with file:line:column and carets. */
public final class ModelException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    ModelException(List<Diagnostic> diagnostics) {
        super(DiagnosticRenderer.renderAll(diagnostics), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }
}
