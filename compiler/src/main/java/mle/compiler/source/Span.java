package mle.compiler.source;

/** A range of characters [start, end) in a source file: where a piece of the model came from. */
public record Span(SourceFile file, int start, int end) {

    public int line() { return file.lineOf(start); }

    public int column() { return file.columnOf(start); }

    public String text() { return file.text().substring(start, end); }

    /** The smallest span that covers both. */
    public Span to(Span other) {
        return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
    }

    @Override
    public String toString() { return file.name() + ":" + line() + ":" + column(); }
}
