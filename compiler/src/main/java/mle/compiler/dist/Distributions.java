package mle.compiler.dist;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Distribution;

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

    /** The names of the distributions that have a function of this kind, for messages. */
    public static String having(DensityFunction.Kind kind) {
        return String.join(", ", all().stream().filter(d -> new DensityFunction(d, kind).exists()).map(Distribution::name).toList());
    }

    /** A distribution's log-density, log distribution function or log complementary one, as a function of the language. */
    public record DensityFunction(Distribution distribution, Kind kind) {
        public enum Kind { LPDF, LCDF, LCCDF }

        /** The value at x[0] with the distribution's arguments x[1], …; null when the distribution has no such function. */
        public mle.compiler.ir.Node apply(mle.compiler.ir.IrBuilder b, mle.compiler.ir.Node[] x) {
            List<mle.compiler.ir.Node> args = List.of(x).subList(1, x.length);
            return switch (kind) {
                case LPDF -> b.sum(distribution.logDensity(b, x[0], args));
                case LCDF -> distribution.logCdf(b, x[0], args);
                case LCCDF -> distribution.logCcdf(b, x[0], args);
            };
        }

        /** Whether the distribution has this function (every one has its log-density; not all a distribution function). */
        public boolean exists() {
            mle.compiler.ir.IrBuilder scratch = new mle.compiler.ir.IrBuilder();
            mle.compiler.ir.Node[] x = new mle.compiler.ir.Node[distribution.parameters().size() + 1];
            for (int i = 0; i < x.length; i++) x[i] = scratch.param(i);
            return apply(scratch, x) != null;
        }
    }

    /**
     * The function of this name, as Stan names them: `normal_lpdf`, `student_t_lpdf`, `poisson_lpmf`,
     * `neg_binomial_2_lpmf`, `weibull_lccdf`, `normal_lcdf` (also our own spelling, `Normal_lpdf`); null for any other name.
     */
    public static DensityFunction densityFunction(String name) {
        DensityFunction.Kind kind = name.endsWith("_lpdf") || name.endsWith("_lpmf") ? DensityFunction.Kind.LPDF
                : name.endsWith("_lcdf") ? DensityFunction.Kind.LCDF : name.endsWith("_lccdf") ? DensityFunction.Kind.LCCDF : null;
        if (kind == null) return null;
        String base = name.substring(0, name.lastIndexOf('_'));
        Distribution d = BY_NAME.get(base);
        if (d == null && base.equals("neg_binomial_2")) d = BY_NAME.get("NegBinomial");   // Stan's (μ, φ) form is ours
        String folded = base.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        for (Distribution candidate : BY_NAME.values()) {
            if (d == null && candidate.name().toLowerCase(java.util.Locale.ROOT).equals(folded)) d = candidate;
        }
        return d == null ? null : new DensityFunction(d, kind);
    }

    /** Stan's name of a distribution's log-density function: `normal_lpdf`, `bernoulli_logit_lpmf`. */
    public static String densityFunctionName(Distribution d) {
        String snake = d.name().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        return snake + (d.support().integer ? "_lpmf" : "_lpdf");
    }
}
