package mle.compiler.source;

/**
 * One problem found in a model: where it is, what is wrong, and what to do about it.
 * The message says what is wrong in one sentence; the hint, when there is one, says what to do.
 */
public record Diagnostic(Severity severity, Span span, String message, String hint) {

    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(Span span, String message, String hint) {
        return new Diagnostic(Severity.ERROR, span, message, hint);
    }

    public static Diagnostic warning(Span span, String message, String hint) {
        return new Diagnostic(Severity.WARNING, span, message, hint);
    }

    public boolean isError() { return severity == Severity.ERROR; }
}
