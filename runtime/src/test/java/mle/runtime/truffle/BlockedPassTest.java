package mle.runtime.truffle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Schedule;
import org.graalvm.polyglot.Context;
import org.junit.jupiter.api.Test;

/**
 * A pass over more rows than a block runs in blocks, on every core: the value, gradient and Hessian are the same bits
 * as the blocks taken one after another on one thread (whatever the number of cores), and agree with the reference
 * evaluator, which sums the same blocks.
 */
class BlockedPassTest {
    private static final String MODEL = """
            model Counts
            data x, k
            param a, b
            param φ > 0
            k ~ NegBinomial(exp(a + b * x), φ)
            """;

    @Test
    void blocksOnEveryCoreGiveTheBitsOfBlocksInTurnAndTheReferences() {
        Objective o = TestModels.compile("counts.mle", MODEL);
        int rows = 5 * Schedule.BLOCK_ROWS + 123;
        SplittableRandom random = new SplittableRandom(4);
        double[][] columns = new double[2][rows];
        int x = o.columns().get(0).name().equals("x") ? 0 : 1;
        for (int r = 0; r < rows; r++) {
            columns[x][r] = random.nextDouble() * 2 - 1;
            columns[1 - x][r] = random.nextInt(12);
        }
        double[] u = {0.8, 0.4, 0.3};
        double[] parallelGradient = new double[3], inTurnGradient = new double[3];
        double[][] parallelHessian = new double[3][3], inTurnHessian = new double[3][3];
        double parallelValue, inTurnValue;
        try (TruffleObjective f = new TruffleObjective(o, Objective.Mode.MLE, columns, rows)) {
            parallelValue = f.valueAndGradient(u, parallelGradient);
            f.hessian(u, parallelHessian);
        }
        try (Context context = Context.newBuilder(MleLanguage.ID).engine(MleEngine.shared()).build()) {
            context.initialize(MleLanguage.ID);
            context.enter();
            try {
                ObjectiveCode code = ObjectiveCode.build(MleLanguage.get(null), o, Objective.Mode.MLE, Space.UNCONSTRAINED,
                        columns, rows, ObjectiveCode.Blocks.IN_TURN);
                inTurnValue = code.valueAndGradient(u, inTurnGradient);
                code.hessian(u, inTurnHessian);
            } finally {
                context.leave();
            }
        }
        assertEquals(inTurnValue, parallelValue, 0.0, "the same bits");
        for (int i = 0; i < 3; i++) {
            assertEquals(inTurnGradient[i], parallelGradient[i], 0.0, "∂" + i);
            for (int j = 0; j < 3; j++) assertEquals(inTurnHessian[i][j], parallelHessian[i][j], 0.0, "∂²" + i + "," + j);
        }
        ReferenceObjective reference = new ReferenceObjective(o, Objective.Mode.MLE, Space.UNCONSTRAINED);
        ReferenceObjective.Evaluation expected = reference.evaluate(u, columns, rows);
        assertEquals(expected.value(), parallelValue, 1e-13 * Math.abs(expected.value()));
        for (int i = 0; i < 3; i++) {
            assertEquals(expected.gradient()[i], parallelGradient[i], 1e-12 * Math.abs(expected.value()) / rows + 1e-12 * Math.abs(expected.gradient()[i]));
            for (int j = 0; j < 3; j++) {
                assertEquals(expected.hessian()[i][j], parallelHessian[i][j], 1e-12 * Math.abs(expected.hessian()[i][j]) + 1e-9);
            }
        }
    }
}
