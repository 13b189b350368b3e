package mle.compiler.check;

import java.util.List;
import java.util.Map;
import mle.compiler.ast.Expr;
import mle.compiler.ast.ParsedModel;
import mle.compiler.ast.Statement;
import mle.compiler.ir.Distribution;

/**
 * A model that passed the checks: its symbols in declaration order (constants with their final values,
 * overrides applied), its `~` statements resolved to distributions with arguments in parameter order, and its
 * `target +=` terms.
 */
public record CheckedModel(ParsedModel model, List<Symbol> symbols, Map<String, Symbol> scope, List<Sampling> samplings,
                           List<Increment> increments, List<Statement.Report> reports) {

    /** What a `~` statement or `target +=` term is: of the data, a prior of parameters, or the density of random effects. */
    public enum Kind { LIKELIHOOD, PRIOR, RANDOM }

    /**
     * A `~` statement: the likelihood of data rows, the prior of a parameter or the distribution of random effects;
     * {@code argumentTypes} are its arguments' types, in the order of {@code arguments}.
     */
    public record Sampling(Statement.Sampling statement, Kind kind, Distribution distribution, List<Expr> arguments,
                           Type targetType, List<Type> argumentTypes, Observation observation) {
        /** The parameters (and random effects) the statement reads, on either side of `~`. */
        public java.util.Set<Symbol.Param> params() {
            java.util.Set<Symbol.Param> all = new java.util.HashSet<>(targetType.params());
            for (Type t : argumentTypes) all.addAll(t.params());
            return all;
        }
    }

    /**
     * What a likelihood's named arguments say about how its data were observed, each null when not given: rows where
     * {@code rightCensored} ≠ 0 are only known to lie above y, where {@code leftCensored} ≠ 0 below it, where
     * {@code intervalCensored} ≠ 0 between y and {@code intervalUpper}; the distribution is truncated to values above
     * {@code truncatedBelow} and below {@code truncatedAbove}; each row counts {@code weight} times (frequency weights).
     */
    public record Observation(Expr rightCensored, Expr leftCensored, Expr intervalCensored, Expr intervalUpper,
                              Expr truncatedBelow, Expr truncatedAbove, Expr weight) {
        public static final Observation PLAIN = new Observation(null, null, null, null, null, null, null);

        /** The argument names, in the order of the components. */
        public static final List<String> NAMES = List.of("right_censored", "left_censored", "interval_censored",
                "interval_upper", "truncated_below", "truncated_above", "weight");

        public boolean any() { return !equals(PLAIN); }

        static Observation of(Map<String, Expr> byName) {
            return new Observation(byName.get(NAMES.get(0)), byName.get(NAMES.get(1)), byName.get(NAMES.get(2)),
                    byName.get(NAMES.get(3)), byName.get(NAMES.get(4)), byName.get(NAMES.get(5)), byName.get(NAMES.get(6)));
        }
    }

    /** A `target += value` statement: part of the likelihood when the value reads data, else of the prior. */
    public record Increment(Statement.Increment statement, Kind kind, Type valueType) {}

    public String name() { return model.name() == null ? null : model.name().text(); }

    /** The estimated parameters, in declaration order. */
    public List<Symbol.Param> params() {
        return symbols.stream().filter(s -> s instanceof Symbol.Param p && !p.random()).map(s -> (Symbol.Param) s).toList();
    }

    /** The random effects (`random u[K]`), in declaration order. */
    public List<Symbol.Param> randoms() {
        return symbols.stream().filter(s -> s instanceof Symbol.Param p && p.random()).map(s -> (Symbol.Param) s).toList();
    }

    public List<Symbol.Data> data() {
        return symbols.stream().filter(s -> s instanceof Symbol.Data).map(s -> (Symbol.Data) s).toList();
    }
}
