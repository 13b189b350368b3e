package mle.compiler.ast;

import java.util.List;
import mle.compiler.source.Span;

/** Expressions as written, each with its span. Immutable. */
public sealed interface Expr {
    Span span();

    record Number(Span span, double value) implements Expr {}

    record Name(Span span, Identifier name) implements Expr {}

    /** `f(a, b)` or `f(x; a, b)`; {@code params} is null when the call has no `;`. */
    record Call(Span span, Identifier callee, List<Expr> inputs, List<Expr> params) implements Expr {
        public boolean hasSemicolon() { return params != null; }

        /** All arguments in order, inputs first. */
        public List<Expr> allArguments() {
            if (params == null) return inputs;
            return java.util.stream.Stream.concat(inputs.stream(), params.stream()).toList();
        }
    }

    /** `β[2]`: 1-based, as in Stan. */
    record Index(Span span, Identifier base, Expr index) implements Expr {}

    record Negate(Span span, Expr operand) implements Expr {}

    record Binary(Span span, BinaryOp op, Expr left, Expr right) implements Expr {}

    record VectorLiteral(Span span, List<Expr> elements) implements Expr {}

    enum BinaryOp {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), POWER("^");

        public final String symbol;

        BinaryOp(String symbol) { this.symbol = symbol; }
    }
}
