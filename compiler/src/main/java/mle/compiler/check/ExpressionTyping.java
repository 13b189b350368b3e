package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Statement;
import mle.compiler.dist.Distribution;
import mle.compiler.dist.Distributions;
import mle.compiler.dist.Parameter;
import mle.compiler.ir.Functions;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Op;
import mle.compiler.source.Diagnostics;

import static mle.compiler.check.Checker.count;

/**
 * The type of an expression: a name's kind and shape, indexing, arithmetic and vector literals, with the interval its
 * values lie in and its value when it is a constant.
 */
final class ExpressionTyping {
    /** The type of an expression that had an error, reported already: what uses it fails quietly. */
    static final Type ERROR = new Type(-1, false, Set.of(), Range.REAL, null);

    /** The names, inputs and parameters of the function whose body is being checked at a call site. */
    record Local(Identifier id, Type type, boolean input) {}

    record FunctionScope(Statement.FunctionDeclaration function, Map<String, Local> locals) {}

    /** The result type of each function body already typed, by the function and its arguments' types. */
    private final Map<List<Object>, Type> calls = new HashMap<>();

    private final CheckScope scope;
    private final Diagnostics diagnostics;
    private final NameHints hints;

    ExpressionTyping(CheckScope scope, NameHints hints) {
        this.scope = scope;
        this.diagnostics = scope.diagnostics;
        this.hints = hints;
    }

    Type type(Expr e, FunctionScope fn) {
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

    Type name(Identifier id, FunctionScope fn) {
        if (fn != null) {
            Local local = fn.locals().get(id.key());
            if (local != null) return local.type();
        }
        Symbol s = scope.get(id.key());
        if (s == null && Builtins.CONSTANTS.containsKey(id.key())) return Type.constant(Builtins.CONSTANTS.get(id.key()));
        if (s == null) {
            hints.undefined(id);
            return ERROR;
        }
        scope.usedNames.add(id.key());
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

    Type index(Expr.Index i, FunctionScope fn) {
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

    Type binary(Expr.Binary b, FunctionScope fn) {
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
    int shape(Expr e, Type l, Type r) {
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

    Type vector(Expr.VectorLiteral v, FunctionScope fn) {
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
    boolean callsBack(String name, Statement.FunctionDeclaration f) {
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

    Type builtin(Expr.Call c, String name, List<Type> args) {
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
    Type density(Expr.Call c, Distributions.DensityFunction f, List<Type> args) {
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
        List<Parameter> params = d.parameters();
        String names = String.join(", ", params.stream().map(Parameter::name).toList());
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
    Type composite(Expr.Call c, Builtins.Composite f, List<Type> args) {
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
    boolean notFinite(Expr.Call c, double[] constant, String need) {
        if (constant == null || java.util.Arrays.stream(constant).allMatch(Double::isFinite)) return false;
        diagnostics.error(c.span(), "`" + c.span().text() + "` is not a finite number", "give `" + c.callee().text() + "` " + need);
        return true;
    }

    /** The values of a function of constant arguments, element by element, or null when an argument is not constant. */
    static double[] foldElementwise(List<Type> args, int size,
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

    static Range functionRange(Op op, Range r) {
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

    Type userCall(Expr.Call c, Statement.FunctionDeclaration f, FunctionScope caller) {
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
    static List<Object> typeKey(Type t) {
        return List.of(t.size(), t.rowVarying(), t.params(), t.range(),
                t.constant() == null ? List.of() : java.util.Arrays.stream(t.constant()).boxed().toList());
    }

    Type bodyType(Statement.FunctionDeclaration f, Map<String, Local> locals) {
        FunctionScope scopeOfCall = new FunctionScope(f, locals);
        for (Statement.LetDeclaration l : f.lets()) {
            Type t = type(l.value(), scopeOfCall);
            if (t == ERROR) return ERROR;
            locals.put(l.name().key(), new Local(l.name(), t, false));
        }
        return type(f.result(), scopeOfCall);
    }

    static String describe(Type t) { return t.isScalar() ? "a single value" : "a vector of " + t.size(); }

    static double[] map(double[] values, java.util.function.DoubleUnaryOperator f) {
        if (values == null) return null;
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(values[i]);
        return out;
    }
}
