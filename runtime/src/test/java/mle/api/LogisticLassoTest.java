package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The lasso of a logistic regression (40 predictors, Laplace priors) solved exactly by proximal Newton: against an
 * independent solve (reference/logistic_lasso.py: scipy's L-BFGS-B on the split problem, checked against
 * scikit-learn) and against its own optimality conditions recomputed here, with exact zeros.
 */
class LogisticLassoTest {
    static final int N = 300, P = 40;
    static final double B = 0.05;

    @Test
    void theExactOptimumWithExactZerosAndItsCertificate() throws IOException {
        GlmTest.SplitMix64 g = new GlmTest.SplitMix64(77);
        double[][] x = new double[P][N];
        for (int i = 0; i < N; i++) for (int j = 0; j < P; j++) x[j][i] = 2 * g.uniform() - 1;
        double[] truth = new double[P];
        for (int j = 0; j < 6; j++) truth[j] = 3 * (2 * g.uniform() - 1);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            double eta = 0.2;
            for (int j = 0; j < P; j++) eta += x[j][i] * truth[j];
            y[i] = g.uniform() < 1 / (1 + StrictMath.exp(-eta)) ? 1 : 0;
        }
        Model m = Model.compile("data X[40], y\nparam a\nparam β[40]\nconst b = 0.05\n"
                + "y ~ BernoulliLogit(a + dot(X, β))\nβ ~ Laplace(0, b)\n");
        FitResult r = m.fit(GlmTest.table(x, y));
        assertEquals(Verdict.EXACT, r.verdict(), r.message());
        assertTrue(r.message().contains("certificate"), r.message());
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("logistic-lasso-reference.txt");
        assertEquals(ref.get("a"), r.estimate("a").value(), 1e-6);
        double[] beta = new double[P];
        int zeros = 0;
        for (int j = 0; j < P; j++) {
            beta[j] = r.estimate("β[" + (j + 1) + "]").value();
            assertEquals(ref.get("beta" + (j + 1)), beta[j], 1e-6, "β[" + (j + 1) + "]");
            assertEquals(ref.get("beta" + (j + 1)) == 0, beta[j] == 0, "β[" + (j + 1) + "] is exactly 0 where the reference's is");
            if (beta[j] == 0) zeros++;
        }
        assertTrue(zeros >= 20, zeros + " zeros");
        // Optimality, from the data: Xᵀ(μ − y) = −sign(β)/b where β ≠ 0, |Xᵀ(μ − y)| ≤ 1/b where 0.
        double[] residual = new double[N];
        double intercept = 0;
        for (int i = 0; i < N; i++) {
            double eta = r.estimate("a").value();
            for (int j = 0; j < P; j++) eta += x[j][i] * beta[j];
            residual[i] = 1 / (1 + Math.exp(-eta)) - y[i];
            intercept += residual[i];
        }
        assertEquals(0, intercept, 1e-9, "the unpenalised intercept's gradient");
        for (int j = 0; j < P; j++) {
            double gj = 0;
            for (int i = 0; i < N; i++) gj += x[j][i] * residual[i];
            if (beta[j] == 0) assertTrue(Math.abs(gj) <= (1 + 1e-9) / B, "KKT at a zero: " + Math.abs(gj));
            else assertEquals(-Math.signum(beta[j]) / B, gj, 1e-8 / B, "KKT where β[" + (j + 1) + "] ≠ 0");
        }
    }
}
