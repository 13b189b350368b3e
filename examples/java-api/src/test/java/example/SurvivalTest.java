package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mle.api.FitResult;
import org.junit.jupiter.api.Test;

/** The installed artifact fits from another project, compiled by Graal, to the closed form. */
class SurvivalTest {
    @Test
    void theRateIsDeathsOverTotalTime() {
        double[] t = {2.1, 0.4, 3.3, 1.2, 5.0, 0.8, 5.0, 2.6}, censored = {0, 0, 0, 0, 1, 0, 1, 0};
        FitResult fit = Survival.fit(t, censored);
        assertTrue(fit.converged(), fit.message());
        // With right censoring the exponential's MLE is the number of deaths over the total time observed, and its
        // observed-information standard error λ̂/√deaths.
        double deaths = 0, total = 0;
        for (int i = 0; i < t.length; i++) {
            deaths += 1 - censored[i];
            total += t[i];
        }
        assertEquals(deaths / total, fit.estimate("λ").value(), 1e-10);
        assertEquals(deaths / total / Math.sqrt(deaths), fit.estimate("λ").standardError(), 1e-8);
        assertTrue(fit.jitCompiled(), "the tests' JVM has the Graal JIT: " + fit.engine());
    }
}
