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

    /** Source lines wider than this (in characters shown) are cut to a window around the caret. */
    static final int WIDTH = 120;

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
        // The line as shown, one entry per code point: tabs as spaces, invisible and control characters escaped.
        List<String> cells = sourceLine.codePoints().mapToObj(DiagnosticRenderer::shown).toList();
        int from = 0, to = cells.size();
        int caretFrom = Math.min(column - 1, cells.size()), caretTo = Math.min(caretFrom + caretLength, cells.size());
        if (width(cells, 0, cells.size()) > WIDTH) {
            from = Math.max(0, caretFrom - WIDTH / 3);
            to = from;
            while (to < cells.size() && width(cells, from, to + 1) <= WIDTH) to++;
        }
        String before = from > 0 ? "…" : "", after = to < cells.size() ? "…" : "";
        String shownLine = before + String.join("", cells.subList(from, to)) + after;
        int padding = before.length() + width(cells, from, Math.max(from, caretFrom));
        int carets = Math.max(1, width(cells, Math.max(from, caretFrom), Math.max(Math.max(from, caretFrom), Math.min(caretTo, to))));
        StringBuilder out = new StringBuilder();
        out.append(escape(file.name())).append(':').append(line).append(':').append(column).append(": ")
                .append(d.isError() ? "error" : "warning").append(": ").append(escape(d.message())).append('\n');
        out.append("  ").append(number).append(" | ").append(shownLine).append('\n');
        out.append("  ").append(gutter).append(" | ").append(" ".repeat(padding)).append("^".repeat(carets)).append('\n');
        if (d.hint() != null) out.append("  ").append(gutter).append(" = hint: ").append(escape(d.hint())).append('\n');
        return out.toString();
    }

    /**
     * Text for a message, with every character that would not show as itself written as an escape: control
     * characters (a carriage return would move the cursor), line and paragraph separators, and the bidirectional
     * controls that can make a line read differently from what it contains.
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c == '\t' ? "\t" : shown(c)));
        return out.toString();
    }

    private static String shown(int c) {
        if (c == '\t') return "    ";
        if (c == '\r') return "\\r";
        if (c == '\n') return "\\n";
        if (invisible(c)) return String.format("\\u%04X", c);
        return Character.toString(c);
    }

    /**
     * Characters that show nothing, or move what follows: controls, bidirectional controls, separators, and the
     * combining marks that are default-ignorable (the combining grapheme joiner, Khmer's inherent vowels, the
     * variation selectors), which a name could otherwise hold unseen.
     */
    public static boolean invisible(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029
                || c == 0xFEFF || Character.getType(c) == Character.UNASSIGNED
                || c == 0x034F || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) || (c >= 0xFE00 && c <= 0xFE0F)
                || (c >= 0xE0100 && c <= 0xE01EF);
    }

    /** Columns on screen: a combining mark (the accent of an `é` typed as e and an accent) takes none. */
    private static int width(List<String> cells, int from, int to) {
        int w = 0;
        for (int i = from; i < to; i++) {
            w += (int) cells.get(i).codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK
                    && Character.getType(c) != Character.ENCLOSING_MARK).count();
        }
        return w;
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
}
