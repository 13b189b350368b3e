package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.ParsedModel;
import mle.compiler.ast.Names;
import mle.compiler.ast.Statement;
import mle.compiler.ir.Distribution;
import mle.compiler.dist.Distributions;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;
import mle.compiler.ir.Functions;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Op;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.Span;

/**
 * AST → checked model: scopes and kinds (data, param, const, let, function), shapes, and what can be
 * proved before any data is read (a scale is > 0, a prior's parameter lies in its support). Reports
 * every problem it finds, each with a hint; returns null when there was an error.
 */
public final class Checker {
    private static final Type ERROR = new Type(-1, false, Set.of(), Range.REAL, null);

    /** The most elements a declared vector may have. */
    public static final int MAX_SIZE = 100_000;

    private final ParsedModel model;
    private final Diagnostics diagnostics;
    private final Map<String, double[]> overrides;
    private final Set<String> usedOverrides = new HashSet<>();
    private final Map<String, Symbol> scope = new LinkedHashMap<>();
    private final List<Symbol> symbols = new ArrayList<>();
    private final Map<String, Identifier> declaredAnywhere = new HashMap<>();
    private final Set<Symbol.Param> usedParams = new HashSet<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<Symbol.Param, Span> priors = new HashMap<>();
    private final List<CheckedModel.Sampling> samplings = new ArrayList<>();
    private final List<CheckedModel.Increment> increments = new ArrayList<>();
    private final List<Statement.Report> reports = new ArrayList<>();
    private final List<Statement> failed = new ArrayList<>();

    /** The names, inputs and parameters of the function whose body is being checked at a call site. */
    private record Local(Identifier id, Type type, boolean input) {}

    /** The result type of each function body already typed, by the function and its arguments' types. */
    private final Map<List<Object>, Type> calls = new HashMap<>();

    private record FunctionScope(Statement.FunctionDeclaration function, Map<String, Local> locals) {}

    private Checker(ParsedModel model, Map<String, double[]> overrides, Diagnostics diagnostics) {
        this.model = model;
        this.diagnostics = diagnostics;
        this.overrides = new HashMap<>();
        overrides.forEach((k, v) -> this.overrides.put(Names.canonical(k), v));
    }

    public record Result(CheckedModel model, List<String> unknownOverrides) {}

    /** @param overrides values for constants given outside the model (`--set s=0.5`), by name */
    public static Result check(ParsedModel model, Map<String, double[]> overrides, Diagnostics diagnostics) {
        Checker checker = new Checker(model, overrides, diagnostics);
        CheckedModel checked = checker.run();
        List<String> unknown = overrides.keySet().stream()
                .filter(k -> !checker.usedOverrides.contains(Names.canonical(k))).sorted().toList();
        return new Result(checked, unknown);
    }

    private CheckedModel run() {
        for (Statement s : model.statements()) {
            for (Identifier id : declaredNames(s)) declaredAnywhere.putIfAbsent(id.key(), id);
        }
        for (Statement s : model.statements()) {
            mle.compiler.interrupt.Interruption.checkCompiling();
            int before = diagnostics.errorCount(), sampled = samplings.size();
            statement(s);
            // A statement can also fail quietly, on a name whose declaration failed: it counts as failed too.
            boolean quiet = s instanceof Statement.Sampling ? samplings.size() == sampled
                    : declaredNames(s).stream().anyMatch(id -> !scope.containsKey(id.key()));
            if (diagnostics.errorCount() > before || quiet) failed.add(s);
        }
        finish();
        return diagnostics.hasErrors() ? null : new CheckedModel(model, List.copyOf(symbols), Map.copyOf(scope),
                List.copyOf(samplings), List.copyOf(increments), List.copyOf(reports));
    }

