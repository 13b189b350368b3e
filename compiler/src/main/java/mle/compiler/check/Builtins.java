package mle.compiler.check;

import java.util.Map;
import java.util.Set;
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
            Map.entry("log1p_exp", Op.SOFTPLUS), Map.entry("softplus", Op.SOFTPLUS));

    /** `pow(a, b)` is a^b; `sum(v)` adds a vector's elements; `dot(u, v)` is Σ uⱼvⱼ. */
    public static final Set<String> SPECIAL = Set.of("pow", "sum", "dot", "square");

    /**
     * Constants every model knows, by canonical name (`pi` is `π`): a model's own declaration of the name hides them,
     * since `e` is a common name for data.
     */
    public static final Map<String, Double> CONSTANTS = Map.of("π", Math.PI, "e", Math.E);

    public static boolean isBuiltin(String name) { return UNARY.containsKey(name) || SPECIAL.contains(name); }

    public static int polygammaOrder(String name) { return name.equals("trigamma") ? 1 : 0; }

    public static java.util.Collection<String> names() {
        java.util.List<String> all = new java.util.ArrayList<>(UNARY.keySet());
        all.addAll(SPECIAL);
        return all;
    }
}
