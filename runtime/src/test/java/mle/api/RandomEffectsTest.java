package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * Random effects integrated out by the Laplace approximation, against lme4 1.1.31 (reference.R, its output in
 * reference.txt) and, for the binomial GLMM, against the approximation written out by hand in R (laplace.R), since
 * glmer's own value of it is 2.8e-4 off at the same point.
 */
class RandomEffectsTest {
    static final String INTERCEPT = """
            data y, days, subj
            param a, b
            param τ > 0, σ > 0
            random u[18]
            u ~ Normal(0, τ)
            y ~ Normal(a + b*days + u[subj], σ)
            """;

    /** lme4's (Days | Subject): correlated effects through a Cholesky factor of independent standard normals. */
    static final String CORRELATED = """
            data y, days, subj
            param a, b
            param τ0 > 0, τ1 > 0, σ > 0
            param ρ in (-1, 1)
            random z0[18], z1[18]
            z0 ~ Normal(0, 1)
            z1 ~ Normal(0, 1)
            y ~ Normal(a + b*days + τ0*z0[subj] + τ1*(ρ*z0[subj] + sqrt(1 - ρ^2)*z1[subj])*days, σ)
            """;

    static final String CBPP = """
            data incidence, size, p2, p3, p4, herd
            param b0, b2, b3, b4
            param τ > 0
            random u[15]
            u ~ Normal(0, τ)
            incidence ~ Binomial(size, logistic(b0 + b2*p2 + b3*p3 + b4*p4 + u[herd]))
            """;

