package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Names;
import mle.compiler.ast.Statement;
import mle.compiler.dist.Distributions;
import mle.compiler.ir.IrPrinter;

import static mle.compiler.check.Checker.MAX_SIZE;
import static mle.compiler.check.ExpressionTyping.ERROR;

/**
 * Declarations: data, parameters with their bounds, constants (and their values given by `--set`), `let`s,
 * functions and `report`s, each a name of its own, of a size known before any data is read.
 */
final class Declarations extends CheckerPart {
    /** The values of constants given outside the model (`--set s=0.5`), by key. */
    private final Map<String, double[]> overrides = new HashMap<>();
    /** The keys of the overrides that a constant took. */
    final Set<String> usedOverrides = new HashSet<>();
    final List<Statement.Report> reports = new ArrayList<>();

    private final ExpressionTyping types;
    private final CallTyping calls;
    private final NameHints hints;

    Declarations(CheckScope scope, ExpressionTyping types, NameHints hints, Map<String, double[]> overrides) {
        super(scope);
        this.types = types;
        this.calls = types.calls();
        this.hints = hints;
        overrides.forEach((k, v) -> this.overrides.put(Names.canonical(k), v));
    }

    /** The names a statement declares: none for `~`, `target +=` and `report`. */
    static List<Identifier> declaredNames(Statement s) {
        return switch (s) {
            case Statement.DataDeclaration d -> d.items().stream().map(Statement.Declared::name).toList();
            case Statement.ParamDeclaration p -> p.items().stream().map(Statement.Declared::name).toList();
            case Statement.RandomDeclaration r -> r.items().stream().map(Statement.Declared::name).toList();
            case Statement.ConstDeclaration c -> c.items().stream().map(Statement.ConstItem::name).toList();
            case Statement.LetDeclaration l -> List.of(l.name());
            case Statement.FunctionDeclaration f -> List.of(f.name());
            case Statement.Sampling ignored -> List.of();
            case Statement.Increment ignored -> List.of();
            case Statement.Report ignored -> List.of();
        };
    }

    void data(Statement.DataDeclaration d) {
        for (Statement.Declared item : d.items()) {
            int size = size(item.size(), item.name());
            if (size >= 0) declare(new Symbol.Data(item.name(), size));
        }
    }

    void params(Statement.ParamDeclaration p) {
        Range bounds = constraint(p.constraint());
        for (Statement.Declared item : p.items()) {
            int size = size(item.size(), item.name());
            if (size >= 0 && bounds != null) declare(new Symbol.Param(item.name(), size, bounds, p.constraint()));
        }
    }

    /**
     * `random u[K]`: latent variables, integrated over the whole real line, so without a constraint (a positive effect
     * is exp(u[g]) of an unconstrained one).
     */
    void randoms(Statement.RandomDeclaration r) {
        if (r.constraint() != null) {
            diagnostics.error(r.constraint().span(), "a random effect cannot be constrained: it is integrated over the whole line",
                    "remove the constraint; for an effect that must be positive write exp(u[g]) where the effect is used");
        }
        for (Statement.Declared item : r.items()) {
            int size = size(item.size(), item.name());
            if (size >= 0 && r.constraint() == null) declare(new Symbol.Param(item.name(), size, Range.REAL, null, true));
        }
    }

    void let(Statement.LetDeclaration l) {
        Type t = types.type(l.value(), null);
        if (t != ERROR) declare(new Symbol.Let(l.name(), l, t));
    }

    private void declare(Symbol symbol) {
        Symbol previous = scope.get(symbol.id().key());
        if (previous != null) {
            String same = previous.id().text().equals(symbol.id().text()) ? ""
                    : Names.normalized(previous.id().text()).equals(Names.normalized(symbol.id().text()))
                    ? " (the same name in other characters: " + NameHints.firstDifference(symbol.id().text(), previous.id().text()) + ")"
                    : " (`" + previous.id().text() + "` and `" + symbol.id().text() + "` are the same name)";
            diagnostics.error(symbol.id().span(), "`" + symbol.name() + "` is already declared as a " + previous.kind()
                    + " on line " + previous.id().span().line() + same, "give it another name or remove one declaration");
            return;
        }
        if (Builtins.isBuiltin(symbol.id().key()) || Distributions.lookup(symbol.id().text()) != null) {
            diagnostics.error(symbol.id().span(), "`" + symbol.name() + "` is the name of a built-in "
                    + (Builtins.isBuiltin(symbol.id().key()) ? "function" : "distribution"), "choose another name");
            return;
        }
        scope.add(symbol);
    }

