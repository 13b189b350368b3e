package mle.compiler.ast;

import mle.compiler.source.Span;

/** A name as written, with where it was written. Names are compared by {@link Names#canonical}. */
public record Identifier(Span span, String text) {
    public String key() { return Names.canonical(text); }

    @Override
    public String toString() { return text; }
}
