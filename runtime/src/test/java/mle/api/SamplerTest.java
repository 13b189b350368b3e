package mle.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.LongToDoubleFunction;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The samplers of simulate where commons-math3's fail (large rates and counts, extreme shapes): their draws have the
 * closed-form mean and variance, within five standard errors of the sample's own size (the variance's from the fourth
 * central moment); their frequencies pass a chi-square test against the pmf written from lgamma; their log-pmfs match
 * mpmath's at rates up to 2⁵³ (reference/count_pmfs.py); they are fast where the old ones hung; and small means
 * draw what commons-math3 drew from the same seed.
 */
class SamplerTest {
    private static final long TWO53 = 1L << 53;

    /** The sample's mean and variance about the true mean against the closed forms, five standard errors each. */
    private static void assertMoments(String what, double[] x, double mean, double variance, double fourthCentral) {
        int n = x.length;
        double sum = 0, squares = 0;
        for (double v : x) {
            sum += v - mean;
            squares += (v - mean) * (v - mean);
        }
        assertEquals(0, sum / n, 5 * Math.sqrt(variance / n), what + " mean");
        assertEquals(variance, squares / n, 5 * Math.sqrt((fourthCentral - variance * variance) / n), what + " variance");
    }

    private static double[] poissons(double rate, int n, long seed) {
        RandomGenerator random = new MersenneTwister(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = CountSampler.poisson(random, rate);
        return x;
    }

    private static double[] binomials(long trials, double p, int n, long seed) {
        RandomGenerator random = new MersenneTwister(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = CountSampler.binomial(random, trials, p);
        return x;
    }

    @Test
    void poissonDrawsHaveTheRateAsMeanAndVarianceUpTo2To53() {
        for (double rate : new double[] {0.7, 39.9, 40, 57.3, 1e3, 1e9, 1e15, TWO53 / 2.0}) {
            assertMoments("Poisson(" + rate + ")", poissons(rate, 20_000, 3), rate, rate, rate * (1 + 3 * rate));
        }
    }

    @Test
    void binomialDrawsHaveTheirMeanAndVarianceForLargeCountsAndSmallProbabilities() {
        long[] trials = {12, 100, 1_000_000, 1_000_000_000_000L, TWO53, TWO53, TWO53, 1_000_000_000_000L, 2_000_000_000_000_000L};
        double[] ps = {0.35, 0.5, 1e-6, 0.3, 0.5, 1e-10, 1e-15, 0.999999, 0.9};
        for (int c = 0; c < trials.length; c++) {
            double n = trials[c], p = ps[c], q = 1 - p, variance = n * p * q;
            assertMoments("Binomial(" + trials[c] + ", " + p + ")", binomials(trials[c], p, 20_000, 5), n * p, variance,
                    variance * (1 + 3 * (n - 2) * p * q));
        }
    }

    /**
     * Pearson's chi-square of the draws' frequencies against the pmf, cells pooled until each expects at least 5; the
     * critical value is the chi-square's 99.9% quantile.
     */
    private static void assertChiSquare(String what, double[] draws, LongToDoubleFunction pmf, long from, long to) {
        int n = draws.length;
        long[] counts = new long[(int) (to - from + 1)];
        for (double d : draws) counts[(int) (Math.min(Math.max((long) d, from), to) - from)]++;
        double statistic = 0, expected = 0, observed = 0, total = 0;
        int cells = 0;
        for (long k = from; k <= to; k++) {
            double probability = pmf.applyAsDouble(k);
            // The two ends take the tails beyond them.
            if (k == to) probability = 1 - total;
            total += probability;
            expected += n * probability;
            observed += counts[(int) (k - from)];
            if (k == to || expected >= 5 && n * (1 - total) >= 5) {
                statistic += (observed - expected) * (observed - expected) / expected;
                cells++;
                expected = 0;
                observed = 0;
            }
        }
        double critical = new ChiSquaredDistribution(cells - 1).inverseCumulativeProbability(0.999);
        assertTrue(statistic < critical, what + ": chi-square " + statistic + " on " + (cells - 1) + " degrees of freedom, above " + critical);
    }

    @Test
    void poissonAndBinomialFrequenciesFitTheirPmfs() {
        for (double rate : new double[] {12.5, 40, 150.5, 2000}) {
            double[] x = poissons(rate, 50_000, 7);
            long from = Math.max(0, (long) (rate - 8 * Math.sqrt(rate))), to = (long) (rate + 8 * Math.sqrt(rate));
            // P(X ≤ from) is lumped into the first cell.
            LongToDoubleFunction pmf = k -> k == from ? new org.apache.commons.math3.distribution.PoissonDistribution(rate).cumulativeProbability((int) from)
                    : Math.exp(k * Math.log(rate) - rate - Gamma.logGamma(k + 1.0));
            assertChiSquare("Poisson(" + rate + ")", x, pmf, from, to);
        }
        long[] trials = {200, 1000, 1000, 1_000_000_000};
        double[] ps = {0.3, 0.995, 0.5, 3e-9};
        for (int c = 0; c < trials.length; c++) {
            long n = trials[c];
            double p = ps[c], mean = n * p, sd = Math.sqrt(mean * (1 - p));
            double[] x = binomials(n, p, 50_000, 9);
            long from = Math.max(0, (long) (mean - 8 * sd - 1)), to = Math.min(n, (long) (mean + 8 * sd + 1));
            LongToDoubleFunction pmf = k -> k == from ? new BinomialDistribution((int) n, p).cumulativeProbability((int) from)
                    : Math.exp(Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0)
                            + k * Math.log(p) + (n - k) * Math.log1p(-p));
            assertChiSquare("Binomial(" + n + ", " + p + ")", x, pmf, from, to);
        }
    }

    @Test
    void logProbabilitiesMatchMpmathAtRatesAndCountsUpTo2To53() throws IOException {
        int checked = 0;
        for (String line : Files.readAllLines(LeastAbsoluteDeviationsTest.REFERENCE.resolve("count-pmfs.txt"))) {
            String[] f = line.split(" ");
            long k = Long.parseLong(f[1]);
            boolean poisson = f[0].equals("poisson");
            double expected = Double.parseDouble(f[poisson ? 3 : 4]);
            double actual = poisson ? CountSampler.logPoisson(k, Double.parseDouble(f[2]))
                    : CountSampler.logBinomial(k, Long.parseLong(f[2]), Double.parseDouble(f[3]));
            // Relative to the value, and never finer than the terms of order one it is summed from.
            assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), line);
            checked++;
        }
        assertEquals(45, checked);
    }

    @Test
    void largeRatesAndCountsDrawFast() {
        // A hang guard, not a benchmark: the old samplers took minutes (Poisson 1e8) or never ended (1e9 and up).
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            poissons(1e15, 10_000, 1);
            binomials(TWO53, 0.5, 10_000, 1);
            binomials(TWO53, 1e-12, 10_000, 1);
            RandomGenerator random = new MersenneTwister(1);
            for (int i = 0; i < 10_000; i++) CountSampler.poisson(random, ContinuousSampler.gamma(random, 0.5, 0.5 / 1e15));
        });
    }

    @Test
    void countsNear2To53AreExact() {
        // 2⁵³ − k for small k: odd numbers too, which a double holds only below 2⁵³.
        double q = Math.ulp(1.0) / 2;
        double[] x = binomials(TWO53, 1 - q, 2_000, 4);
        boolean odd = false;
        for (double v : x) {
            assertTrue(v <= TWO53 && v >= TWO53 - 20 && v == Math.rint(v), "Binomial(2⁵³, 1 − 2⁻⁵³) drew " + v);
            odd |= ((long) v & 1) == 1;
        }
        assertTrue(odd, "some draws are 2⁵³ minus an odd number");
        assertArrayEquals(new double[] {TWO53, TWO53}, binomials(TWO53, 1, 2, 1));
        assertArrayEquals(new double[] {0, 0}, binomials(TWO53, 0, 2, 1));
        // A rate 2³¹ below 2⁵³ (23 standard deviations): counts of both parities, none above 2⁵³.
        double rate = TWO53 - (1L << 31);
        long odds = 0;
        for (double v : poissons(rate, 2_000, 6)) {
            assertTrue(v < TWO53, "Poisson(" + rate + ") drew " + v);
            odds += (long) v & 1;
        }
        assertEquals(1_000, odds, 5 * Math.sqrt(500), "odd counts");
    }

    @Test
    void smallBinomialMeansDrawWhatCommonsMathDrew() {
        // Inversion of one uniform, as commons-math3's BinomialDistribution.sample: seeds keep their data.
        int[] trials = {12, 40, 100_000, 7, 1};
        double[] ps = {0.35, 0.9, 5e-5, 0.5, 0.2};
        for (int c = 0; c < trials.length; c++) {
            RandomGenerator ours = new MersenneTwister(17), theirs = new MersenneTwister(17);
            for (int i = 0; i < 5_000; i++) {
                assertEquals(new BinomialDistribution(theirs, trials[c], ps[c]).sample(), CountSampler.binomial(ours, trials[c], ps[c]),
                        "Binomial(" + trials[c] + ", " + ps[c] + ") draw " + i);
            }
        }
    }

    /** The largest gap between the empirical CDF of the draws and the CDF, against the KS 99.9% critical value. */
    private static void assertKolmogorovSmirnov(String what, double[] x, java.util.function.DoubleUnaryOperator cdf) {
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        double gap = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            gap = Math.max(gap, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        assertTrue(gap < 1.949 / Math.sqrt(n), what + ": Kolmogorov–Smirnov distance " + gap);
    }

    @Test
    void smallShapesDrawTheirDistributionInLogSpace() {
        RandomGenerator random = new MersenneTwister(21);
        int n = 20_000;
        // Gamma(0.05): P(X ≤ x) is the regularized lower incomplete gamma; its draws reach 1e-100, which the old sampler
        // drew as 0 below about 1e-308 and which are checked here on their own scale.
        double[] gamma = new double[n];
        for (int i = 0; i < n; i++) gamma[i] = ContinuousSampler.gamma(random, 0.05, 2);
        assertKolmogorovSmirnov("Gamma(0.05, 2)", gamma, x -> Gamma.regularizedGammaP(0.05, 2 * x));
        double[] moments = new double[n];
        for (int i = 0; i < n; i++) moments[i] = ContinuousSampler.gamma(random, 0.3, 2);
        double m = 0.3 / 2, v = 0.3 / 4;
        assertMoments("Gamma(0.3, 2)", moments, m, v, 3 * 0.3 * (0.3 + 2) / 16);
        // Beta(0.5, 0.3): the arcsine-like Beta has a CDF in the regularized incomplete beta.
        double[] beta = new double[n];
        for (int i = 0; i < n; i++) beta[i] = ContinuousSampler.beta(random, 0.5, 0.3);
        assertKolmogorovSmirnov("Beta(0.5, 0.3)", beta, x -> org.apache.commons.math3.special.Beta.regularizedBeta(x, 0.5, 0.3));
        // Student's t with ν = 0.5 (no mean) and ν = 1e300 (the normal): against the t's CDF and the normal's.
        for (double nu : new double[] {0.5, 3, 1e300}) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = ContinuousSampler.studentT(random, nu);
            java.util.function.DoubleUnaryOperator cdf = nu > 1e6 ? x -> new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(x)
                    : x -> new TDistribution(nu).cumulativeProbability(x);
            assertKolmogorovSmirnov("StudentT(" + nu + ")", t, cdf);
        }
    }
}
