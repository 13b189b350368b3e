package mle.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * Effects as parameters with a prior whose scale is estimated: their joint density with the scale has no maximum (it
 * grows without bound as the scale → 0 with the effects at the centre), so no point of it is an estimate of the scale.
 * Such a fit once ended "converged", τ = 0.586, exit 0.
 */
class FunnelTest {
    /** Eight groups of thirty binary outcomes with group effects of spread 1.5: the joint density has an inner mode. */
    static DataTable groups() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 240;
        double[] g = new double[n], y = new double[n];
        double[] effect = new double[8];
        for (int j = 0; j < 8; j++) effect[j] = 1.5 * r.nextGaussian();
        for (int i = 0; i < n; i++) {
            g[i] = 1 + i % 8;
            double eta = 0.3 + effect[i % 8];
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return DataTable.of(List.of("g", "y"), List.of(g, y));
    }

    @Test
    void aPriorWithAnEstimatedScaleIsNeverAConvergedFit() {
        Model m = Model.compile("data g, y\nparam a\nparam m[8]\nparam τ > 0\nm ~ Normal(0, τ)\ny ~ BernoulliLogit(a + m[g])\n");
        FitResult fit = m.fit(groups());
        assertFalse(fit.converged(), fit.message());
        // The optimiser certifies an inner mode (τ well away from 0); the verdict says it is no estimate.
        assertTrue(fit.estimate("τ").value() > 0.3, "an inner mode: " + fit.estimate("τ").value());
        assertTrue(fit.message().startsWith("not converged: the objective appears to be unbounded below: the prior "
                + "`m ~ Normal(0, τ)` (line 5) has an estimated scale τ that no likelihood uses"), fit.message());
        assertTrue(fit.message().contains("not an estimate of τ"), fit.message());
        assertTrue(fit.message().contains("declare `random m[8]` instead of `param`"), "points to random effects: " + fit.message());
        for (Estimate e : fit.estimates()) assertTrue(Double.isNaN(e.standardError()), e.name() + " has no standard error");
    }

    @Test
    void aScaleThatTheLikelihoodAlsoUsesOrAConstantScaleIsAPenalty() {
        // b ~ Normal(0, σ) beside y ~ Normal(…, σ): the data hold σ away from 0, and the MAP exists.
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[40], y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = r.nextGaussian();
            y[i] = 1 + 0.5 * x[i] + 0.7 * r.nextGaussian();
        }
        DataTable d = DataTable.of(List.of("x", "y"), List.of(x, y));
        FitResult shared = Model.compile("data x, y\nparam a, b\nparam σ > 0\nb ~ Normal(0, σ)\ny ~ Normal(a + b * x, σ)\n").fit(d);
        assertTrue(shared.converged(), shared.message());
        FitResult constant = Model.compile("data g, y\nparam a\nparam m[8]\nm ~ Normal(0, 0.5)\ny ~ BernoulliLogit(a + m[g])\n")
                .fit(groups());
        assertTrue(constant.converged(), constant.message());
        assertFalse(constant.message().contains("no maximum"), constant.message());
    }

    @Test
    void withoutPriorsThereIsNoFunnel() {
        // --mle leaves the priors out: τ is then in no term at all, which is said as such, not as a funnel.
        Model m = Model.compile("data g, y\nparam a\nparam m[8]\nparam τ > 0\nm ~ Normal(0, τ)\ny ~ BernoulliLogit(a + m[g])\n");
        FitResult fit = m.fit(groups(), FitOptions.defaults().withMode(mle.compiler.ir.Objective.Mode.MLE));
        assertFalse(fit.message().contains("no maximum"), fit.message());
    }
}
