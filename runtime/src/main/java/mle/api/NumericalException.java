package mle.api;

import mle.compiler.source.Diagnostic;
import mle.compiler.source.DiagnosticRenderer;

/**
 * The objective is not a finite number where the fit must start: reported like a compile error, at the statement
 * and argument that produce it, with the row and the value (e.g. the scale of a Normal that is −0.3 at row 1).
 */
public final class NumericalException extends RuntimeException {
    private final transient Diagnostic diagnostic;

    NumericalException(Diagnostic diagnostic) {
        super(DiagnosticRenderer.render(diagnostic).stripTrailing(), null, false, false);
        this.diagnostic = diagnostic;
    }

    NumericalException(String message) {
        super(message, null, false, false);
        this.diagnostic = null;
    }

    /** The located diagnostic, or null when no single argument could be blamed. */
    public Diagnostic diagnostic() { return diagnostic; }
}
