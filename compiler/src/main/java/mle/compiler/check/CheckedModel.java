package mle.compiler.check;

import java.util.List;
import java.util.Map;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Model;
import mle.compiler.ast.Statement;
import mle.compiler.dist.Distribution;

/**
 * A model that passed the checks: its symbols in declaration order (constants with their final values,
 * overrides applied), its `~` statements resolved to distributions with arguments in parameter order, and its
 * `target +=` terms.
 */
public record CheckedModel(Model model, List<Symbol> symbols, Map<String, Symbol> scope, List<Sampling> samplings,
                           List<Increment> increments) {

    public enum Kind { LIKELIHOOD, PRIOR }

    /** A `~` statement: the likelihood of data rows or the prior of a parameter. */
    public record Sampling(Statement.Sampling statement, Kind kind, Distribution distribution, List<Expr> arguments,
                           Type targetType) {}

    /** A `target += value` statement: part of the likelihood when the value reads data, else of the prior. */
    public record Increment(Statement.Increment statement, Kind kind, Type valueType) {}

    public String name() { return model.name() == null ? null : model.name().text(); }

    public List<Symbol.Param> params() {
        return symbols.stream().filter(s -> s instanceof Symbol.Param).map(s -> (Symbol.Param) s).toList();
    }

    public List<Symbol.Data> data() {
        return symbols.stream().filter(s -> s instanceof Symbol.Data).map(s -> (Symbol.Data) s).toList();
    }
}
