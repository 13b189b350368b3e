package mle.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

class UnconstrainedTest {
    @Test
    void theModelSpaceHessianIsRecoveredExactlyAwayFromTheOptimum() {
        Objective o = Compiler.compile(new SourceFile("m.mle", """
                data y
                param μ
                param σ > 0
                param p in (0, 1)
                param h < 3
                y ~ Normal(μ + p - h, σ)
                """), Map.of()).objective();
        double[][] data = {{0.3, 1.7, -0.4, 2.2}};
        double[] u = {0.4, -0.3, 0.8, 0.1};
        double[] theta = new double[4];
        for (Objective.Parameter p : o.params()) theta[p.index()] = Unconstrained.transform(p, u[p.index()])[0];
        ReferenceObjective.Evaluation inU = new ReferenceObjective(o, Objective.Mode.MLE, ReferenceObjective.Space.UNCONSTRAINED)
                .evaluate(u, data, 4);
        ReferenceObjective.Evaluation inTheta = new ReferenceObjective(o, Objective.Mode.MLE, ReferenceObjective.Space.MODEL)
                .evaluate(theta, data, 4);
        double[][] h = Unconstrained.hessianInModelSpace(o.params(), u, inU.gradient(), inU.hessian());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(inTheta.hessian()[i][j], h[i][j], 1e-9 * (1 + Math.abs(inTheta.hessian()[i][j])), "H[" + i + "][" + j + "]");
            }
        }
        for (Objective.Parameter p : o.params()) {
            assertEquals(u[p.index()], Unconstrained.toUnconstrained(p, theta[p.index()]), 1e-12, "round trip of " + p.name());
        }
        assertEquals(List.of("μ", "log(σ)", "logit(p)", "log(3 − h)"), o.params().stream().map(Unconstrained::name).toList());
    }
}