    private static List<Identifier> declaredNames(Statement s) {
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
                Type t = type(l.value(), null);
                if (t != ERROR) declare(new Symbol.Let(l.name(), l, t));
            }
            case Statement.FunctionDeclaration f -> function(f);
            case Statement.Sampling sampling -> sampling(sampling);
            case Statement.Increment increment -> increment(increment);
            case Statement.Report report -> report(report);
        }
    }

    private void declare(Symbol symbol) {
        Symbol previous = scope.get(symbol.id().key());
        if (previous != null) {
            String same = previous.id().text().equals(symbol.id().text()) ? ""
                    : Names.normalized(previous.id().text()).equals(Names.normalized(symbol.id().text()))
                    ? " (the same name in other characters: " + firstDifference(symbol.id().text(), previous.id().text()) + ")"
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
        scope.put(symbol.id().key(), symbol);
        symbols.add(symbol);
    }

    /** "U+00B5 MICRO SIGN where the other has U+03BC GREEK SMALL LETTER MU": how two spellings that look alike differ. */
    private static String firstDifference(String text, String other) {
        int[] a = text.codePoints().toArray(), b = other.codePoints().toArray();
        int i = 0;
        while (i < a.length - 1 && i < b.length - 1 && a[i] == b[i]) i++;
        return String.format("U+%04X %s where the other has U+%04X %s", a[i], Character.getName(a[i]), b[i], Character.getName(b[i]));
    }

    /** The size of a declared vector (0 for a scalar), or −1 after an error. */
    private int size(Expr sizeExpr, Identifier name) {
        if (sizeExpr == null) return 0;
        Type t = type(sizeExpr, null);
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
        Type t = type(e, null);
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
        Type t = type(item.value(), null);
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
                    if (s == null && !Builtins.CONSTANTS.containsKey(n.name().key())) undefined(n.name());
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
                if (badCallee(c, f, locals)) return;
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
     * `target += value`: a term added to the log-density. One that reads data is part of the likelihood, summed over
     * the rows; one of parameters alone is part of the prior (MAP only), since it says nothing about the data.
     */
    private void increment(Statement.Increment s) {
        if (!s.name().text().equals("target")) {
            diagnostics.error(s.name().span(), "only `target` can be added to with `+=`, not `" + s.name().text() + "`",
                    "write `target += …` to add a term to the log-density, or `let " + s.name().text() + " = …` to name a value");
            return;
        }
        Type t = type(s.value(), null);
        if (t == ERROR) return;
        if (!t.dependsOnParams()) {
            diagnostics.error(s.value().span(), "`" + s.value().span().text() + "` depends on no parameter, so adding it "
                    + "changes the objective by a constant", "add terms that depend on parameters; constants drop out of every fit");
            return;
        }
        usedParams.addAll(t.params());
        increments.add(new CheckedModel.Increment(s, t.rowVarying() ? CheckedModel.Kind.LIKELIHOOD : CheckedModel.Kind.PRIOR, t));
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
        Type t = type(s.value(), null);
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
        usedParams.addAll(t.params());
        reports.add(s);
    }

    private void sampling(Statement.Sampling written) {
        Type target = type(written.target(), null);
        Distribution dist = Distributions.lookup(written.distribution().text());
        if (dist == null) {
            unknownDistribution(written.distribution());
            written.arguments().forEach(a -> type(a.value(), null));
            return;
        }
        // Censoring, truncation and weights are named arguments of their own; the rest are the distribution's.
        Map<String, Expr> observed = new LinkedHashMap<>();
        List<Statement.Argument> own = new ArrayList<>();
        boolean givenTwice = false;
        for (Statement.Argument a : written.arguments()) {
            if (a.name() == null || !CheckedModel.Observation.NAMES.contains(a.name().text())) {
                own.add(a);
            } else if (observed.putIfAbsent(a.name().text(), a.value()) != null) {
                // The second would silently replace the first: refuse, as a distribution's own argument given twice is.
                diagnostics.error(a.name().span().to(a.value().span()), "`" + a.name().text() + "` is given twice",
                        givenTwiceHint(a.name().text()));
                givenTwice = true;
            }
        }
        Statement.Sampling s = observed.isEmpty() ? written
                : new Statement.Sampling(written.span(), written.target(), written.distribution(), own);
        List<Expr> args = arrangeArguments(s, dist);
        List<Type> argTypes = new ArrayList<>();
        boolean ok = args != null && target != ERROR;
        if (args != null) {
            for (Expr a : args) {
                Type t = type(a, null);
                argTypes.add(t);
                ok &= t != ERROR;
            }
        }
        if (!ok) return;
        CheckedModel.Kind kind = samplingKind(s, target);
        if (kind == null) return;
        for (int i = 0; i < args.size(); i++) {
            if (!argument(s, dist, dist.parameters().get(i), args.get(i), argTypes.get(i), target, kind)) ok = false;
        }
        if (kind == CheckedModel.Kind.PRIOR && !priorSupport(s, dist, target, argTypes)) ok = false;
        CheckedModel.Observation observation = observed.isEmpty() ? CheckedModel.Observation.PLAIN
                : observation(written, dist, kind, target, observed);
        if (!ok || observation == null || givenTwice) return;
        usedParams.addAll(target.params());
        for (Type t : argTypes) usedParams.addAll(t.params());
        samplings.add(new CheckedModel.Sampling(written, kind, dist, args, target, observation));
    }

    /**
     * The censoring, truncation and weights of a likelihood, checked: a single value on the left, indicators, interval
     * bounds and weights free of parameters, and the distribution functions that they need; null after an error.
     */
    private CheckedModel.Observation observation(Statement.Sampling s, Distribution dist, CheckedModel.Kind kind, Type target,
                                                 Map<String, Expr> observed) {
        Expr first = observed.values().iterator().next();
        if (kind != CheckedModel.Kind.LIKELIHOOD || !target.isScalar()) {
            diagnostics.error(first.span(), kind != CheckedModel.Kind.LIKELIHOOD ? "only data can be censored, truncated or "
                    + "weighted, not a prior's parameter" : "censoring, truncation and weights take a single value on the left "
                    + "of `~`, not a vector",
                    kind != CheckedModel.Kind.LIKELIHOOD ? "remove it, or put data on the left" : "write one `~` statement per element");
            return null;
        }
        boolean ok = true;
        for (Map.Entry<String, Expr> e : observed.entrySet()) {
            Type t = type(e.getValue(), null);
            if (t == ERROR) { ok = false; continue; }
            boolean bound = e.getKey().startsWith("truncated");
            if (!t.isScalar() || (!bound && t.dependsOnParams())) {
                diagnostics.error(e.getValue().span(), "`" + e.getKey() + "` must be a single value" + (bound ? "" : " computed from data"),
                        bound ? "give one bound for every row" : e.getKey().equals("weight") ? "use a data column of weights ≥ 0"
                                : "use a data column, such as an indicator that is 1 where the row is censored");
                ok = false;
                continue;
            }
            usedParams.addAll(t.params());
            if (!constantObservation(e.getKey(), e.getValue(), t)) { ok = false; continue; }
            if (e.getKey().equals("weight")) continue;
            Distributions.DensityFunction.Kind needed = e.getKey().equals("right_censored") || e.getKey().equals("truncated_below")
                    ? Distributions.DensityFunction.Kind.LCCDF : Distributions.DensityFunction.Kind.LCDF;
            if (!new Distributions.DensityFunction(dist, needed).exists()) {
                diagnostics.error(e.getValue().span(), "`" + e.getKey() + "` needs the distribution function of " + dist.name()
                        + ", which mle does not have yet", "these have one: " + Distributions.having(needed));
                ok = false;
            }
        }
        if (!censoredOneWayPerRow(observed)) ok = false;
        if (ok && !truncationLeavesARange(observed)) ok = false;
        if (observed.containsKey("interval_censored") != observed.containsKey("interval_upper")) {
            diagnostics.error(first.span(), "`interval_censored` and `interval_upper` go together: the rows marked by the first "
                    + "lie between the value on the left and the second", "give both, e.g. `interval_censored = c, interval_upper = u`");
            ok = false;
        }
        return ok ? CheckedModel.Observation.of(observed) : null;
    }

    private static String givenTwiceHint(String name) {
        return switch (name) {
            case "weight" -> "give it once; for rows weighted by both, multiply them: `weight = w1 * w2`";
            case "truncated_below", "truncated_above", "interval_upper" -> "give one bound: the second would replace the first";
            default -> "give it once, with one indicator that is 1 on every row censored that way";
        };
    }

    /** The censoring indicators: on each row 0 (observed) or 1 (censored), at most one of them 1. */
    private static final List<String> CENSORING = List.of("right_censored", "left_censored", "interval_censored");

    /**
     * A censoring indicator or weight that is a constant is checked here, where its line is, rather than on every row:
     * an indicator is 0 or 1, a weight ≥ 0.
     */
    private boolean constantObservation(String name, Expr value, Type t) {
        if (!t.isConstant()) return true;
        double v = t.constant()[0];
        if (CENSORING.contains(name) && v != 0 && v != 1) {
            diagnostics.error(value.span(), "`" + name + "` is " + IrPrinter.number(v) + ", but a censoring indicator must be "
                    + "0 (observed) or 1 (censored)", "write 1 to censor every row, or a data column that marks the censored rows");
            return false;
        }
        if (name.equals("weight") && !(v >= 0)) {
            diagnostics.error(value.span(), "the weight is " + IrPrinter.number(v) + ", but a weight must be a number ≥ 0",
                    "give a weight ≥ 0; a row that should not count has weight 0");
            return false;
        }
        return true;
    }

    /**
     * Right, left and interval censoring can be combined (a Tobit model censored at both ends), each row censored one
     * way at most, as one status per row in R's `Surv`; the rows are checked when the data arrive. The same indicator
     * for two of them would make every censored row both.
     */
    private boolean censoredOneWayPerRow(Map<String, Expr> observed) {
        List<String> given = CENSORING.stream().filter(observed::containsKey).toList();
        for (int i = 0; i < given.size(); i++) {
            for (int j = 0; j < i; j++) {
                Expr first = observed.get(given.get(j)), second = observed.get(given.get(i));
                if (mle.compiler.ast.AstPrinter.print(first).equals(mle.compiler.ast.AstPrinter.print(second))) {
                    diagnostics.error(second.span(), "`" + given.get(j) + "` and `" + given.get(i) + "` are both `"
                            + second.span().text() + "`, so every censored row would be censored both ways",
                            "a row is censored one way at most: give each its own indicator");
                    return false;
                }
            }
        }
        return true;
    }

    /** Constant truncation bounds must leave values between them: `truncated_below = 5, truncated_above = 1` leaves none. */
    private boolean truncationLeavesARange(Map<String, Expr> observed) {
        Expr below = observed.get("truncated_below"), above = observed.get("truncated_above");
        if (below == null || above == null) return true;
        Type lo = type(below, null), hi = type(above, null);
        if (!lo.isConstant() || !hi.isConstant() || lo.constant()[0] < hi.constant()[0]) return true;
        diagnostics.error(below.span().to(above.span()), "the truncation leaves no values: `truncated_below` is "
                + IrPrinter.number(lo.constant()[0]) + " and `truncated_above` is " + IrPrinter.number(hi.constant()[0]),
                "give a lower bound below the upper one");
        return false;
    }

    private void unknownDistribution(Identifier name) {
        List<String> names = Distributions.all().stream().map(Distribution::name).toList();
        String exact = names.stream().filter(n -> n.equalsIgnoreCase(name.text())).findFirst().orElse(null);
        String suggestion = exact != null ? exact : Suggestions.closest(name.text(), names);
        diagnostics.error(name.span(), "there is no distribution called `" + name.text() + "`",
                suggestion != null ? "did you mean `" + suggestion + "`?" : "the distributions are " + String.join(", ", names));
    }

    /** The arguments in the distribution's parameter order, resolving names; null after an error. */
    private List<Expr> arrangeArguments(Statement.Sampling s, Distribution dist) {
        List<DistributionParameter> params = dist.parameters();
        String signature = dist.name() + "(" + String.join(", ", params.stream().map(DistributionParameter::name).toList()) + ")";
        Expr[] arranged = new Expr[params.size()];
        boolean ok = true;
        int position = 0;
        Statement.Argument named = null;
        for (Statement.Argument a : s.arguments()) {
            int slot;
            if (a.name() == null && named != null) {
                // R would give it the first parameter still free, Python refuses it: which one was meant is not clear.
                diagnostics.error(a.value().span(), "`" + a.value().span().text() + "` is given by position after the named argument `"
                        + named.name().text() + "`, so it is not clear which argument of " + dist.name() + " it is",
                        "name it too, or give the arguments by position first: " + signature);
                ok = false;
                continue;
            }
            if (a.name() == null) {
                slot = position++;
                if (slot >= params.size()) {
                    Span extra = a.value().span().to(s.arguments().getLast().value().span());
                    diagnostics.error(extra, dist.name() + " takes " + count(params.size(), "argument") + ", but is given "
                            + s.arguments().size(), "write it as " + signature);
                    return null;
                }
            } else {
                named = a;
                slot = -1;
                for (int i = 0; i < params.size(); i++) {
                    if (Names.canonical(params.get(i).name()).equals(a.name().key())) slot = i;
                }
                if (slot < 0) {
                    // Compare with the ASCII spellings too: `sigm` is a typo of `sigma`, that is of `σ`.
                    Map<String, String> spellings = new HashMap<>();
                    for (DistributionParameter p : params) {
                        spellings.put(p.name(), p.name());
                        greekSpellings().forEach((ascii, greek) -> { if (greek.equals(p.name())) spellings.put(ascii, p.name()); });
                    }
                    String suggestion = spellings.get(Suggestions.closest(a.name().text(), spellings.keySet()));
                    for (DistributionParameter p : params) {
                        // `sd = …` or `scale = …`: the role of a parameter, or its common name, also finds it.
                        if (p.role().equals(a.name().text()) || (a.name().text().equals("sd") && p.role().equals("scale"))
                                || (a.name().text().equals("mean") && p.role().equals("location"))) suggestion = p.name();
                    }
                    diagnostics.error(a.name().span(), dist.name() + " has no argument called `" + a.name().text() + "`",
                            suggestion != null ? "did you mean `" + suggestion + "`? It is " + signature : "it is " + signature);
                    ok = false;
                    continue;
                }
            }
            if (arranged[slot] != null) {
                Span where = a.name() != null ? a.name().span().to(a.value().span()) : a.value().span();
                diagnostics.error(where, "the argument " + params.get(slot).name() + " of " + dist.name()
                        + " is given twice", "give each argument once: " + signature);
                ok = false;
                continue;
            }
            arranged[slot] = a.value();
        }
        if (!ok) return null;
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < arranged.length; i++) if (arranged[i] == null) missing.add(params.get(i).name());
        if (!missing.isEmpty()) {
            // From the distribution's name to the closing parenthesis: where the arguments go.
            Span where = s.span().file().span(s.distribution().span().start(), s.span().end());
            int n = s.arguments().size();
            diagnostics.error(where, dist.name() + " takes " + count(params.size(), "argument") + ", but is given "
                    + (n == 0 ? "none" : n + ": " + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing"),
                    "write it as " + signature);
            return null;
        }
        return List.of(arranged);
    }

    private CheckedModel.Kind samplingKind(Statement.Sampling s, Type target) {
        Expr t = s.target();
        Symbol targetSymbol = t instanceof Expr.Name n ? scope.get(n.name().key())
                : t instanceof Expr.Index i ? scope.get(i.base().key()) : null;
        if (targetSymbol instanceof Symbol.Param p && target.rowVarying()) {
            diagnostics.error(t.span(), "a prior cannot be on `" + t.span().text() + "`, which picks a different element of `"
                    + p.name() + "` on each row", "put the prior on the whole vector: `" + p.name() + " ~ …`");
            return null;
        }
        if (targetSymbol instanceof Symbol.Param) return CheckedModel.Kind.PRIOR;
        if (target.dependsOnParams()) {
            if (target.rowVarying()) {
                diagnostics.error(t.span(), "the left of `~` mixes data and parameters",
                        "put the data on the left and move the parameters into the distribution's arguments");
            } else {
                String what = targetSymbol instanceof Symbol.Let ? "`" + t.span().text() + "`, which is computed from parameters"
                        : "a function of parameters";
                String hint = target.params().size() == 1
                        ? "put the prior on `" + target.params().iterator().next().name() + "` itself, or declare a parameter for `"
                                + t.span().text() + "` and compute `" + target.params().iterator().next().name() + "` from it"
                        : "put priors on the parameters themselves";
                diagnostics.error(t.span(), "the left of `~` is " + what + "; a prior on it would need a Jacobian correction", hint);
            }
            return null;
        }
        if (target.rowVarying()) return CheckedModel.Kind.LIKELIHOOD;
        String what = targetSymbol == null ? "a constant expression" : "the " + targetSymbol.kind() + " `" + targetSymbol.name() + "`";
        diagnostics.error(t.span(), "the left of `~` must be data or a parameter, but it is " + what,
                "write data on the left for a likelihood (`y ~ …`) or a parameter for a prior (`σ ~ …`)");
        return null;
    }

    /** Checks one distribution argument's shape and domain; false after an error. */
    private boolean argument(Statement.Sampling s, Distribution dist, DistributionParameter p, Expr arg, Type t, Type target,
                             CheckedModel.Kind kind) {
        String what = "the " + p.role() + " " + p.name() + " of " + dist.name();
        if (!t.isScalar() && t.size() != target.size()) {
            diagnostics.error(arg.span(), what + " is a vector of " + t.size() + " elements, but the left of `~` "
                    + (target.isScalar() ? "is a single value" : "has " + target.size()), target.isScalar()
                    ? "give a single value, e.g. `" + arg.span().text() + "[1]`, `sum(" + arg.span().text() + ")` or `dot(X, "
                            + arg.span().text() + ")`" : "make their sizes agree");
            return false;
        }
        if (kind == CheckedModel.Kind.PRIOR && t.rowVarying()) {
            diagnostics.error(arg.span(), "a prior cannot depend on data rows, but " + what + " does",
                    "use constants or parameters in a prior's arguments");
            return false;
        }
        if (kind == CheckedModel.Kind.LIKELIHOOD && dist.support() == Support.BETWEEN_ARGUMENTS && t.dependsOnParams()) {
            diagnostics.error(arg.span(), what + " depends on a parameter: its maximum-likelihood value is the data's extreme, "
                    + "where the likelihood jumps and no gradient vanishes",
                    "estimate such a bound as the sample minimum or maximum, or give " + dist.name() + " constant bounds");
            return false;
        }
        if (t.rowVarying()) return true;   // depends on the data: checked when the data are read
        Range domain = switch (p.domain()) {
            case POSITIVE -> Range.POSITIVE;
            case UNIT_INTERVAL -> Range.UNIT;
            case COUNT -> new Range(0, false, Double.POSITIVE_INFINITY, true);
            default -> null;
        };
        if (domain == null) return true;
        if (p.domain() == Support.COUNT) {
            if (t.dependsOnParams()) {
                diagnostics.error(arg.span(), what + " must be a whole number from the data or a constant, not a parameter",
                        "declare `" + arg.span().text() + "` as `data` (a column of counts) or as a `const`");
                return false;
            }
            for (double v : t.constant()) {
                if (!Support.COUNT.contains(v)) {
                    diagnostics.error(arg.span(), what + " must be a whole number ≥ 0, but it is " + IrPrinter.number(v), null);
                    return false;
                }
            }
            return true;
        }
        if (t.range().within(domain)) return true;
        String need = p.domain() == Support.POSITIVE ? "> 0" : "in (0, 1)";
        if (t.isConstant()) {
            Symbol constant = arg instanceof Expr.Name n ? scope.get(n.name().key()) : null;
            diagnostics.error(arg.span(), what + " must be " + need + ", but it is " + t.range(),
                    constant instanceof Symbol.Const ? "give `const " + constant.name() + "` a value " + need : "give a value " + need);
            return false;
        }
        diagnostics.error(arg.span(), what + " must be " + need + ", but `" + arg.span().text() + "` can be "
                + (p.domain() == Support.POSITIVE ? "≤ 0" : "outside (0, 1)"), domainHint(arg, p.domain()));
        return false;
    }

    private String domainHint(Expr arg, Support domain) {
        Symbol s = arg instanceof Expr.Name n ? scope.get(n.name().key()) : arg instanceof Expr.Index i ? scope.get(i.base().key()) : null;
        String constraint = domain == Support.POSITIVE ? "> 0" : "in (0, 1)";
        if (s instanceof Symbol.Param param) {
            return "declare it as `param " + param.name() + (param.isVector() ? "[" + param.size() + "]" : "") + " " + constraint + "`";
        }
        if (s instanceof Symbol.Let) return "constrain the parameters it is computed from, e.g. `param … " + constraint + "`";
        return domain == Support.POSITIVE ? "write it so that it is > 0 for every parameter value, e.g. exp(…) or a parameter declared `> 0`"
                : "write it so that it is in (0, 1) for every parameter value, e.g. logistic(…) or a parameter declared `in (0, 1)`";
    }

    /** A prior's parameter must be declared within the distribution's support. */
    private boolean priorSupport(Statement.Sampling s, Distribution dist, Type target, List<Type> argTypes) {
        Range bounds = target.range();
        String name = s.target().span().text();
        Support support = dist.support();
        if (support.integer) {
            diagnostics.error(s.distribution().span(), "`" + name + "` is a continuous parameter, but " + dist.name()
                    + " is a distribution of counts (" + support.description + ")",
                    "use a continuous distribution for a prior, e.g. Gamma or Exponential for a parameter > 0");
            return false;
        }
        Range needed = switch (support) {
            case POSITIVE -> Range.POSITIVE;
            case UNIT_INTERVAL -> Range.UNIT;
            case BETWEEN_ARGUMENTS -> {
                Type lo = argTypes.get(0), hi = argTypes.get(1);
                yield lo.isConstant() && hi.isConstant() && lo.isScalar() && hi.isScalar()
                        ? new Range(lo.constant()[0], false, hi.constant()[0], false) : null;
            }
            default -> Range.REAL;
        };
        if (needed == null) {
            diagnostics.error(s.span(), dist.name() + "'s bounds must be constants when it is a prior", null);
            return false;
        }
        if (bounds.within(needed)) {
            Symbol.Param param = target.params().iterator().next();
            Span previous = priors.put(param, s.span());
            if (previous != null && s.target() instanceof Expr.Name) {
                diagnostics.warning(s.target().span(), "`" + param.name() + "` already has a prior on line " + previous.line()
                        + "; both apply", "remove one unless you mean their product");
            }
            return true;
        }
        String declare = switch (support) {
            case POSITIVE -> "> 0";
            case UNIT_INTERVAL -> "in (0, 1)";
            default -> "in (" + IrPrinter.number(needed.lo()) + ", " + IrPrinter.number(needed.hi()) + ")";
        };
        String base = target.params().iterator().next().name();
        diagnostics.error(s.target().span(), "`" + name + "` is declared " + (bounds.equals(Range.REAL) ? "without bounds" : "in " + bounds)
                        + ", but " + dist.name() + " needs it to be " + support.description,
                "declare it as `param " + base + " " + declare + "`");
        return false;
    }

    private void finish() {
        lookAlikeNames();
        failed.forEach(this::markMentioned);
        // Which names a broken `~` statement will use once it is fixed is unknown (`f(x; a, y)` meant `b` for `y`),
        // so "not used" would be a guess that repeats its error: like "no likelihood", it waits for a clean run.
        boolean brokenSampling = failed.stream().anyMatch(s -> s instanceof Statement.Sampling || s instanceof Statement.Increment);
        for (Symbol s : brokenSampling ? List.<Symbol>of() : symbols) {
            if (s instanceof Symbol.Param p && !usedParams.contains(p)) {
                diagnostics.error(p.id().span(), "the parameter `" + p.name() + "` is not used by any `~` or `target +=` "
                        + "statement, so nothing determines its estimate", "use it in the model, or remove it");
            } else if (s instanceof Symbol.Data d && !usedNames.contains(d.id().key())) {
                diagnostics.warning(d.id().span(), "the data `" + d.name() + "` is declared but never used", "remove it if it is not needed");
            } else if ((s instanceof Symbol.Let || s instanceof Symbol.Function) && !usedNames.contains(s.id().key())) {
                diagnostics.warning(s.id().span(), "the " + s.kind() + " `" + s.name() + "` is never used", "remove it if it is not needed");
            }
        }
        boolean likelihood = samplings.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD)
                || increments.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD);
        if (!likelihood && !diagnostics.hasErrors()) {
            if (!samplings.isEmpty()) {
                diagnostics.error(samplings.getFirst().statement().target().span(), "the model has no likelihood: every `~` statement "
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

    /**
     * Warnings, as Rust's `confusable_idents` and `mixed_script_confusables` lints give them: two different names
     * that look alike (Latin `a` and Cyrillic `а`), a name that mixes scripts within a word with a letter that looks
     * like one of the other script (`аlpha`), and a name whose letters are all Cyrillic look-alikes of Latin ones.
     */
    private void lookAlikeNames() {
        List<Identifier> names = new ArrayList<>();
        for (Statement s : model.statements()) {
            names.addAll(declaredNames(s));
            if (s instanceof Statement.Report r) names.add(r.name());
        }
        Map<String, Identifier> bySkeleton = new HashMap<>();
        for (Identifier id : names) {
            String skeleton = mle.compiler.ast.Confusables.skeleton(id.text());
            Identifier earlier = bySkeleton.putIfAbsent(skeleton, id);
            if (earlier != null && !earlier.key().equals(id.key())) {
                diagnostics.warning(id.span(), "`" + id.text() + "` looks like `" + earlier.text() + "` on line " + earlier.span().line()
                        + " but is a different name: " + scriptsOf(id, earlier), "give them names that do not look alike");
                continue;
            }
            mle.compiler.ast.Confusables.Mixed mixed = mle.compiler.ast.Confusables.mixedScript(id.text());
            if (mixed != null) {
                diagnostics.warning(id.span(), "`" + id.text() + "` mixes scripts: its `" + mixed.letter() + "` is " + article(mixed.script())
                        + " letter among " + mixed.among() + " ones, and looks like " + mixed.lookAlike(),
                        "retype it in one script, or it will not match the same name typed elsewhere");
            } else if (mle.compiler.ast.Confusables.cyrillicLookingLatin(id.text())) {
                diagnostics.warning(id.span(), "`" + id.text() + "` is written in Cyrillic letters that look like Latin `"
                        + skeleton + "`", "retype it in Latin letters if that is what was meant");
            }
        }
    }

    /** "its letters are Cyrillic, where those of `a` are Latin": what tells two look-alike names apart. */
    private static String scriptsOf(Identifier id, Identifier other) {
        String mine = mle.compiler.ast.Confusables.otherScripts(id.text()), theirs = mle.compiler.ast.Confusables.otherScripts(other.text());
        if (mine.equals(theirs)) return "they differ in letters that look the same";
        return "it has " + (mine.isEmpty() ? "Latin" : mine) + " letters where `" + other.text() + "` has "
                + (theirs.isEmpty() ? "Latin" : theirs) + " ones";
    }

    private static String article(String word) { return ("AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word; }

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
                usedNames.add(id.key());
                if (symbol instanceof Symbol.Param p) usedParams.add(p);
                if (symbol instanceof Symbol.Let l) usedParams.addAll(l.type().params());
            });
        }
    }

    /** Every name an expression mentions: variables, indexed vectors and callees. */
    private static void forEachName(Expr e, java.util.function.Consumer<Identifier> action) {
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

    // ---- expressions --------------------------------------------------------------------------

    private Type type(Expr e, FunctionScope fn) {
        return switch (e) {
            case Expr.Number n -> {
                if (!Double.isFinite(n.value())) {
                    diagnostics.error(n.span(), "the number " + n.span().text() + " is too large for a double", null);
                    yield ERROR;
                }
                yield Type.constant(n.value());
            }
            case Expr.Name n -> name(n.name(), fn);
            case Expr.Index i -> index(i, fn);
            case Expr.Negate n -> {
                Type t = type(n.operand(), fn);
                yield t == ERROR ? ERROR : t.with(t.size(), t.range().negate(), map(t.constant(), x -> -x));
            }
            case Expr.Binary b -> binary(b, fn);
            case Expr.VectorLiteral v -> vector(v, fn);
            case Expr.Call c -> call(c, fn);
        };
    }

    private Type name(Identifier id, FunctionScope fn) {
        if (fn != null) {
            Local local = fn.locals().get(id.key());
            if (local != null) return local.type();
        }
        Symbol s = scope.get(id.key());
        if (s == null && Builtins.CONSTANTS.containsKey(id.key())) return Type.constant(Builtins.CONSTANTS.get(id.key()));
        if (s == null) {
            undefined(id);
            return ERROR;
        }
        usedNames.add(id.key());
        return switch (s) {
            case Symbol.Data d -> new Type(d.size(), true, Set.of(), Range.REAL, null);
            case Symbol.Param p -> new Type(p.size(), false, Set.of(p), p.bounds(), null);
            case Symbol.Const c -> {
                Type t = Type.constant(c.values());
                yield t.with(c.size(), t.range(), c.values());
            }
            case Symbol.Let l -> l.type();
            case Symbol.Function f -> {
                diagnostics.error(id.span(), "`" + id.text() + "` is a function", "call it with its arguments, e.g. `"
                        + id.text() + "(" + String.join(", ", f.declaration().inputs().stream().map(Identifier::text).toList())
                        + (f.declaration().params().isEmpty() ? "" : "; " + String.join(", ",
                        f.declaration().params().stream().map(Identifier::text).toList())) + ")`");
                yield ERROR;
            }
        };
    }

    private void undefined(Identifier id) {
        Identifier later = declaredAnywhere.get(id.key());
        if (later != null && later.span().start() > id.span().start()) {
            diagnostics.error(id.span(), "`" + id.text() + "` is used before it is declared on line " + later.span().line(),
                    "move the declaration of `" + later.text() + "` above this line");
            return;
        }
        if (later != null) {
            // Declared earlier but its declaration failed: that error was reported already.
            return;
        }
        // A name that looks like a declared one is that name typed in other letters (`а` in Cyrillic for `a`).
        String skeleton = mle.compiler.ast.Confusables.skeleton(id.text());
        for (Symbol s : scope.values()) {
            if (mle.compiler.ast.Confusables.skeleton(s.id().text()).equals(skeleton)) {
                diagnostics.error(id.span(), "`" + id.text() + "` is not defined, but looks like `" + s.name() + "` declared on line "
                        + s.id().span().line() + ": " + scriptsOf(id, s.id()), "retype it as the declaration writes it");
                markUsed(s);
                return;
            }
        }
        // Only values: a function is never what a misspelt value meant (`tau` is not `tan`).
        List<String> candidates = new ArrayList<>();
        for (Symbol s : scope.values()) if (!(s instanceof Symbol.Function)) candidates.add(s.name());
        String suggestion = Suggestions.closest(id.text(), candidates);
        if (suggestion == null) {
            // Compare through the ASCII spelling too: `sigam` → `σ` is still a likely typo.
            for (Symbol s : scope.values()) {
                if (s instanceof Symbol.Function) continue;
                for (Map.Entry<String, String> e : greekSpellings().entrySet()) {
                    if (s.id().key().startsWith(e.getValue()) && Suggestions.closest(id.text(),
                            List.of(e.getKey() + s.id().key().substring(e.getValue().length()))) != null) suggestion = s.name();
                }
            }
        }
        if (suggestion != null) {
            // Read the typo as the name it most likely meant, so that `sigma` is not also reported as unused.
            markUsed(scope.get(Names.canonical(suggestion)));
        }
        diagnostics.error(id.span(), "`" + id.text() + "` is not defined",
                suggestion != null ? "did you mean `" + suggestion + "`?" : "declare it with `data`, `param`, `const` or `let` before this line");
    }

    /** A name that a mistyped one most likely meant counts as used, so that it is not also reported as unused. */
    private void markUsed(Symbol meant) {
        usedNames.add(meant.id().key());
        if (meant instanceof Symbol.Param p) usedParams.add(p);
    }

    private static Map<String, String> greekSpellings() {
        return Map.of("sigma", "σ", "mu", "μ", "beta", "β", "alpha", "α", "theta", "θ", "lambda", "λ", "tau", "τ", "phi", "φ", "nu", "ν");
    }

    private Type index(Expr.Index i, FunctionScope fn) {
        Type base = name(i.base(), fn);
        Type index = type(i.index(), fn);
        if (base == ERROR || index == ERROR) return ERROR;
        if (base.isScalar()) {
            diagnostics.error(i.span(), "`" + i.base().text() + "` is a single value and cannot be indexed",
                    "declare it as a vector, e.g. `" + i.base().text() + "[3]`, or drop the index");
            return ERROR;
        }
        if (!index.isScalar()) {
            diagnostics.error(i.index().span(), "an index must be a single value, but `" + i.index().span().text()
                    + "` has " + count(index.size(), "element"), "index with one whole number, a constant or a data column");
            return ERROR;
        }
        if (index.dependsOnParams()) {
            diagnostics.error(i.index().span(), "an index cannot depend on parameters: `" + i.index().span().text()
                    + "` depends on `" + index.params().iterator().next().name() + "`", "index with a constant or a data column; an element "
                    + "that moves with a parameter has no derivative");
            return ERROR;
        }
        if (!index.isConstant()) {
            // A group effect, m[gᵢ]: which element is read changes by row; the data are checked to be 1..K when they arrive.
            return new Type(0, true, base.params(), base.range(), null);
        }
        double k = index.constant()[0];
        if (k != Math.rint(k) || k < 1 || k > base.size()) {
            diagnostics.error(i.index().span(), "index " + IrPrinter.number(k) + " is out of range: `" + i.base().text()
                    + "` has " + count(base.size(), "element"), k == 0 ? "indices start at 1: the first element is `" + i.base().text() + "[1]`" : "use an index from 1 to " + base.size());
            return ERROR;
        }
        double[] constant = base.constant() == null ? null : new double[] {base.constant()[(int) k - 1]};
        Range range = constant == null ? base.range() : Range.exactly(constant[0]);
        return base.with(0, range, constant);
    }

    private Type binary(Expr.Binary b, FunctionScope fn) {
        Type l = type(b.left(), fn), r = type(b.right(), fn);
        if (l == ERROR || r == ERROR) return ERROR;
        int size = shape(b, l, r);
        if (size < 0) return ERROR;
        if (b.op() == Expr.BinaryOp.DIVIDE && r.isConstant() && r.range().isExact() && r.range().lo() == 0) {
            String what = b.right() instanceof Expr.Number ? "" : ": `" + b.right().span().text() + "` is 0";
            diagnostics.error(b.right().span(), "division by zero" + what, "divide by a value that cannot be 0");
            return ERROR;
        }
        Range range = switch (b.op()) {
            case ADD -> l.range().add(r.range());
            case SUBTRACT -> l.range().subtract(r.range());
            case MULTIPLY -> l.range().multiply(r.range());
            case DIVIDE -> l.range().divide(r.range());
            case POWER -> l.range().power(r.range());
        };
        Op op = switch (b.op()) {
            case ADD -> Op.ADD;
            case SUBTRACT -> Op.SUB;
            case MULTIPLY -> Op.MUL;
            case DIVIDE -> Op.DIV;
            case POWER -> Op.POW;
        };
        double[] constant = null;
        if (l.isConstant() && r.isConstant()) {
            int n = Math.max(1, size);
            constant = new double[n];
            for (int k = 0; k < n; k++) {
                constant[k] = Functions.apply(op, l.constant()[l.isScalar() ? 0 : k], r.constant()[r.isScalar() ? 0 : k]);
            }
        }
        return l.combine(r, size, range, constant);
    }

    /** The size of an elementwise combination, or −1 after a shape error. */
    private int shape(Expr e, Type l, Type r) {
        if (l.isScalar()) return r.size();
        if (r.isScalar() || l.size() == r.size()) return l.size();
        String verb = e instanceof Expr.Binary b ? switch (b.op()) {
            case ADD -> "add";
            case SUBTRACT -> "subtract";
            case MULTIPLY -> "multiply";
            case DIVIDE -> "divide";
            case POWER -> "raise";
        } : "raise";
        List<Expr> operands = e instanceof Expr.Binary b ? List.of(b.left(), b.right()) : ((Expr.Call) e).inputs();
        diagnostics.error(e.span(), "cannot " + verb + " vectors of different sizes: `" + operands.get(0).span().text() + "` has "
                + count(l.size(), "element") + ", `" + operands.get(1).span().text() + "` has " + r.size(),
                "elementwise operations need vectors of the same size");
        return -1;
    }

    private Type vector(Expr.VectorLiteral v, FunctionScope fn) {
        Type result = null;
        boolean constant = true;
        double[] values = new double[v.elements().size()];
        for (int i = 0; i < v.elements().size(); i++) {
            Expr e = v.elements().get(i);
            Type t = type(e, fn);
            if (t == ERROR) return ERROR;
            if (!t.isScalar()) {
                diagnostics.error(e.span(), "the elements of a vector must be single values", null);
                return ERROR;
            }
            constant &= t.isConstant();
            if (t.isConstant()) values[i] = t.constant()[0];
            result = result == null ? t : result.combine(t, 0, result.range().union(t.range()), null);
        }
        return result.with(values.length, result.range(), constant ? values : null);
    }

    /**
     * Reports a callee that is not a built-in or a function declared before the call, and returns true then.
     * {@code inside} is the function whose body holds the call (null at a `~` statement or `let`).
     */
    private boolean badCallee(Expr.Call c, Statement.FunctionDeclaration inside, Set<String> locals) {
        Identifier callee = c.callee();
        String name = callee.key();
        if (inside != null && name.equals(inside.name().key())) {
            diagnostics.error(callee.span(), "`" + callee.text() + "` calls itself, but a function cannot be recursive",
                    "compute the value without calling `" + callee.text() + "` inside its own body");
            return true;
        }
        if (locals.contains(name)) {
            diagnostics.error(callee.span(), "`" + callee.text() + "` is an argument of `" + inside.name().text()
                    + "`, not a function", "to multiply, write `" + callee.text() + " * (…)`");
            return true;
        }
        Symbol symbol = scope.get(name);
        if (symbol instanceof Symbol.Function || (symbol == null && (Builtins.isBuiltin(name)
                || Distributions.densityFunction(callee.text()) != null))) return false;
        if (symbol != null) {
            diagnostics.error(callee.span(), "`" + callee.text() + "` is a " + symbol.kind() + ", not a function",
                    symbol.isVector() ? "index a vector with brackets: `" + callee.text() + "[1]`"
                            : "to multiply, write `" + callee.text() + " * (…)`");
            return true;
        }
        if (Distributions.lookup(callee.text()) != null) {
            diagnostics.error(callee.span(), "`" + callee.text() + "` is a distribution; it can only appear on the right of `~`",
                    "write `y ~ " + callee.text() + "(…)`");
            return true;
        }
        Identifier declared = declaredAnywhere.get(name);
        if (inside != null && declared != null && declared.span().start() > callee.span().start() && callsBack(name, inside)) {
            diagnostics.error(callee.span(), "`" + inside.name().text() + "` and `" + callee.text()
                    + "` call each other, but functions cannot be recursive", "compute the value without the circular calls");
            return true;
        }
        if (declaredAnywhere.containsKey(name)) {
            undefined(callee);   // declared later (reported), or its declaration failed (reported already)
            return true;
        }
        List<String> candidates = new ArrayList<>(Builtins.names());
        for (Symbol s : scope.values()) if (s instanceof Symbol.Function) candidates.add(s.name());
        String suggestion = Suggestions.closest(callee.text(), candidates);
        diagnostics.error(callee.span(), "there is no function called `" + callee.text() + "`",
                suggestion != null ? "did you mean `" + suggestion + "`?" : "the built-in functions are " + String.join(", ",
                        Builtins.names().stream().sorted().toList()));
        return true;
    }

    /** Whether the function {@code name}, declared later, calls {@code f}: a cycle, not just a wrong order. */
    private boolean callsBack(String name, Statement.FunctionDeclaration f) {
        for (Statement s : model.statements()) {
            if (!(s instanceof Statement.FunctionDeclaration g) || !g.name().key().equals(name)) continue;
            List<Expr> body = new ArrayList<>(g.lets().stream().map(Statement.LetDeclaration::value).toList());
            body.add(g.result());
            boolean[] found = {false};
            for (Expr e : body) forEachName(e, id -> found[0] |= id.key().equals(f.name().key()));
            return found[0];
        }
        return false;
    }

    private Type call(Expr.Call c, FunctionScope fn) {
        String name = c.callee().key();
        if (badCallee(c, fn == null ? null : fn.function(), fn == null ? Set.of() : fn.locals().keySet())) return ERROR;
        if (scope.get(name) instanceof Symbol.Function f) {
            usedNames.add(name);
            return userCall(c, f.declaration(), fn);
        }
        if (c.hasSemicolon()) {
            diagnostics.error(c.span(), "`;` separates inputs from parameters only in calls of your own functions",
                    "write `" + c.callee().text() + "(…)` with commas");
            return ERROR;
        }
        List<Type> args = new ArrayList<>();
        for (Expr a : c.inputs()) {
            Type t = type(a, fn);
            if (t == ERROR) return ERROR;
            args.add(t);
        }
        Distributions.DensityFunction density = Distributions.densityFunction(c.callee().text());
        if (density != null) return density(c, density, args);
        Builtins.Composite composite = Builtins.COMPOSITE.get(name);
        int arity = switch (name) {
            case "pow", "dot" -> 2;
            // log_sum_exp(a, b), or log_sum_exp(v) over a vector's elements
            case Builtins.LOG_SUM_EXP -> args.size() == 2 ? 2 : 1;
            default -> composite != null ? composite.arity() : 1;
        };
        if (args.size() != arity) {
            if (composite != null) {
                diagnostics.error(c.span(), "`" + c.callee().text() + "` takes " + count(arity, "argument") + ", but is given "
                        + args.size(), "call it as `" + composite.signature() + "`");
                return ERROR;
            }
            diagnostics.error(c.span(), "`" + c.callee().text() + "` takes " + count(arity, "argument") + ", but is given " + args.size(),
                    "call it as `" + c.callee().text() + (name.equals("dot") ? "(u, v)`" : arity == 2 ? "(a, b)`" : "(x)`"));
            return ERROR;
        }
        return builtin(c, name, args);
    }

    private Type builtin(Expr.Call c, String name, List<Type> args) {
        Type a = args.get(0);
        Builtins.Composite composite = Builtins.COMPOSITE.get(name);
        if (composite != null) return composite(c, composite, args);
        switch (name) {
            case Builtins.LOG_SUM_EXP -> {
                if (args.size() == 1) {
                    if (a.isScalar()) {
                        diagnostics.error(c.span(), "log_sum_exp of one value is that value", "give it a vector, or two values: `log_sum_exp(a, b)`");
                        return ERROR;
                    }
                    double[] constant = a.isConstant() ? new double[] {java.util.Arrays.stream(a.constant())
                            .reduce(Double.NEGATIVE_INFINITY, Functions::logSumExp)} : null;
                    return a.with(0, Range.REAL, constant);
                }
                Type b = args.get(1);
                int size = shape(c, a, b);
                if (size < 0) return ERROR;
                return a.combine(b, size, Range.REAL, foldElementwise(args, size, (builder, x) -> builder.binary(Op.LOG_SUM_EXP, x[0], x[1])));
            }
            case "sum" -> {
                Range r = Range.exactly(0);
                for (int k = 0; k < Math.max(1, a.size()); k++) r = r.add(a.range());
                double[] constant = a.isConstant() ? new double[] {java.util.Arrays.stream(a.constant()).sum()} : null;
                return a.with(0, r, constant);
            }
            case "dot" -> {
                Type b = args.get(1);
                if (a.isScalar() || b.isScalar() || a.size() != b.size()) {
                    diagnostics.error(c.span(), "dot needs two vectors of the same size, but is given "
                            + describe(a) + " and " + describe(b), "declare both with the same size, e.g. `data X[p]` and `param β[p]`");
                    return ERROR;
                }
                Range element = a.range().multiply(b.range());
                Range r = Range.exactly(0);
                for (int k = 0; k < a.size(); k++) r = r.add(element);
                double[] constant = null;
                if (a.isConstant() && b.isConstant()) {
                    double s = 0;
                    for (int k = 0; k < a.size(); k++) s += a.constant()[k] * b.constant()[k];
                    constant = new double[] {s};
                }
                return a.combine(b, 0, r, constant);
            }
            case "pow" -> {
                Type b = args.get(1);
                int size = shape(c, a, b);
                if (size < 0) return ERROR;
                double[] constant = null;
                if (a.isConstant() && b.isConstant()) {
                    // Element by element, a single value paired with every element of a vector.
                    constant = new double[Math.max(1, size)];
                    for (int k = 0; k < constant.length; k++) {
                        constant[k] = Functions.pow(a.constant()[a.constant().length == 1 ? 0 : k],
                                b.constant()[b.constant().length == 1 ? 0 : k]);
                        if (!Double.isFinite(constant[k])) {
                            diagnostics.error(c.span(), "`" + c.span().text() + "` is not a finite number",
                                    "a negative base needs a whole exponent, and 0 a positive one");
                            return ERROR;
                        }
                    }
                }
                return a.combine(b, size, a.range().power(b.range()), constant);
            }
            case "square" -> {
                return a.with(a.size(), a.range().power(Range.exactly(2)), map(a.constant(), x -> x * x));
            }
            default -> {
                Op op = Builtins.UNARY.get(name);
                int order = op == Op.POLYGAMMA ? Builtins.polygammaOrder(name) : 0;
                double[] constant = map(a.constant(), x -> Functions.apply(op, order, x));
                if (notFinite(c, constant, "an argument in its domain, e.g. log and sqrt need a number > 0")) return ERROR;
                return a.with(a.size(), functionRange(op, a.range()), constant);
            }
        }
    }

    /**
     * `normal_lpdf(y, μ, σ)`: a distribution's log-density at y, every constant included, elementwise; for
     * `target +=` statements (mixtures: `log_mix(θ, normal_lpdf(y, μ1, σ1), normal_lpdf(y, μ2, σ2))`).
     */
    private Type density(Expr.Call c, Distributions.DensityFunction f, List<Type> args) {
        Distribution d = f.distribution();
        if (!f.exists()) {
            diagnostics.error(c.callee().span(), d.name() + " has no " + (f.kind() == Distributions.DensityFunction.Kind.LCDF
                    ? "log distribution function" : "log complementary distribution function") + " in mle yet",
                    "these have one: " + Distributions.having(f.kind()));
            return ERROR;
        }
        if (f.kind() != Distributions.DensityFunction.Kind.LPDF && d.support().integer && !args.isEmpty() && args.getFirst().dependsOnParams()) {
            diagnostics.error(c.inputs().getFirst().span(), "the count at which `" + c.callee().text() + "` is taken cannot depend on "
                    + "parameters", "give it a count from the data or a constant");
            return ERROR;
        }
        List<DistributionParameter> params = d.parameters();
        String names = String.join(", ", params.stream().map(DistributionParameter::name).toList());
        if (args.size() != params.size() + 1) {
            diagnostics.error(c.span(), "`" + c.callee().text() + "` takes " + count(params.size() + 1, "argument")
                    + " (the value, then " + names + "), but is given " + args.size(),
                    "call it as `" + c.callee().text() + "(y, " + names + ")`");
            return ERROR;
        }
        Range range = f.kind() == Distributions.DensityFunction.Kind.LPDF ? Range.REAL : new Range(Double.NEGATIVE_INFINITY, true, 0, false);
        return composite(c, new Builtins.Composite(args.size(), f::apply, r -> range, Set.of(), c.callee().text()), args);
    }

    /**
     * A function of the language written in the IR's operations: elementwise over its arguments, folded to a constant
     * when they all are, and refused where an argument that must be data depends on parameters.
     */
    private Type composite(Expr.Call c, Builtins.Composite f, List<Type> args) {
        for (int k : f.dataOnly()) {
            if (args.get(k).dependsOnParams()) {
                Expr arg = c.inputs().get(k);
                diagnostics.error(arg.span(), "`" + c.callee().text() + "` jumps, so `" + arg.span().text()
                        + "` cannot depend on parameters: the objective would have no useful derivative",
                        "keep parameters out of it, or use a smooth function such as logistic(x / s)");
                return ERROR;
            }
        }
        int size = 0, sizedBy = -1;
        for (int k = 0; k < args.size(); k++) {
            int n = args.get(k).size();
            if (n == 0 || n == size) continue;
            if (size != 0) {
                diagnostics.error(c.span(), "the arguments of `" + c.callee().text() + "` are vectors of different sizes: `"
                        + c.inputs().get(sizedBy).span().text() + "` has " + count(size, "element") + ", `"
                        + c.inputs().get(k).span().text() + "` has " + n, "elementwise functions need vectors of the same size");
                return ERROR;
            }
            size = n;
            sizedBy = k;
        }
        Type t = args.get(0);
        for (int k = 1; k < args.size(); k++) t = t.combine(args.get(k), size, t.range(), null);
        double[] constant = foldElementwise(args, size, f.lower());
        if (notFinite(c, constant, "arguments in its domain")) return ERROR;
        return t.with(size, f.range().apply(args.stream().map(Type::range).toList()), constant);
    }

    /** Reports a call of constants whose value is not a finite number; true after the error. */
    private boolean notFinite(Expr.Call c, double[] constant, String need) {
        if (constant == null || java.util.Arrays.stream(constant).allMatch(Double::isFinite)) return false;
        diagnostics.error(c.span(), "`" + c.span().text() + "` is not a finite number", "give `" + c.callee().text() + "` " + need);
        return true;
    }

    /** The values of a function of constant arguments, element by element, or null when an argument is not constant. */
    private static double[] foldElementwise(List<Type> args, int size,
                                            java.util.function.BiFunction<mle.compiler.ir.IrBuilder, mle.compiler.ir.Node[], mle.compiler.ir.Node> f) {
        if (args.stream().anyMatch(a -> !a.isConstant())) return null;
        mle.compiler.ir.IrBuilder scratch = new mle.compiler.ir.IrBuilder();
        double[] out = new double[Math.max(1, size)];
        for (int e = 0; e < out.length; e++) {
            mle.compiler.ir.Node[] x = new mle.compiler.ir.Node[args.size()];
            for (int k = 0; k < x.length; k++) {
                double[] values = args.get(k).constant();
                x[k] = scratch.constant(values[values.length == 1 ? 0 : e]);
            }
            mle.compiler.ir.Node value = f.apply(scratch, x);
            out[e] = value.isConst() ? value.value : Double.NaN;
        }
        return out;
    }

    private static Range functionRange(Op op, Range r) {
        return switch (op) {
            case EXP -> new Range(Math.exp(r.lo()), true, Math.exp(r.hi()), r.hiOpen());
            case LOG -> r.above(0) ? r.increasing(Math::log) : Range.REAL;
            case SQRT -> r.lo() >= 0 ? r.increasing(Math::sqrt) : Range.NON_NEGATIVE;
            case ABS -> r.abs();
            case LOGISTIC -> new Range(Functions.logistic(r.lo()), true, Functions.logistic(r.hi()), true);
            case SOFTPLUS -> new Range(Functions.softplus(r.lo()), true, Functions.softplus(r.hi()), true);
            case EXPM1 -> new Range(Math.expm1(r.lo()), true, Math.expm1(r.hi()), true);
            case SIN, COS -> new Range(-1, false, 1, false);
            case TANH -> new Range(Math.tanh(r.lo()), true, Math.tanh(r.hi()), true);
            case ATAN -> new Range(Math.atan(r.lo()), true, Math.atan(r.hi()), true);
            case SINH -> r.increasing(Math::sinh);
            case COSH -> new Range(1, false, Double.POSITIVE_INFINITY, true);
            case ASIN -> new Range(-Math.PI / 2, false, Math.PI / 2, false);
            case ACOS -> new Range(0, false, Math.PI, false);
            case ERF -> new Range(-1, false, 1, false);
            case ERFC -> new Range(0, false, 2, false);
            default -> Range.REAL;
        };
    }

    private Type userCall(Expr.Call c, Statement.FunctionDeclaration f, FunctionScope caller) {
        int inputs = f.inputs().size(), params = f.params().size();
        String signature = f.name().text() + "(" + String.join(", ", f.inputs().stream().map(Identifier::text).toList())
                + (params > 0 ? "; " + String.join(", ", f.params().stream().map(Identifier::text).toList()) : "") + ")";
        List<Expr> given = c.allArguments();
        boolean countsMatch = c.hasSemicolon() ? c.inputs().size() == inputs && c.params().size() == params
                : given.size() == inputs + params;
        if (!countsMatch) {
            String gave = c.hasSemicolon() ? count(c.inputs().size(), "input") + " and " + count(c.params().size(), "parameter")
                    : count(given.size(), "argument");
            diagnostics.error(c.span(), "`" + f.name().text() + "` takes " + count(inputs, "input") + " and "
                    + count(params, "parameter") + ", but is given " + gave, "call it as " + signature);
            return ERROR;
        }
        Map<String, Local> locals = new HashMap<>();
        boolean ok = true;
        List<Runnable> misplaced = new ArrayList<>();
        boolean paramAsInput = false, dataAsParam = false;
        for (int k = 0; k < given.size(); k++) {
            Expr arg = given.get(k);
            Type t = type(arg, caller);
            if (t == ERROR) { ok = false; continue; }
            boolean input = k < inputs;
            Identifier formal = input ? f.inputs().get(k) : f.params().get(k - inputs);
            // An input is a per-row value: data, or an expression of data and parameters such as x − b4 (NIST's
            // Roszman1 writes arctan(b3/(x − b4))). One of parameters alone is a parameter and goes after the `;`.
            if (input && t.dependsOnParams() && !t.rowVarying()) {
                String param = t.params().iterator().next().name();
                String what = arg.span().text().equals(param) ? "the parameter `" + param + "`"
                        : "`" + arg.span().text() + "`, which depends on the parameter `" + param + "`,";
                misplaced.add(() -> diagnostics.error(arg.span(), what + " is passed to `" + f.name().text() + "` as its input `"
                        + formal.text() + "`", "inputs (before the `;`) take data, constants or expressions of data, "
                        + "parameters go after the `;`: " + signature));
                paramAsInput = true;
            } else if (!input && t.rowVarying()) {
                Symbol s = arg instanceof Expr.Name n ? scope.get(n.name().key()) : null;
                String what = s instanceof Symbol.Data ? "the data `" + s.name() + "`" : "`" + arg.span().text() + "`, which depends on data,";
                misplaced.add(() -> diagnostics.error(arg.span(), what + " is passed to `" + f.name().text() + "` as its parameter `"
                        + formal.text() + "`", "parameters (after the `;`) are estimated, data go before the `;`: " + signature));
                dataAsParam = true;
            }
            locals.put(formal.key(), new Local(formal, t, input));
        }
        if (paramAsInput && dataAsParam) {
            // Both directions at once: the arguments are most likely in the wrong order; one error says so.
            diagnostics.error(c.span(), "`" + f.name().text() + "` is given parameters as inputs and data as parameters",
                    "put inputs (data, constants) before the `;` and parameters after it: " + signature);
            return ERROR;
        }
        misplaced.forEach(Runnable::run);
        if (!ok || !misplaced.isEmpty()) return ERROR;
        // The body's type depends only on the arguments' types: a function called twice with the same ones is typed
        // once, so functions that call the previous one twice, 40 deep, take 40 steps and not 2⁴⁰.
        List<Object> key = new ArrayList<>(List.of(f));
        for (Identifier formal : f.inputs()) key.add(typeKey(locals.get(formal.key()).type()));
        for (Identifier formal : f.params()) key.add(typeKey(locals.get(formal.key()).type()));
        Type known = calls.get(key);
        if (known != null) return known;
        Type result = bodyType(f, locals);
        calls.put(key, result);
        return result;
    }

    /** A type as a value that equals another type's exactly when they are the same (a record's array would not). */
    private static List<Object> typeKey(Type t) {
        return List.of(t.size(), t.rowVarying(), t.params(), t.range(),
                t.constant() == null ? List.of() : java.util.Arrays.stream(t.constant()).boxed().toList());
    }

    private Type bodyType(Statement.FunctionDeclaration f, Map<String, Local> locals) {
        FunctionScope scopeOfCall = new FunctionScope(f, locals);
        for (Statement.LetDeclaration l : f.lets()) {
            Type t = type(l.value(), scopeOfCall);
            if (t == ERROR) return ERROR;
            locals.put(l.name().key(), new Local(l.name(), t, false));
        }
        return type(f.result(), scopeOfCall);
    }

    private static String describe(Type t) { return t.isScalar() ? "a single value" : "a vector of " + t.size(); }

    private static double[] map(double[] values, java.util.function.DoubleUnaryOperator f) {
        if (values == null) return null;
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(values[i]);
        return out;
    }

    static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }
}
