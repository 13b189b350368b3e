package mle.compiler.dist;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of distributions the language knows. Adding one is one class and one line here. */
public final class Distributions {
    private Distributions() {}

    private static final Map<String, Distribution> BY_NAME = new LinkedHashMap<>();

    static {
        for (Distribution d : List.<Distribution>of(
                new Normal(),
                new Laplace(),
                new StudentT(),
                new Cauchy(),
                new Logistic(),
                new LogNormal(),
                new Exponential(),
                new Gamma(),
                new Beta(),
                new Uniform(),
                new Weibull(),
                new Bernoulli(),
                new BernoulliLogit(),
                new Binomial(),
                new Poisson(),
                new PoissonLog(),
                new NegBinomial())) {
            BY_NAME.put(d.name(), d);
        }
    }

    /** Null when there is no distribution of that name. */
    public static Distribution lookup(String name) { return BY_NAME.get(name); }

    public static Collection<Distribution> all() { return BY_NAME.values(); }

    /**
     * The distribution whose log-density a function of this name computes, as Stan names them: `normal_lpdf`,
     * `student_t_lpdf`, `poisson_lpmf`, `neg_binomial_2_lpmf` (also our own spelling, `Normal_lpdf`); null for any other name.
     */
    public static Distribution ofDensityFunction(String name) {
        if (!name.endsWith("_lpdf") && !name.endsWith("_lpmf")) return null;
        String base = name.substring(0, name.length() - "_lpdf".length());
        if (BY_NAME.containsKey(base)) return BY_NAME.get(base);
        if (base.equals("neg_binomial_2")) return BY_NAME.get("NegBinomial");   // Stan's (μ, φ) form is ours
        String folded = base.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        for (Distribution d : BY_NAME.values()) if (d.name().toLowerCase(java.util.Locale.ROOT).equals(folded)) return d;
        return null;
    }

    /** log p(x[0] | x[1], …), every constant included: the sum of the distribution's log-density terms. */
    public static mle.compiler.ir.Node logDensity(mle.compiler.ir.IrBuilder b, Distribution d, mle.compiler.ir.Node[] x) {
        return b.sum(d.logDensity(b, x[0], List.of(x).subList(1, x.length)));
    }

    /** Stan's name of a distribution's log-density function: `normal_lpdf`, `bernoulli_logit_lpmf`. */
    public static String densityFunctionName(Distribution d) {
        String snake = d.name().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        return snake + (d.support().integer ? "_lpmf" : "_lpdf");
    }
}