    /** The size of a declared vector (0 for a scalar), or −1 after an error. */
    private int size(Expr sizeExpr, Identifier name) {
        if (sizeExpr == null) return 0;
        Type t = types.type(sizeExpr, null);
        if (t == ERROR) return -1;
        if (!t.isConstant() || !t.isScalar()) {
            diagnostics.error(sizeExpr.span(), "the size of `" + name.text() + "` must be a constant whole number",
                    "declare it first, e.g. `const p = 3`, and write `" + name.text() + "[p]`");
            return -1;
        }
        double v = t.constant()[0];
        if (v != Math.rint(v) || v < 1 || v > MAX_SIZE) {
            diagnostics.error(sizeExpr.span(), "the size of `" + name.text() + "` is " + IrPrinter.number(v)
                    + ", but a size must be a whole number from 1 to " + MAX_SIZE, "write a whole number, e.g. `" + name.text() + "[3]`");
            return -1;
        }
        return (int) v;
    }

    /** The declared constraint as an open interval, REAL for none; null after an error. */
    private Range constraint(Statement.Constraint c) {
        if (c == null) return Range.REAL;
        // Not `c.lower() == null ? -∞ : bound(…)`: that ternary unboxes, and a failed bound (null) would throw.
        Double lo = c.lower() == null ? Double.valueOf(Double.NEGATIVE_INFINITY) : bound(c.lower());
        Double hi = c.upper() == null ? Double.valueOf(Double.POSITIVE_INFINITY) : bound(c.upper());
        if (lo == null || hi == null) return null;
        if (!(lo < hi)) {
            diagnostics.error(c.span(), "the lower bound " + IrPrinter.number(lo) + " is not below the upper bound "
                    + IrPrinter.number(hi), "write the interval as `in (lower, upper)` with lower < upper");
            return null;
        }
        return new Range(lo, true, hi, true);
    }

    private Double bound(Expr e) {
        Type t = types.type(e, null);
        if (t == ERROR) return null;
        if (!t.isConstant() || !t.isScalar()) {
            diagnostics.error(e.span(), "a bound must be a constant number, not something that depends on "
                    + (t.rowVarying() ? "data" : "parameters"), "use a number or a `const`");
            return null;
        }
        return t.constant()[0];
    }

    void constant(Statement.ConstItem item) {
        int size = size(item.size(), item.name());
        Type t = types.type(item.value(), null);
        if (size < 0 || t == ERROR) return;
        if (!t.isConstant()) {
            String what = t.rowVarying() ? "data" : "the parameter `" + t.params().iterator().next().name() + "`";
            diagnostics.error(item.value().span(), "the constant `" + item.name().text() + "` cannot depend on " + what,
                    "use `let` for a value computed from parameters or data");
            return;
        }
        double[] values = t.constant();
        double[] override = overrides.get(item.name().key());
        if (override != null) {
            usedOverrides.add(item.name().key());
            values = override;
        }
        // An override keeps the declared shape: one number for a scalar, as many as the vector has (or
        // one, which fills every element).
        int declaredLength = size > 0 ? size : t.isScalar() ? 1 : t.size();
        if (override != null && values.length != declaredLength && !(values.length == 1 && declaredLength > 1)) {
            String shape = declaredLength == 1 ? "a single number" : "a vector of " + declaredLength + " elements";
            diagnostics.error(item.name().span(), "`--set " + item.name().text() + "` gives " + values.length
                    + " values, but `" + item.name().text() + "` is " + shape,
                    "give " + (declaredLength == 1 ? "one value" : declaredLength + " values separated by commas, or one for every element"));
            return;
        }
        if (size == 0 && !t.isScalar() && values.length == 1 && override != null) {
            double v = values[0];
            values = new double[declaredLength];
            java.util.Arrays.fill(values, v);
        }
        if (size > 0 && values.length == 1) {
            double v = values[0];
            values = new double[size];
            java.util.Arrays.fill(values, v);
        } else if (size > 0 && values.length != size) {
            diagnostics.error(item.value().span(), "`" + item.name().text() + "` is declared with " + size
                    + " elements but is given " + values.length, "give " + size + " values, e.g. [" + "1, ".repeat(size - 1) + "1]");
            return;
        }
        int actualSize = size > 0 ? size : (values.length == 1 && t.isScalar() ? 0 : values.length);
        declare(new Symbol.Const(item.name(), actualSize, values));
    }

