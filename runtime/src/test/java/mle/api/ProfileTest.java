package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * Profile-likelihood intervals against closed forms. With σ profiled out, a Gaussian mean's (or regression
 * coefficient's) profile is n·log(1 + (β − β̂)²/(c·RSS)), so its ends are β̂ ± SE·√(n·(e^{q/n} − 1)) with q = χ²₁(0.95)
 * and SE the observed-information standard error; the profiles of σ and of a Poisson rate are explicit functions
 * whose roots the test finds by bisection.
 */
class ProfileTest {
    private static final double Q = 3.841458820694124;   // χ²₁(0.95) = 1.959963984540054²

    /** The root of g on (lo, hi), where g changes sign, by bisection. */
    private static double root(DoubleUnaryOperator g, double lo, double hi) {
        double glo = g.applyAsDouble(lo);
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi), gm = g.applyAsDouble(mid);
            if (Math.signum(gm) == Math.signum(glo)) {
                lo = mid;
                glo = gm;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void aNormalMeanAndScaleHaveTheirExplicitProfiles() {
        double[] x = {2.1, 3.4, 2.2, 3.3, 3.4};
        Model m = Model.compile("data x\nparam μ\nparam σ > 0\nx ~ Normal(μ, σ)\n");
        DataTable data = DataTable.of(List.of("x"), List.of(x));
        FitResult fit = m.fit(data);
        List<ProfileInterval> profile = m.profile(data, fit, List.of());
        int n = x.length;
        double mean = 2.88, s = fit.estimate("σ").value();
        double half = s * Math.sqrt(Math.exp(Q / n) - 1);
        assertEquals(mean - half, profile.get(0).lower(), 1e-8);
        assertEquals(mean + half, profile.get(0).upper(), 1e-8);
        // σ's profile, with μ̂ = x̄ whatever σ: 2n·(log(σ/σ̂) + σ̂²/(2σ²) − ½) = q on either side of σ̂.
        DoubleUnaryOperator d = sigma -> 2 * n * (Math.log(sigma / s) + s * s / (2 * sigma * sigma) - 0.5) - Q;
        assertEquals(root(d, 1e-3, s), profile.get(1).lower(), 1e-8);
        assertEquals(root(d, s, 100), profile.get(1).upper(), 1e-8);
        assertTrue(profile.get(1).note().isEmpty(), profile.get(1).note());
        assertTrue(profile.get(1).upper() - s > s - profile.get(1).lower(), "a scale's profile interval leans up");
    }

    @Test
    void aReportedQuantitysProfileIsTheConstrainedOne() {
        // The profile likelihood does not depend on how a quantity is written: the interval of 2μ is twice μ's, the
        // interval of log σ the log of σ's, and μ + σ's lies between the sums of the ends.
        double[] x = {2.1, 3.4, 2.2, 3.3, 3.4};
        Model m = Model.compile("data x\nparam μ\nparam σ > 0\nx ~ Normal(μ, σ)\n"
                + "report twice = 2 * μ\nreport log_scale = log(σ)\nreport both = μ + σ\n");
        DataTable data = DataTable.of(List.of("x"), List.of(x));
        FitResult fit = m.fit(data);
        List<ProfileInterval> all = m.profile(data, fit, List.of());
        assertEquals(5, all.size());
        ProfileInterval mu = all.get(0), sigma = all.get(1), twice = all.get(2), logScale = all.get(3), both = all.get(4);
        assertEquals("twice", twice.name());
        assertEquals(2 * mu.lower(), twice.lower(), 1e-7);
        assertEquals(2 * mu.upper(), twice.upper(), 1e-7);
        assertEquals(Math.log(sigma.lower()), logScale.lower(), 1e-7);
        assertEquals(Math.log(sigma.upper()), logScale.upper(), 1e-7);
        assertTrue(both.lower() > mu.lower() + sigma.lower() && both.upper() < mu.upper() + sigma.upper(), both.toString());
        assertTrue(both.note().isEmpty(), both.note());
    }

    @Test
    void aPoissonRateOfOneParameter() {
        double[] k = {0, 2, 1, 4, 3, 1, 0, 2};
        double sum = 13, n = k.length, rate = sum / n;
        Model m = Model.compile("data k\nparam λ > 0\nk ~ Poisson(λ)\n");
        DataTable data = DataTable.of(List.of("k"), List.of(k));
        ProfileInterval p = m.profile(data, m.fit(data), List.of("lambda")).getFirst();
        DoubleUnaryOperator d = l -> 2 * (n * (l - rate) - sum * Math.log(l / rate)) - Q;
        assertEquals(root(d, 1e-6, rate), p.lower(), 1e-9);
        assertEquals(root(d, rate, 50), p.upper(), 1e-9);
        assertTrue(p.fits() < 60, "a few evaluations per side: " + p.fits());
    }

    @Test
    void aRegressionCoefficientWithGroupEffectsMatchesItsClosedForm() throws IOException {
        Model m = Model.compile(FitTest.ROOT.resolve("samples/grunfeld/model.mle"));
        DataTable data = m.readData(FitTest.ROOT.resolve("samples/grunfeld/data.csv"));
        FitResult fit = m.fit(data);
        List<ProfileInterval> profile = m.profile(data, fit, List.of("b_value", "b_capital"));
        for (ProfileInterval p : profile) {
            Estimate e = fit.estimate(p.name());
            double half = e.standardError() * Math.sqrt(220 * (Math.exp(Q / 220) - 1));
            assertEquals(e.value() - half, p.lower(), 1e-7 * half, p.name());
            assertEquals(e.value() + half, p.upper(), 1e-7 * half, p.name());
        }
        assertThrows(OptionException.class, () -> m.profile(data, fit, List.of("b_nothing")));
    }
}
