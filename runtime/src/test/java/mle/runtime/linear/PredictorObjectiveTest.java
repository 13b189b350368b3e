package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.ir.Objective;
import mle.compiler.lower.PredictorStructure;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * The chain rule through the linear predictor gives the same value, gradient and Hessian as differentiating the
 * whole objective symbolically, in the optimiser's coordinates.
 */
class PredictorObjectiveTest {
    static void agrees(String model, double[][] data, double[] u) {
        Objective o = Compiler.compile(new SourceFile("m.mle", model), Map.of()).objective();
        PredictorStructure s = PredictorStructure.of(o, Objective.Mode.MAP).orElseThrow();
        int n = data[0].length, k = o.params().size();
        PredictorObjective f = PredictorObjective.of(s, k, data, n);
        assertNotNull(f);
        ReferenceObjective.Evaluation exact = new ReferenceObjective(o, Objective.Mode.MAP, ReferenceObjective.Space.UNCONSTRAINED)
                .evaluate(u, data, n);
        double[] g = new double[k];
        assertEquals(exact.value(), f.valueAndGradient(u, g), 1e-10 * Math.abs(exact.value()));
        double[][] h = new double[k][k];
        f.hessian(u, h);
        for (int i = 0; i < k; i++) {
            assertEquals(exact.gradient()[i], g[i], 1e-9 * Math.max(1, Math.abs(exact.gradient()[i])), "gradient " + i);
            for (int j = 0; j < k; j++) {
                assertEquals(exact.hessian()[i][j], h[i][j], 1e-9 * Math.max(1, Math.abs(exact.hessian()[i][j])), "H " + i + "," + j);
            }
        }
    }

    static final double[] X1 = {0.3, -1.2, 2.0, 0.7, -0.4, 1.5}, X2 = {1, 0, 1, 1, 0, 0};

    @Test
    void studentTRegressionWithItsScaleAndDegreesOfFreedom() {
        double[] y = {1.1, -0.5, 3.2, 1.0, 0.2, 2.9};
        agrees("data x1, x2, y\nparam a, b1, b2\nparam σ > 0, ν > 1\ny ~ StudentT(ν, a + b1 * x1 + b2 * x2, σ)\n",
                new double[][] {X1, X2, y}, new double[] {0.2, 0.9, -0.3, Math.log(0.7), Math.log(3.5)});
    }

    @Test
    void negativeBinomialWithALogLinkAndAPriorOnTheDispersion() {
        double[] y = {2, 0, 7, 3, 1, 5};
        agrees("data x1, x2, y\nparam a, b1, b2\nparam φ > 0\ny ~ NegBinomial(exp(a + b1 * x1 + b2 * x2), φ)\nφ ~ Gamma(2, 1)\n",
                new double[][] {X1, X2, y}, new double[] {0.5, 0.4, 0.2, Math.log(2.0)});
    }
}
