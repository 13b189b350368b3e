package mle.compiler.source;

import java.util.List;

/**
 * Renders diagnostics the way compilers people like do it:
 * <pre>
 * model.mle:3:18: error: `sigma` is not defined
 *     3 | y ~ Normal(mu, sigma)
 *       |                ^^^^^
 *   hint: did you mean `σ`?
 * </pre>
 */
public final class DiagnosticRenderer {
    private DiagnosticRenderer() {}

    public static String render(Diagnostic d) {
        Span span = d.span();
        SourceFile file = span.file();
        int line = span.line();
        String sourceLine = file.line(line);
        String number = String.valueOf(line);
        String gutter = " ".repeat(number.length());
        int column = span.column();
        int endOffset = Math.min(span.end(), file.text().length());
        int caretLength = span.start() >= endOffset || file.lineOf(Math.max(span.start(), endOffset - 1)) != line
                ? Math.max(1, sourceLine.codePointCount(0, sourceLine.length()) - column + 1)
                : file.text().codePointCount(span.start(), endOffset);
        if (span.start() >= file.text().length() || span.start() == endOffset) caretLength = 1;
        StringBuilder out = new StringBuilder();
        out.append(file.name()).append(':').append(line).append(':').append(column).append(": ")
                .append(d.isError() ? "error" : "warning").append(": ").append(d.message()).append('\n');
        out.append("  ").append(number).append(" | ").append(expandTabs(sourceLine)).append('\n');
        out.append("  ").append(gutter).append(" | ").append(padding(sourceLine, column))
                .append("^".repeat(Math.max(1, caretLength))).append('\n');
        if (d.hint() != null) out.append("  ").append(gutter).append(" = hint: ").append(d.hint()).append('\n');
        return out.toString();
    }

    public static String renderAll(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) out.append(render(d));
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        long warnings = diagnostics.size() - errors;
        if (errors > 0 || warnings > 0) {
            out.append(count(errors, "error")).append(warnings > 0 ? ", " + count(warnings, "warning") : "").append('\n');
        }
        return out.toString();
    }

    private static String count(long n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

    /** Spaces up to the column, keeping tabs so that the caret lines up under tab-indented code. */
    private static String padding(String sourceLine, int column) {
        StringBuilder pad = new StringBuilder();
        int cp = 0;
        for (int i = 0; i < sourceLine.length() && cp < column - 1; cp++) {
            int c = sourceLine.codePointAt(i);
            pad.append(c == '\t' ? "    " : " ");
            i += Character.charCount(c);
        }
        while (cp++ < column - 1) pad.append(' ');
        return pad.toString();
    }

    private static String expandTabs(String s) { return s.replace("\t", "    "); }
}