    void function(Statement.FunctionDeclaration f) {
        Set<String> seen = new HashSet<>();
        List<Identifier> all = new ArrayList<>(f.inputs());
        all.addAll(f.params());
        for (Identifier id : all) {
            if (!seen.add(id.key())) {
                diagnostics.error(id.span(), "`" + id.text() + "` appears twice among the arguments of `" + f.name().text() + "`",
                        "give each argument its own name");
            }
        }
        // Names in the body must be its arguments, its own lets, constants or functions declared before it.
        // That also rules out recursion, direct or through another function.
        int before = diagnostics.errorCount();
        Set<String> locals = new HashSet<>(seen);
        for (Statement.LetDeclaration l : f.lets()) {
            resolveNames(l.value(), f, locals);
            locals.add(l.name().key());
        }
        resolveNames(f.result(), f, locals);
        // A function with an error is not declared: its calls then fail quietly instead of repeating the error.
        if (diagnostics.errorCount() == before) declare(new Symbol.Function(f.name(), f));
    }

    private void resolveNames(Expr e, Statement.FunctionDeclaration f, Set<String> locals) {
        switch (e) {
            case Expr.Name n -> {
                if (locals.contains(n.name().key())) return;
                Symbol s = scope.get(n.name().key());
                if (s instanceof Symbol.Const || s == null) {
                    if (s == null && !Builtins.CONSTANTS.containsKey(n.name().key())) hints.undefined(n.name());
                    return;
                }
                diagnostics.error(n.span(), "`" + f.name().text() + "` uses the " + s.kind() + " `" + n.name().text()
                        + "`, which is not one of its arguments", "add `" + n.name().text() + "` to its "
                        + (s instanceof Symbol.Param ? "parameters (after the `;`)" : "inputs (before the `;`)")
                        + " and pass it where it is called");
            }
            case Expr.Index i -> {
                resolveNames(new Expr.Name(i.base().span(), i.base()), f, locals);
                resolveNames(i.index(), f, locals);
            }
            case Expr.Call c -> {
                if (calls.badCallee(c, f, locals)) return;
                c.allArguments().forEach(a -> resolveNames(a, f, locals));
            }
            case Expr.Negate n -> resolveNames(n.operand(), f, locals);
            case Expr.Binary b -> {
                resolveNames(b.left(), f, locals);
                resolveNames(b.right(), f, locals);
            }
            case Expr.VectorLiteral v -> v.elements().forEach(a -> resolveNames(a, f, locals));
            case Expr.Number ignored -> { }
        }
    }

    /**
     * `report name = value`: a function of the parameters (and constants), reported at the fit with its delta-method
     * standard error. Not of data: per-row values are what `--predictions` gives.
     */
    void report(Statement.Report s) {
        if (!s.keyword().text().equals("report")) {
            diagnostics.error(s.keyword().span(), "a statement cannot start with `" + s.keyword().text() + " " + s.name().text()
                    + " =`", "write `report " + s.name().text() + " = …` for a derived quantity, or `let " + s.name().text() + " = …`");
            return;
        }
        Type t = types.type(s.value(), null);
        if (t == ERROR) return;
        if (t.rowVarying()) {
            diagnostics.error(s.value().span(), "a reported quantity cannot depend on data, but `" + s.value().span().text()
                    + "` does", "report functions of the parameters; per-row values are what `mle fit --predictions` writes");
            return;
        }
        if (!t.dependsOnParams()) {
            diagnostics.error(s.value().span(), "`" + s.value().span().text() + "` depends on no parameter, so there is nothing "
                    + "to estimate", "report a function of the parameters, e.g. `report odds = exp(b)`");
            return;
        }
        Symbol.Param random = t.params().stream().filter(Symbol.Param::random).findFirst().orElse(null);
        if (random != null) {
            diagnostics.error(s.value().span(), "a reported quantity cannot depend on the random effect `" + random.name()
                    + "`, which is integrated out, not estimated", "report functions of the parameters; the fit lists each "
                    + "random effect's conditional mode and standard deviation");
            return;
        }
        boolean taken = scope.containsKey(s.name().key()) || reports.stream().anyMatch(r -> r.name().key().equals(s.name().key()));
        if (taken) {
            diagnostics.error(s.name().span(), "`" + s.name().text() + "` is already declared", "give the reported quantity a name of its own");
            return;
        }
        scope.usedParams.addAll(t.params());
        reports.add(s);
    }
}
