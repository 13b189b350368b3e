package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Statement;
import mle.compiler.check.ExpressionTyping.FunctionScope;
import mle.compiler.check.ExpressionTyping.Local;
import mle.compiler.ir.Distribution;
import mle.compiler.dist.Distributions;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Functions;
import mle.compiler.ir.Op;

import static mle.compiler.check.CheckScope.count;
import static mle.compiler.check.ExpressionTyping.ERROR;
import static mle.compiler.check.ExpressionTyping.map;

/**
 * Calls: which names can be called, the built-in functions, distributions' density functions and the model's own
 * functions (each body typed once per kind of argument), folded to a constant when every argument is one.
 */
final class CallTyping extends CheckerPart {
    /** The result type of each function body already typed, by the function and its arguments' types. */
    private final Map<List<Object>, Type> calls = new HashMap<>();

    private final ExpressionTyping types;
    private final NameHints hints;

    CallTyping(CheckScope scope, ExpressionTyping types, NameHints hints) {
        super(scope);
        this.types = types;
        this.hints = hints;
    }

    /**
     * Reports a callee that is not a built-in or a function declared before the call, and returns true then.
     * {@code inside} is the function whose body holds the call (null at a `~` statement or `let`).
     */
    boolean badCallee(Expr.Call c, Statement.FunctionDeclaration inside, Set<String> locals) {
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
        Identifier declared = scope.declaredAnywhere.get(name);
        if (inside != null && declared != null && declared.span().start() > callee.span().start() && callsBack(name, inside)) {
            diagnostics.error(callee.span(), "`" + inside.name().text() + "` and `" + callee.text()
                    + "` call each other, but functions cannot be recursive", "compute the value without the circular calls");
            return true;
        }
        if (scope.declaredAnywhere.containsKey(name)) {
            hints.undefined(callee);   // declared later (reported), or its declaration failed (reported already)
            return true;
        }
        List<String> candidates = new ArrayList<>(Builtins.names());
        for (Symbol s : scope.symbols()) if (s instanceof Symbol.Function) candidates.add(s.name());
        String suggestion = Suggestions.closest(callee.text(), candidates);
        diagnostics.error(callee.span(), "there is no function called `" + callee.text() + "`",
                suggestion != null ? "did you mean `" + suggestion + "`?" : "the built-in functions are " + String.join(", ",
                        Builtins.names().stream().sorted().toList()));
        return true;
    }

    /** Whether the function {@code name}, declared later, calls {@code f}: a cycle, not just a wrong order. */
    private boolean callsBack(String name, Statement.FunctionDeclaration f) {
        for (Statement s : scope.model.statements()) {
            if (!(s instanceof Statement.FunctionDeclaration g) || !g.name().key().equals(name)) continue;
            List<Expr> body = new ArrayList<>(g.lets().stream().map(Statement.LetDeclaration::value).toList());
            body.add(g.result());
            boolean[] found = {false};
            for (Expr e : body) UsageLint.forEachName(e, id -> found[0] |= id.key().equals(f.name().key()));
            return found[0];
        }
        return false;
    }

    Type call(Expr.Call c, FunctionScope fn) {
        String name = c.callee().key();
        if (badCallee(c, fn == null ? null : fn.function(), fn == null ? Set.of() : fn.locals().keySet())) return ERROR;
        if (scope.get(name) instanceof Symbol.Function f) {
            scope.usedNames.add(name);
            return userCall(c, f.declaration(), fn);
        }
        if (c.hasSemicolon()) {
            diagnostics.error(c.span(), "`;` separates inputs from parameters only in calls of your own functions",
                    "write `" + c.callee().text() + "(…)` with commas");
            return ERROR;
        }
        List<Type> args = new ArrayList<>();
        for (Expr a : c.inputs()) {
            Type t = types.type(a, fn);
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
                int size = types.shape(c, a, b);
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
                int size = types.shape(c, a, b);
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
            Type t = types.type(arg, caller);
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
            Type t = types.type(l.value(), scopeOfCall);
            if (t == ERROR) return ERROR;
            locals.put(l.name().key(), new Local(l.name(), t, false));
        }
        return types.type(f.result(), scopeOfCall);
    }

    private static String describe(Type t) { return t.isScalar() ? "a single value" : "a vector of " + t.size(); }
}
