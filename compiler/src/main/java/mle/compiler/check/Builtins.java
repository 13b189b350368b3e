package mle.compiler.check;

import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;

/** The built-in functions of the language: name → IR operation (elementwise on vectors). */
public final class Builtins {
    private Builtins() {}

    /** Functions of one argument, applied elementwise. */
    public static final Map<String, Op> UNARY = Map.ofEntries(
            Map.entry("exp", Op.EXP), Map.entry("log", Op.LOG), Map.entry("log1p", Op.LOG1P),
            Map.entry("expm1", Op.EXPM1), Map.entry("sqrt", Op.SQRT), Map.entry("abs", Op.ABS),
            Map.entry("sin", Op.SIN), Map.entry("cos", Op.COS), Map.entry("tan", Op.TAN), Map.entry("tanh", Op.TANH),
            Map.entry("atan", Op.ATAN), Map.entry("asin", Op.ASIN), Map.entry("acos", Op.ACOS),
            Map.entry("sinh", Op.SINH), Map.entry("cosh", Op.COSH),
            Map.entry("logistic", Op.LOGISTIC), Map.entry("inv_logit", Op.LOGISTIC), Map.entry("logit", Op.LOGIT),
            Map.entry("lgamma", Op.LGAMMA), Map.entry("digamma", Op.POLYGAMMA), Map.entry("trigamma", Op.POLYGAMMA),
            Map.entry("log1p_exp", Op.SOFTPLUS), Map.entry("softplus", Op.SOFTPLUS),
            Map.entry("erf", Op.ERF), Map.entry("erfc", Op.ERFC));

    /**
     * A function written in terms of the IR's operations, elementwise on vectors of the same size (a single value
     * pairs with every element).
     *
     * @param arity    the number of arguments
     * @param lower    the function on one element of each argument
     * @param range    where the value lies, from where the arguments lie
     * @param dataOnly the arguments that must not depend on parameters (the function jumps there), by position
     * @param signature how to call it, for messages
     */
    public record Composite(int arity, java.util.function.BiFunction<IrBuilder, Node[], Node> lower,
                            java.util.function.Function<List<Range>, Range> range, Set<Integer> dataOnly, String signature) {}

    /** min and max of a and b as (a + b ∓ |a − b|)/2: exact, with a kink where a = b. */
    private static Node extreme(IrBuilder b, Node[] x, boolean max) {
        Node sum = b.add(x[0], x[1]), gap = b.apply(Op.ABS, b.sub(x[0], x[1]));
        return b.mul(b.constant(0.5), max ? b.add(sum, gap) : b.sub(sum, gap));
    }

    public static final Map<String, Composite> COMPOSITE = Map.ofEntries(
            // `Phi` is read as the Greek `Φ`, which may be written too.
            Map.entry("Φ", new Composite(1, (b, x) -> b.normalCdf(x[0]), r -> Range.UNIT, Set.of(), "Phi(x)")),
            Map.entry("log_Phi", new Composite(1, (b, x) -> b.logNormalCdf(x[0]),
                    r -> new Range(Double.NEGATIVE_INFINITY, true, 0, true), Set.of(), "log_Phi(x)")),
            Map.entry("atan2", new Composite(2, (b, x) -> b.binary(Op.ATAN2, x[0], x[1]),
                    r -> new Range(-Math.PI, false, Math.PI, false), Set.of(), "atan2(y, x)")),
            Map.entry("lbeta", new Composite(2, (b, x) -> b.sub(b.add(b.apply(Op.LGAMMA, x[0]), b.apply(Op.LGAMMA, x[1])),
                    b.apply(Op.LGAMMA, b.add(x[0], x[1]))), r -> Range.REAL, Set.of(), "lbeta(a, b)")),
            Map.entry("lchoose", new Composite(2, (b, x) -> b.sub(b.sub(b.apply(Op.LGAMMA, b.add(x[0], b.one)),
                    b.apply(Op.LGAMMA, b.add(x[1], b.one))), b.apply(Op.LGAMMA, b.add(b.sub(x[0], x[1]), b.one))),
                    r -> Range.REAL, Set.of(), "lchoose(n, k)")),
            Map.entry("fmin", new Composite(2, (b, x) -> extreme(b, x, false), r -> new Range(Math.min(r.get(0).lo(), r.get(1).lo()),
                    true, Math.min(r.get(0).hi(), r.get(1).hi()), true), Set.of(), "fmin(a, b)")),
            Map.entry("fmax", new Composite(2, (b, x) -> extreme(b, x, true), r -> new Range(Math.max(r.get(0).lo(), r.get(1).lo()),
                    true, Math.max(r.get(0).hi(), r.get(1).hi()), true), Set.of(), "fmax(a, b)")),
            Map.entry("log_mix", new Composite(3, (b, x) -> b.binary(Op.LOG_SUM_EXP, b.add(b.log(x[0]), x[1]),
                    b.add(b.apply(Op.LOG1P, b.neg(x[0])), x[2])), r -> Range.REAL, Set.of(), "log_mix(θ, lp1, lp2)")),
            Map.entry("step", new Composite(1, (b, x) -> b.apply(Op.STEP, x[0]), r -> new Range(0, false, 1, false),
                    Set.of(0), "step(x)")),
            // ifelse(c, a, b) is a where c ≠ 0, else b; only the branch taken is computed, so log(y) where y = 0 is fine.
            Map.entry("ifelse", new Composite(3, (b, x) -> b.ifElse(x[0], x[1], x[2]),
                    r -> r.get(1).union(r.get(2)), Set.of(0), "ifelse(condition, a, b)")));

    /** log(eᵃ + eᵇ), or log Σ e^{vⱼ} over a vector: `log_sum_exp(a, b)`, `log_sum_exp(v)`. */
    public static final String LOG_SUM_EXP = "log_sum_exp";

    /** `pow(a, b)` is a^b; `sum(v)` adds a vector's elements; `dot(u, v)` is Σ uⱼvⱼ. */
    public static final Set<String> SPECIAL = Set.of("pow", "sum", "dot", "square");

    /**
     * Constants every model knows, by canonical name (`pi` is `π`): a model's own declaration of the name hides them,
     * since `e` is a common name for data.
     */
    public static final Map<String, Double> CONSTANTS = Map.of("π", Math.PI, "e", Math.E);

    public static boolean isBuiltin(String name) {
        return UNARY.containsKey(name) || SPECIAL.contains(name) || COMPOSITE.containsKey(name) || name.equals(LOG_SUM_EXP);
    }

    public static int polygammaOrder(String name) { return name.equals("trigamma") ? 1 : 0; }

    public static java.util.Collection<String> names() {
        java.util.List<String> all = new java.util.ArrayList<>(UNARY.keySet());
        all.addAll(SPECIAL);
        all.addAll(COMPOSITE.keySet());
        all.add(LOG_SUM_EXP);
        return all;
    }
}