    static Path reference(String name) {
        try {
            return Path.of(RandomEffectsTest.class.getResource("/reference/lme4/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One block of a reference file (from `# title` to the blank line): each line's first word → its numbers. */
    static Map<String, double[]> block(String file, String title) {
        try {
            List<String> lines = Files.readAllLines(reference(file));
            Map<String, double[]> out = new HashMap<>();
            boolean inside = false;
            for (String line : lines) {
                if (line.startsWith("# ")) {
                    inside = line.substring(2).trim().equals(title);
                    continue;
                }
                if (!inside || line.isBlank()) continue;
                String[] words = line.trim().split("\\s+");
                String key = words[0].equals("varcorr") ? "varcorr " + String.join(" ", Arrays.copyOfRange(words, 1, 4)) : words[0];
                double[] values = Arrays.stream(words).skip(words[0].equals("varcorr") ? 5 : 1).filter(w -> w.matches("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?"))
                        .mapToDouble(Double::parseDouble).toArray();
                out.put(key, values);
            }
            if (out.isEmpty()) throw new IllegalStateException("no block `" + title + "` in " + file);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DataTable data(Model m, String file) { return m.readData(reference(file)); }

    static void close(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, relative * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void aRandomInterceptIsLme4sMaximumLikelihoodFitExactly() {
        Map<String, double[]> lme4 = block("reference.txt", "sleepstudy intercept ML: Reaction ~ Days + (1 | Subject)");
        Model m = Model.compile(INTERCEPT);
        FitResult fit = m.fit(data(m, "sleepstudy.csv"));
        assertTrue(fit.converged(), fit.message());
        close(-lme4.get("logLik")[0], fit.nll(), 1e-10, "−logLik");
        close(lme4.get("fixef")[0], fit.estimate("a").value(), 1e-8, "intercept");
        close(lme4.get("fixef")[1], fit.estimate("b").value(), 1e-8, "slope");
        close(lme4.get("fixef_se")[0], fit.estimate("a").standardError(), 1e-5, "intercept's SE");
        close(lme4.get("fixef_se")[1], fit.estimate("b").standardError(), 1e-5, "slope's SE");
        close(lme4.get("varcorr Subject (Intercept) -")[0], fit.estimate("τ").value(), 1e-6, "τ");
        close(lme4.get("varcorr Residual NA -")[0], fit.estimate("σ").value(), 1e-6, "σ");
        // Conditional modes and standard deviations given θ̂ (lme4's ranef(condVar = TRUE)).
        FitResult.RandomEffect first = fit.randomEffects().getFirst();
        assertEquals("u[1]", first.name());
        close(lme4.get("ranef_first")[0], first.mode(), 1e-6, "û[1]");
        close(lme4.get("ranef_first_sd")[0], first.standardDeviation(), 1e-6, "sd of u[1]");
        assertEquals(18, fit.randomEffects().size());
        // AIC counts θ, not the random effects: lme4's df = 4.
        close(2 * fit.nll() + 2 * 4, fit.criteria().aic(), 1e-12, "AIC");
        assertTrue(fit.search().method().contains("exact here"), fit.search().method());
    }

    @Test
    void correlatedInterceptsAndSlopesThroughACholeskyFactorAreLme4sFit() {
        Map<String, double[]> lme4 = block("reference.txt", "sleepstudy correlated ML, tight");
        Model m = Model.compile(CORRELATED);
        FitResult fit = m.fit(data(m, "sleepstudy.csv"));
        assertTrue(fit.converged(), fit.message());
        close(-lme4.get("logLik")[0], fit.nll(), 1e-11, "−logLik");
        close(lme4.get("fixef")[0], fit.estimate("a").value(), 1e-8, "intercept");
        close(lme4.get("fixef")[1], fit.estimate("b").value(), 1e-8, "slope");
        close(lme4.get("varcorr Subject (Intercept) -")[0], fit.estimate("τ0").value(), 1e-6, "τ0");
        close(lme4.get("varcorr Subject Days -")[0], fit.estimate("τ1").value(), 1e-6, "τ1");
        assertEquals(lme4.get("varcorr Subject (Intercept) Days")[0], fit.estimate("ρ").value(), 1e-6, "ρ");
        close(lme4.get("varcorr Residual NA -")[0], fit.estimate("σ").value(), 1e-6, "σ");
        close(lme4.get("fixef_se")[0], fit.estimate("a").standardError(), 1e-4, "intercept's SE");
        close(lme4.get("fixef_se")[1], fit.estimate("b").standardError(), 1e-4, "slope's SE");
        // Subject 1's effects: intercept τ0·z0, slope τ1(ρ z0 + √(1−ρ²) z1), from the modes of z0[1] and z1[1].
        double z0 = fit.randomEffects().get(0).mode(), z1 = fit.randomEffects().get(18).mode();
        double t0 = fit.estimate("τ0").value(), t1 = fit.estimate("τ1").value(), r = fit.estimate("ρ").value();
        close(lme4.get("ranef_first")[0], t0 * z0, 1e-5, "subject 1's intercept");
        close(lme4.get("ranef_first")[1], t1 * (r * z0 + Math.sqrt(1 - r * r) * z1), 1e-5, "subject 1's slope");
    }

    @Test
    void aBinomialGlmmIsTheLaplaceApproximationWrittenOutByHand() {
        Map<String, double[]> byHand = block("laplace.txt", "cbpp binomial GLMM, the Laplace approximation by hand");
        Model m = Model.compile(CBPP);
        FitResult fit = m.fit(data(m, "cbpp.csv"));
        assertTrue(fit.converged(), fit.message());
        close(byHand.get("negative_log_likelihood")[0], fit.nll(), 1e-11, "the approximation's minimum");
        String[] names = {"b0", "b2", "b3", "b4"};
        for (int j = 0; j < 4; j++) close(byHand.get("fixef")[j], fit.estimate(names[j]).value(), 2e-6, names[j]);
        close(byHand.get("tau")[0], fit.estimate("τ").value(), 2e-6, "τ");
        close(byHand.get("mode_first")[0], fit.randomEffects().getFirst().mode(), 1e-5, "û[1]");
        close(byHand.get("mode_first_sd")[0], fit.randomEffects().getFirst().standardDeviation(), 1e-5, "sd of u[1]");
        assertFalse(fit.search().method().contains("exact here"), "a binomial GLMM's approximation is not exact");
        // lme4's glmer: the same model, its estimates within its distance from the approximation's optimum.
        Map<String, double[]> glmer = block("reference.txt", "cbpp binomial Laplace: cbind(incidence, size - incidence) ~ period + (1 | herd)");
        for (int j = 0; j < 4; j++) assertEquals(glmer.get("fixef")[j], fit.estimate(names[j]).value(), 1e-3, names[j]);
        assertEquals(glmer.get("varcorr herd (Intercept) -")[0], fit.estimate("τ").value(), 1e-3, "τ");
        close(glmer.get("fixef_se")[0], fit.estimate("b0").standardError(), 1e-2, "b0's SE");
    }
}
