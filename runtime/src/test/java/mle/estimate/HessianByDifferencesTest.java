package mle.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import mle.runtime.truffle.TruffleObjective;
import org.junit.jupiter.api.Test;

/** Above 200 parameters the Hessian comes from central differences of the exact gradient: it agrees with the exact one. */
class HessianByDifferencesTest {
    @Test
    void centralDifferencesOfTheExactGradientAgreeWithTheSymbolicHessian() {
        Objective o = Compiler.compile(new SourceFile("model.mle",
                "data x, y\nparam a, b\nparam σ > 0\ny ~ StudentT(4, a + b * exp(-0.3 * x), σ)\n"), Map.of()).objective();
        double[] x = {0.5, 1, 1.5, 2, 3, 4, 5, 6}, y = {2.9, 2.5, 2.3, 2.1, 1.6, 1.5, 1.2, 1.3};
        try (TruffleObjective f = new TruffleObjective(o, Objective.Mode.MLE, new double[][] {x, y}, x.length)) {
            double[] u = {1.1, 2.2, Math.log(0.3)};
            double[][] exact = new double[3][3], differences = new double[3][3];
            f.hessian(u, exact);
            GeneralSearch.hessianByDifferences(f, u, differences);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(exact[i][j], differences[i][j], 1e-6 * Math.max(1, Math.abs(exact[i][j])), "H[" + i + "][" + j + "]");
                }
            }
        }
    }
}
