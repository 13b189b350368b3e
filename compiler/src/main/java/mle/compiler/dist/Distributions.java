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
}
