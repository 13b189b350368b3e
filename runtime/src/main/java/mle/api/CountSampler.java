package mle.api;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;

/**
 * Exact Poisson and binomial draws in O(1) expected time for any rate or count up to 2⁵³, the largest a double holds
 * exactly. Written here because commons-math3 has none: its Poisson sampler sums O(λ) logarithms per draw above a
 * rate of 40 (and stops at 2³¹ − 1), its binomial inverts a continued fraction per draw and takes an int count.
 * Large means use Hörmann's transformed rejection with squeeze (PTRS for the Poisson, BTRS for the binomial; W.
 * Hörmann, "The transformed rejection method for generating Poisson random variables", Insurance: Mathematics and
 * Economics 12, 1993, and "The generation of binomial random variates", J. Statist. Comput. Simul. 46, 1993); their
 * acceptance test needs log-probabilities that stay accurate when the count is 10¹⁵, which Loader's saddle-point
 * form gives (C. Loader, "Fast and accurate computation of binomial probabilities", 2000). Small means draw what
 * earlier versions drew from the same seed: commons-math3's Poisson below a rate of 40, and the binomial by
 * inversion of one uniform, as commons-math3 did.
 */
final class CountSampler {
    /** 2⁵³: every whole number up to it is a double; above it, not all are. */
    static final long MAX_EXACT = 1L << 53;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    /** Below this mean, draw by the simple methods (PTRS and BTRS hold from 10; 40 is where commons-math3 switched). */
    private static final double POISSON_SMALL = 40, BINOMIAL_SMALL = 10;

    private CountSampler() {}

