package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Model;
import mle.compiler.ast.Names;
import mle.compiler.ast.Statement;
import mle.compiler.dist.Distributions;
import mle.compiler.ir.IrPrinter;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.Span;

import static mle.compiler.check.ExpressionTyping.ERROR;

/**
 * AST → checked model: scopes and kinds (data, param, const, let, function), shapes, and what can be
 * proved before any data is read (a scale is > 0, a prior's parameter lies in its support). Reports
 * every problem it finds, each with a hint; returns null when there was an error.
 */
public final class Checker {
    /** The most elements a declared vector may have. */
    public static final int MAX_SIZE = 100_000;

    private final Model model;
    private final Diagnostics diagnostics;
    private final Map<String, double[]> overrides;
    private final Set<String> usedOverrides = new HashSet<>();
    private final CheckScope scope;
    private final NameHints hints;
    private final UsageLint usage;
    private final ExpressionTyping types;
    private final SamplingRules samplingRules;
    private final List<Statement.Report> reports = new ArrayList<>();
    private final List<Statement> failed = new ArrayList<>();

    private Checker(Model model, Map<String, double[]> overrides, Diagnostics diagnostics) {
        this.model = model;
        this.diagnostics = diagnostics;
        this.scope = new CheckScope(model, diagnostics);
        this.hints = new NameHints(scope);
        this.usage = new UsageLint(scope);
        this.types = new ExpressionTyping(scope, hints);
        this.samplingRules = new SamplingRules(scope, types, hints);
        this.overrides = new HashMap<>();
        overrides.forEach((k, v) -> this.overrides.put(Names.canonical(k), v));
    }

    public record Result(CheckedModel model, List<String> unknownOverrides) {}

    /** @param overrides values for constants given outside the model (`--set s=0.5`), by name */
    public static Result check(Model model, Map<String, double[]> overrides, Diagnostics diagnostics) {
        Checker checker = new Checker(model, overrides, diagnostics);
        CheckedModel checked = checker.run();
        List<String> unknown = overrides.keySet().stream()
                .filter(k -> !checker.usedOverrides.contains(Names.canonical(k))).sorted().toList();
        return new Result(checked, unknown);
    }

    private CheckedModel run() {
        for (Statement s : model.statements()) {
            for (Identifier id : declaredNames(s)) scope.declaredAnywhere.putIfAbsent(id.key(), id);
        }
        for (Statement s : model.statements()) {
            mle.compiler.Compiler.checkInterrupted();
            int before = diagnostics.errorCount(), sampled = samplingRules.samplings.size();
            statement(s);
            // A statement can also fail quietly, on a name whose declaration failed: it counts as failed too.
            boolean quiet = s instanceof Statement.Sampling ? samplingRules.samplings.size() == sampled
                    : declaredNames(s).stream().anyMatch(id -> !scope.containsKey(id.key()));
            if (diagnostics.errorCount() > before || quiet) failed.add(s);
        }
        finish();
        return diagnostics.hasErrors() ? null : new CheckedModel(model, List.copyOf(scope.symbols()), scope.byKey(),
                List.copyOf(samplingRules.samplings), List.copyOf(samplingRules.increments), List.copyOf(reports));
    }

    static List<Identifier> declaredNames(Statement s) {
        return switch (s) {
            case Statement.DataDeclaration d -> d.items().stream().map(Statement.Declared::name).toList();
            case Statement.ParamDeclaration p -> p.items().stream().map(Statement.Declared::name).toList();
            case Statement.ConstDeclaration c -> c.items().stream().map(Statement.ConstItem::name).toList();
            case Statement.LetDeclaration l -> List.of(l.name());
            case Statement.FunctionDeclaration f -> List.of(f.name());
            case Statement.Sampling ignored -> List.of();
            case Statement.Increment ignored -> List.of();
            case Statement.Report ignored -> List.of();
        };
    }

    // ---- statements ---------------------------------------------------------------------------

    private void statement(Statement s) {
        switch (s) {
            case Statement.DataDeclaration d -> {
                for (Statement.Declared item : d.items()) {
                    int size = size(item.size(), item.name());
                    if (size >= 0) declare(new Symbol.Data(item.name(), size));
                }
            }
            case Statement.ParamDeclaration p -> {
                Range bounds = constraint(p.constraint());
                for (Statement.Declared item : p.items()) {
                    int size = size(item.size(), item.name());
                    if (size >= 0 && bounds != null) declare(new Symbol.Param(item.name(), size, bounds, p.constraint()));
                }
            }
            case Statement.ConstDeclaration c -> c.items().forEach(this::constant);
            case Statement.LetDeclaration l -> {
                Type t = types.type(l.value(), null);
                if (t != ERROR) declare(new Symbol.Let(l.name(), l, t));
            }
            case Statement.FunctionDeclaration f -> function(f);
            case Statement.Sampling sampling -> samplingRules.sampling(sampling);
            case Statement.Increment increment -> samplingRules.increment(increment);
            case Statement.Report report -> report(report);
        }
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

    private void constant(Statement.ConstItem item) {
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

    private void function(Statement.FunctionDeclaration f) {
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
                if (types.calls().badCallee(c, f, locals)) return;
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
    private void report(Statement.Report s) {
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
        boolean taken = scope.containsKey(s.name().key()) || reports.stream().anyMatch(r -> r.name().key().equals(s.name().key()));
        if (taken) {
            diagnostics.error(s.name().span(), "`" + s.name().text() + "` is already declared", "give the reported quantity a name of its own");
            return;
        }
        scope.usedParams.addAll(t.params());
        reports.add(s);
    }

    private void finish() {
        hints.lookAlikeNames();
        usage.unused(failed);
        boolean likelihood = samplingRules.samplings.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD)
                || samplingRules.increments.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD);
        if (!likelihood && !diagnostics.hasErrors()) {
            if (!samplingRules.samplings.isEmpty()) {
                diagnostics.error(samplingRules.samplings.getFirst().statement().target().span(), "the model has no likelihood: every `~` statement "
                        + "is a prior on a parameter", "add a `~` statement with data on its left, e.g. `y ~ Normal(μ, σ)` with `data y`");
                return;
            }
            Span where = model.name() != null ? model.name().span()
                    : model.statements().isEmpty() ? model.source().span(0, Math.min(1, model.source().text().length()))
                    : model.statements().getFirst().span();
            diagnostics.error(where, "the model has no likelihood: no `~` statement has data on its left, and no `target +=` reads data",
                    "add one, e.g. `y ~ Normal(μ, σ)` with `data y`");
        }
    }

    static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }
}
