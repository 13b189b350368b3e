package mle.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import mle.api.Model;
import mle.compiler.ir.Objective;
import mle.compiler.lower.RandomEffects;
import org.junit.jupiter.api.Test;

/**
 * The Laplace approximation's gradient by implicit differentiation (third derivatives through the modes) against
 * central differences of the approximation itself, away from its optimum, for models whose approximation is not exact:
 * a Poisson GLMM with a random intercept and slope, and one with two crossed groupings (a shared block).
 */
class MarginalObjectiveTest {
    private static void gradientMatchesDifferences(String model, List<String> columns, double[][] data, double[] u) {
        Objective o = Model.compile(model).objective();
        RandomEffects effects = RandomEffects.of(o, Objective.Mode.MLE, List.of());
        // The model's columns in the objective's order.
        double[][] byIndex = new double[o.columns().size()][];
        for (Objective.Column c : o.columns()) byIndex[c.index()] = data[columns.indexOf(c.name())];
        MarginalObjective f = new MarginalObjective(effects, byIndex, data[0].length);
        assertTrue(f.factorable());
        double[] g = new double[u.length];
        double value = f.valueAndGradient(u, g);
        assertTrue(Double.isFinite(value));
        for (int j = 0; j < u.length; j++) {
            double h = 1e-5;
            double[] plus = u.clone(), minus = u.clone();
            plus[j] += h;
            minus[j] -= h;
            double numeric = (f.value(plus) - f.value(minus)) / (2 * h);
            assertEquals(numeric, g[j], 1e-6 * Math.max(1, Math.abs(numeric)), "∂L/∂u" + j);
        }
        assertEquals(0, f.failedInnerSolves());
    }

    @Test
    void aPoissonInterceptAndSlope() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 300, groups = 20;
        double[] x = new double[n], g = new double[n], y = new double[n];
        double[] a = new double[groups], s = new double[groups];
        for (int k = 0; k < groups; k++) { a[k] = 0.5 * r.nextGaussian(); s[k] = 0.3 * r.nextGaussian(); }
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() * 2 - 1;
            g[i] = 1 + i % groups;
            double mu = Math.exp(0.7 + 0.4 * x[i] + a[i % groups] + s[i % groups] * x[i]);
            int count = 0;
            for (double t = -Math.log(r.nextDouble()); t < mu; t += -Math.log(r.nextDouble())) count++;
            y[i] = count;
        }
        String model = """
                data y, x, g
                param b0, b1
                param τ0 > 0, τ1 > 0
                param ρ in (-1, 1)
                random z0[20], z1[20]
                z0 ~ Normal(0, 1)
                z1 ~ Normal(0, 1)
                y ~ Poisson(exp(b0 + b1*x + τ0*z0[g] + τ1*(ρ*z0[g] + sqrt(1 - ρ^2)*z1[g])*x))
                """;
        // b0, b1, log τ0, log τ1, atanh-like ρ: a point away from the optimum.
        gradientMatchesDifferences(model, List.of("y", "x", "g"), new double[][] {y, x, g}, new double[] {0.5, 0.2, -0.5, -1.0, 0.3});
    }

    @Test
    void twoCrossedGroupingsShareOneBlock() {
        SplittableRandom r = new SplittableRandom(12);
        int n = 240;
        double[] g = new double[n], h = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = 1 + r.nextInt(12);
            h[i] = 1 + r.nextInt(6);
            double eta = -0.2 + 0.8 * Math.sin(g[i]) + 0.5 * Math.cos(h[i]);
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        String model = """
                data y, g, h
                param b0
                param τ > 0, ω > 0
                random u[12], v[6]
                u ~ Normal(0, τ)
                v ~ Normal(0, ω)
                y ~ BernoulliLogit(b0 + u[g] + v[h])
                """;
        gradientMatchesDifferences(model, List.of("y", "g", "h"), new double[][] {y, g, h}, new double[] {0.1, -0.3, -0.6});
    }
}
