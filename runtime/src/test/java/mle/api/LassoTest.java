package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The lasso as a MAP (a Gaussian linear model, 60 predictors, Laplace priors), solved exactly: against scikit-learn
 * (reference/lasso.py, with its values committed), against its own optimality conditions computed here from the
 * data, with exact zeros and standard errors only for the coefficients that are not 0.
 */
class LassoTest {
    static final Path REFERENCE = FitTest.ROOT.resolve("runtime/src/test/resources/reference");
    static final int P = 60;
    static final double B = 0.04;

    static Map<String, Double> reference() throws IOException {
        return LeastAbsoluteDeviationsTest.values("lasso-reference.txt");
    }

    static String model(String scale) {
        return "data X[60], y\nparam a\nparam β[60]\n" + (scale.equals("σ") ? "param σ > 0\n" : "")
                + "const b = 0.04\ny ~ Normal(a + dot(X, β), " + scale + ")\nβ ~ Laplace(0, b)\n";
    }

    @Test
    void knownScaleMatchesScikitLearnWithExactZerosAndItsCertificate() throws IOException {
        check(model("0.5"), "known", 0.5);
    }

    @Test
    void estimatedScaleFindsTheJointMapOverTheProfile() throws IOException {
        FitResult r = check(model("σ"), "joint", Double.NaN);
        assertEquals(reference().get("joint.sigma"), r.estimate("σ").value(), 1e-8 * reference().get("joint.sigma"));
        assertTrue(r.search().sentence().contains("σ searched: the profile over σ"), r.search().sentence());
        assertTrue(r.search().method().contains("scikit-learn's Lasso(alpha = "), r.search().method());
    }

    static FitResult check(String text, String prefix, double knownSigma) throws IOException {
        Map<String, Double> ref = reference();
        Model m = Model.compile(text);
        DataTable data = m.readData(REFERENCE.resolve("lasso.csv"));
        FitResult r = m.fit(data);
        assertEquals(Verdict.EXACT, r.verdict(), r.message());
        assertTrue(r.message().contains("certificate"), r.message());
        assertEquals(ref.get(prefix + ".a"), r.estimate("a").value(), 1e-8);
        double sigma = Double.isNaN(knownSigma) ? r.estimate("σ").value() : knownSigma;
        double[] beta = new double[P];
        int zeros = 0;
        for (int j = 0; j < P; j++) {
            double expected = ref.get(prefix + ".beta" + (j + 1));
            beta[j] = r.estimate("β[" + (j + 1) + "]").value();
            assertEquals(expected, beta[j], 1e-8, "β[" + (j + 1) + "] against scikit-learn");
            assertEquals(expected == 0, beta[j] == 0, "β[" + (j + 1) + "] is exactly 0 where scikit-learn's is");
            assertEquals(beta[j] == 0, Double.isNaN(r.estimate("β[" + (j + 1) + "]").standardError()),
                    "standard errors only for the coefficients that are not 0");
            if (beta[j] == 0) zeros++;
        }
        assertTrue(zeros >= 10, "a sparse fit: " + zeros + " zeros");
        // The optimality conditions, from the data: x_jᵀr/σ² = sign(β_j)/b where β_j ≠ 0, |x_jᵀr|/σ² ≤ 1/b where 0.
        int n = data.rowCount();
        double[] r0 = data.column("y").clone();
        for (int i = 0; i < n; i++) r0[i] -= r.estimate("a").value();
        double[][] x = new double[P][];
        for (int j = 0; j < P; j++) {
            x[j] = data.column("X" + (j + 1));
            for (int i = 0; i < n; i++) r0[i] -= x[j][i] * beta[j];
        }
        for (int j = 0; j < P; j++) {
            double g = 0;
            for (int i = 0; i < n; i++) g += x[j][i] * r0[i];
            g /= sigma * sigma;
            if (beta[j] == 0) assertTrue(Math.abs(g) <= (1 + 1e-9) / B, "KKT at a zero: |x_jᵀr|/σ² = " + Math.abs(g));
            else assertEquals(Math.signum(beta[j]) / B, g, 1e-6 / B, "KKT where β[" + (j + 1) + "] ≠ 0");
        }
        return r;
    }
}
