package mle.compiler.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one model so that all of them are reported in one run. */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public void error(Span span, String message, String hint) { add(Diagnostic.error(span, message, hint)); }

    public void error(Span span, String message) { error(span, message, null); }

    public void warning(Span span, String message, String hint) { add(Diagnostic.warning(span, message, hint)); }

    public void add(Diagnostic d) {
        // The same problem reached twice (e.g. through two uses of one function) is reported once.
        for (Diagnostic seen : all) {
            if (seen.span().start() == d.span().start() && seen.message().equals(d.message())) return;
        }
        all.add(d);
    }

    public boolean hasErrors() { return all.stream().anyMatch(Diagnostic::isError); }

    public int errorCount() { return (int) all.stream().filter(Diagnostic::isError).count(); }

    /** In source order, so that a reader meets them as in the file. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()));
        return copy;
    }
}
