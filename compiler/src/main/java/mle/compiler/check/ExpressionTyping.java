package mle.compiler.check;

import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Statement;
import mle.compiler.ir.Functions;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Op;

import static mle.compiler.check.CheckScope.count;

/**
 * The type of an expression: a name's kind and shape, indexing, arithmetic and vector literals (calls are
 * {@link CallTyping}'s), with the interval its values lie in and its value when it is a constant.
 */
final class ExpressionTyping extends CheckerPart {
    /** The type of an expression that had an error, reported already: what uses it fails quietly. */
    static final Type ERROR = new Type(-1, false, Set.of(), Range.REAL, null);

    /** The names, inputs and parameters of the function whose body is being checked at a call site. */
    record Local(Identifier id, Type type, boolean input) {}

    record FunctionScope(Statement.FunctionDeclaration function, Map<String, Local> locals) {}

    private final NameHints hints;
    private final CallTyping calls;

    ExpressionTyping(CheckScope scope, NameHints hints) {
        super(scope);
        this.hints = hints;
        this.calls = new CallTyping(scope, this, hints);
    }

    /** Calls are typed by a part of their own, which types their arguments here. */
    CallTyping calls() { return calls; }

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
            case Expr.Call c -> calls.call(c, fn);
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

    static double[] map(double[] values, java.util.function.DoubleUnaryOperator f) {
        if (values == null) return null;
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(values[i]);
        return out;
    }
}
