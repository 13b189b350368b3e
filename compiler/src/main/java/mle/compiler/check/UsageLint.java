package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Statement;

/**
 * What the model declares and never uses: a parameter that no statement uses is an error, since nothing determines
 * its estimate; data, a `let` or a function never used is a warning.
 */
final class UsageLint extends CheckerPart {
    UsageLint(CheckScope scope) {
        super(scope);
    }

    /** Reports what the model declares and does not use; {@code failed} are the statements that had an error. */
    void unused(List<Statement> failed) {
        failed.forEach(this::markMentioned);
        // Which names a broken `~` statement will use once it is fixed is unknown (`f(x; a, y)` meant `b` for `y`),
        // so "not used" would be a guess that repeats its error: like "no likelihood", it waits for a clean run.
        boolean brokenSampling = failed.stream().anyMatch(s -> s instanceof Statement.Sampling || s instanceof Statement.Increment);
        for (Symbol s : brokenSampling ? List.<Symbol>of() : scope.symbols()) {
            if (s instanceof Symbol.Param p && !scope.usedParams.contains(p)) {
                diagnostics.error(p.id().span(), "the " + p.kind() + " `" + p.name() + "` is not used by any `~` or `target +=` "
                        + "statement, so nothing determines " + (p.random() ? "its distribution" : "its estimate"),
                        "use it in the model, or remove it");
            } else if (s instanceof Symbol.Data d && !scope.usedNames.contains(d.id().key())) {
                diagnostics.warning(d.id().span(), "the data `" + d.name() + "` is declared but never used", "remove it if it is not needed");
            } else if ((s instanceof Symbol.Let || s instanceof Symbol.Function) && !scope.usedNames.contains(s.id().key())) {
                diagnostics.warning(s.id().span(), "the " + s.kind() + " `" + s.name() + "` is never used", "remove it if it is not needed");
            }
        }
    }

    /**
     * The names in a statement that had an error count as used: "`σ` is not used" after a broken `~` statement
     * that mentions σ would only repeat that error in a misleading way.
     */
    private void markMentioned(Statement s) {
        List<Expr> exprs = new ArrayList<>();
        Set<String> locals = new HashSet<>();
        switch (s) {
            case Statement.DataDeclaration d -> d.items().forEach(i -> { if (i.size() != null) exprs.add(i.size()); });
            case Statement.ParamDeclaration p -> {
                p.items().forEach(i -> { if (i.size() != null) exprs.add(i.size()); });
                if (p.constraint() != null) {
                    if (p.constraint().lower() != null) exprs.add(p.constraint().lower());
                    if (p.constraint().upper() != null) exprs.add(p.constraint().upper());
                }
            }
            case Statement.RandomDeclaration r -> r.items().forEach(i -> { if (i.size() != null) exprs.add(i.size()); });
            case Statement.ConstDeclaration c -> c.items().forEach(i -> {
                if (i.size() != null) exprs.add(i.size());
                exprs.add(i.value());
            });
            case Statement.LetDeclaration l -> exprs.add(l.value());
            case Statement.FunctionDeclaration f -> {
                f.inputs().forEach(id -> locals.add(id.key()));
                f.params().forEach(id -> locals.add(id.key()));
                f.lets().forEach(l -> { locals.add(l.name().key()); exprs.add(l.value()); });
                exprs.add(f.result());
            }
            case Statement.Sampling sampling -> {
                exprs.add(sampling.target());
                sampling.arguments().forEach(a -> exprs.add(a.value()));
            }
            case Statement.Increment increment -> exprs.add(increment.value());
            case Statement.Report report -> exprs.add(report.value());
        }
        for (Expr e : exprs) {
            forEachName(e, id -> {
                if (locals.contains(id.key())) return;
                Symbol symbol = scope.get(id.key());
                scope.usedNames.add(id.key());
                if (symbol instanceof Symbol.Param p) scope.usedParams.add(p);
                if (symbol instanceof Symbol.Let l) scope.usedParams.addAll(l.type().params());
            });
        }
    }

    /** Every name an expression mentions: variables, indexed vectors and callees. */
    static void forEachName(Expr e, java.util.function.Consumer<Identifier> action) {
        switch (e) {
            case Expr.Name n -> action.accept(n.name());
            case Expr.Index i -> {
                action.accept(i.base());
                forEachName(i.index(), action);
            }
            case Expr.Call c -> {
                action.accept(c.callee());
                c.allArguments().forEach(a -> forEachName(a, action));
            }
            case Expr.Negate n -> forEachName(n.operand(), action);
            case Expr.Binary b -> {
                forEachName(b.left(), action);
                forEachName(b.right(), action);
            }
            case Expr.VectorLiteral v -> v.elements().forEach(a -> forEachName(a, action));
            case Expr.Number ignored -> { }
        }
    }
}
