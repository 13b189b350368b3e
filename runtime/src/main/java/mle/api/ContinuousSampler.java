package mle.api;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Gamma, Beta and Student-t draws that stay exact for extreme shapes. commons-math3's break there: a Gamma or Beta of
 * shape 1e-10 underflows inside the algorithm and returns 0 or a constant (Beta(1e-10, 2) gives 5.56e-319 every
 * time), and its Student t inverts a numerical CDF that returns ±1.34e154 for ν below 0.01 and throws for ν = 1e300.
 * Shapes below 1 are drawn in log space (Gamma(α) = Gamma(α + 1)·U^(1/α), Marsaglia and Tsang's boost), so that a
 * draw is lost only where the double itself cannot hold it. Shapes of 1 and more draw what earlier versions drew.
 */
final class ContinuousSampler {
    private ContinuousSampler() {}

    /** Gamma of shape α and rate β; 0 or ∞ where the draw is beyond what a double holds. */
    static double gamma(RandomGenerator random, double shape, double rate) {
        if (shape >= 1) return new GammaDistribution(random, shape, 1 / rate).sample();
        return Math.exp(logGamma(random, shape) - Math.log(rate));
    }

    /** Beta(α, β); exactly 0 or 1 where the draw is nearer to them than a double can hold apart from them. */
    static double beta(RandomGenerator random, double alpha, double beta) {
        if (Math.min(alpha, beta) >= 1) return new BetaDistribution(random, alpha, beta).sample();
        // X/(X + Y) for X ~ Gamma(α), Y ~ Gamma(β), from their logarithms: 1/(1 + e^(log Y − log X)).
        double difference = logGamma(random, beta) - logGamma(random, alpha);
        return Double.isNaN(difference) ? 0 : 1 / (1 + Math.exp(difference));
    }

    /** Student's t with ν degrees of freedom: Z/√(V/ν) with V a χ²(ν), that is 2·Gamma(ν/2). */
    static double studentT(RandomGenerator random, double nu) {
        double z = random.nextGaussian(), half = nu / 2;
        if (half >= 1) return z / Math.sqrt(new GammaDistribution(random, half, 1).sample() / half);
        return z * Math.exp(-0.5 * (logGamma(random, half) - Math.log(half)));
    }

    /** The logarithm of a Gamma(α, 1) draw; finite for any α > 0 whose log-draw a double holds. */
    static double logGamma(RandomGenerator random, double shape) {
        if (shape >= 1) return Math.log(new GammaDistribution(random, shape, 1).sample());
        double uniform = 1 - random.nextDouble(); // in (0, 1]: its logarithm is finite
        return logGamma(random, shape + 1) + Math.log(uniform) / shape;
    }
}
