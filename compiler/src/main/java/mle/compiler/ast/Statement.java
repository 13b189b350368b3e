package mle.compiler.ast;

import java.util.List;
import mle.compiler.source.Span;

/** The statements of a model file, each with its span. Immutable. */
public sealed interface Statement {
    Span span();

    /** A declared name with an optional vector size, as in `data X[p]` or `param β[3]`. */
    record Declared(Identifier name, Expr size) {}

    record DataDeclaration(Span span, List<Declared> items) implements Statement {}

    /** {@code lower} and {@code upper} are null where the constraint does not bound that side. */
    record Constraint(Span span, Expr lower, Expr upper) {}

    record ParamDeclaration(Span span, List<Declared> items, Constraint constraint) implements Statement {}

    /**
     * `random u[K]`: latent variables integrated out of the likelihood rather than estimated. {@code constraint} is the
     * first one written, if any, which the checker refuses (random effects are unconstrained).
     */
    record RandomDeclaration(Span span, List<Declared> items, Constraint constraint) implements Statement {}

    record ConstItem(Identifier name, Expr size, Expr value) {}

    record ConstDeclaration(Span span, List<ConstItem> items) implements Statement {}

    record LetDeclaration(Span span, Identifier name, Expr value) implements Statement {}

    /** `f(x; a, b) = body`; lets inside a `{ }` body come before the result. */
    record FunctionDeclaration(Span span, Identifier name, List<Identifier> inputs, List<Identifier> params,
                               List<LetDeclaration> lets, Expr result) implements Statement {}

    /** A distribution argument, by position or by name (`Normal(μ = 0, σ = 1)`). */
    record Argument(Identifier name, Expr value) {}

    /**
     * `target += value`: a free term of the log-density, summed over the rows when it reads data. {@code name} is the
     * name written before `+=`, which must be `target`.
     */
    record Increment(Span span, Identifier name, Expr value) implements Statement {}

    /**
     * `report name = value`: a quantity derived from the parameters, reported with its delta-method standard error.
     * {@code keyword} is the word written first, which must be `report`.
     */
    record Report(Span span, Identifier keyword, Identifier name, Expr value) implements Statement {}

    /** `target ~ Distribution(arguments)`. */
    record Sampling(Span span, Expr target, Identifier distribution, List<Argument> arguments) implements Statement {}
}