    /** A Poisson count of a rate in [0, 2⁵³]; the count may exceed 2⁵³ when the rate is near it. */
    static long poisson(RandomGenerator random, double rate) {
        if (rate == 0) return 0;
        if (rate < POISSON_SMALL) {
            return new PoissonDistribution(random, rate, PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
        }
        double b = 0.931 + 2.53 * Math.sqrt(rate), a = -0.059 + 0.02483 * b;
        double logInverseAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4)), quickAccept = 0.9277 - 3.6224 / (b - 2);
        // The proposal k = ⌊(2a/us + b)·u + rate + 0.43⌋ is taken apart as ⌊rate⌋ + ⌊fraction + …⌋ so that the sum is
        // not rounded to the double spacing near 2⁵³ (a rounded sum would shift the proposal, and the draw would not
        // be exact).
        double whole = Math.floor(rate), offset = rate - whole + 0.43;
        for (;;) {
            double u = random.nextDouble() - 0.5, v = random.nextDouble(), us = 0.5 - Math.abs(u);
            if (us == 0) continue;
            double step = Math.floor((2 * a / us + b) * u + offset);
            if (step < -whole || step > MAX_EXACT) continue;
            long k = (long) whole + (long) step;
            if (us >= 0.07 && v <= quickAccept) return k;
            if (us < 0.013 && v > us) continue;
            if (Math.log(v) + logInverseAlpha - Math.log(a / (us * us) + b) <= logPoisson(k, rate)) return k;
        }
    }

    /** A binomial count of {@code trials} ≤ 2⁵³ trials of probability p in [0, 1]. */
    static long binomial(RandomGenerator random, long trials, double p) {
        double q = 1 - p;
        if (trials * Math.min(p, q) < BINOMIAL_SMALL) {
            // One uniform, inverted: the smallest k with P(X ≤ k) ≥ u, counted from the nearer end.
            double u = random.nextDouble();
            return p <= 0.5 ? invert(trials, p, u, false) : trials - invert(trials, q, 1 - u, true);
        }
        return p <= 0.5 ? transformedRejection(random, trials, p) : trials - transformedRejection(random, trials, q);
    }

    /**
     * The smallest k with P(X ≤ k) ≥ u ({@code strictly}: > u), X binomial with a small mean, by adding the
     * probabilities from k = 0 on (the recurrence P(k + 1) = P(k)·(n − k)/(k + 1)·p/q).
     */
    private static long invert(long trials, double p, double u, boolean strictly) {
        double ratio = p / (1 - p), probability = Math.exp(trials * Math.log1p(-p)), below = probability;
        long k = 0;
        while (k < trials && (strictly ? below <= u : below < u)) {
            probability *= (trials - k) * ratio / (k + 1);
            if (probability == 0) break; // the rest of the tail is below the double's resolution
            k++;
            below += probability;
        }
        return k;
    }

    /** BTRS for p ≤ ½ and a mean n·p ≥ 10. */
    private static long transformedRejection(RandomGenerator random, long trials, double p) {
        double n = trials, spq = Math.sqrt(n * p * (1 - p));
        double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p, c = n * p + 0.5;
        double logAlpha = Math.log((2.83 + 5.1 / b) * spq), quickAccept = 0.92 - 4.2 / b;
        long mode = (long) Math.floor((n + 1) * p);
        double logAtMode = logBinomial(mode, trials, p);
        double whole = Math.floor(c), offset = c - whole; // as in the Poisson: no rounding of the proposal near 2⁵³
        for (;;) {
            double u = random.nextDouble() - 0.5, v = random.nextDouble(), us = 0.5 - Math.abs(u);
            if (us == 0) continue;
            double step = Math.floor((2 * a / us + b) * u + offset);
            if (step < -whole || step > n - whole) continue;
            long k = (long) whole + (long) step;
            if (us >= 0.07 && v <= quickAccept) return k;
            if (Math.log(v) + logAlpha - Math.log(a / (us * us) + b) <= logBinomial(k, trials, p) - logAtMode) return k;
        }
    }

    /** log P(X = k) for X Poisson of the rate, accurate to a few ulps for any k and rate (Loader's form). */
    static double logPoisson(long k, double rate) {
        if (k == 0) return -rate;
        return -stirlingError(k) - deviance(k, rate, k - rate) - HALF_LOG_TWO_PI - 0.5 * Math.log(k);
    }

    /** log P(X = k) for X binomial of n trials and probability p (Loader's form). */
    static double logBinomial(long k, long n, double p) {
        if (k == 0) return n * Math.log1p(-p);
        if (k == n) return n * Math.log(p);
        // k − n·p without rounding n·p first (at n = 2⁵³ that rounding alone moves the log-probability by 1e-8); the
        // other side's, (n − k) − n·(1 − p), is its negative, and its mean n − n·p is corrected by the same amount.
        double mean = n * p, roundedOff = Math.fma(n, p, -mean), fromMean = (k - mean) - roundedOff;
        double spread = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
                - deviance(k, mean, fromMean) - deviance(n - k, (n - mean) - roundedOff, -fromMean);
        return spread - HALF_LOG_TWO_PI - 0.5 * Math.log((double) k / n * (n - k));
    }

    /**
     * x·log(x/μ) + μ − x, given d = x − μ, without the cancellation of its three terms when x is near μ (a series in
     * (x − μ)/(x + μ) there).
     */
    static double deviance(double x, double mu, double d) {
        if (Math.abs(d) >= 0.1 * (x + mu)) return x * Math.log(x / mu) - d;
        double v = d / (x + mu), v2 = v * v, sum = d * v, term = 2 * x * v;
        for (int j = 1; ; j++) {
            term *= v2;
            double next = sum + term / (2 * j + 1);
            if (next == sum) return next;
            sum = next;
        }
    }

    private static final double[] SMALL_STIRLING_ERRORS = new double[16];

    static {
        for (int n = 1; n < SMALL_STIRLING_ERRORS.length; n++) {
            SMALL_STIRLING_ERRORS[n] = Gamma.logGamma(n + 1.0) - (n + 0.5) * Math.log(n) + n - HALF_LOG_TWO_PI;
        }
    }

    /** log(n!) − log(√(2πn)·(n/e)ⁿ), the error of Stirling's formula: its asymptotic series above 15. */
    static double stirlingError(long n) {
        if (n < SMALL_STIRLING_ERRORS.length) return SMALL_STIRLING_ERRORS[(int) n];
        double x = n, x2 = x * x;
        // 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹): from the Bernoulli numbers; each term is smaller
        // than the last by ~1/n², so fewer are needed as n grows.
        if (n > 500) return (1.0 / 12 - 1.0 / 360 / x2) / x;
        if (n > 80) return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / x2) / x2) / x;
        if (n > 35) return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / 1680 / x2) / x2) / x2) / x;
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - 1.0 / 1188 / x2) / x2) / x2) / x2) / x;
    }
}
