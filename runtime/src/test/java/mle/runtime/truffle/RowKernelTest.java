package mle.runtime.truffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import mle.compiler.eval.ObjectiveNodes;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.runtime.truffle.nodes.RowKernel;
import org.junit.jupiter.api.Test;

/**
 * A large pass of plain arithmetic runs its rows as bytecode ({@link RowKernel}): the value, gradient and Hessian are
 * the reference evaluator's to the bit, for a model that uses every operation the bytecode covers. A loop that calls
 * a function, a loop too long for C2 and a short pass stay Truffle nodes.
 */
class RowKernelTest {
    /** Every arithmetic operation: +, −, ×, ÷, negation, abs and its sign, sqrt, the powers 2 and 3, a DOT (16 columns or more). */
    private static final String ARITHMETIC = """
            model Arithmetic
            data X[16], z, w, y
            param a, c
            param β[16]
            param σ > 0
            y ~ Normal(a + dot(X, β) - c * z^2 / (1 + abs(-(z * w))) + z^3 / 7 - sqrt(abs(w)) + 1 / (2 + w^2), σ)
            z ~ Laplace(c * w, σ)
            """;

    private static final String WITH_A_FUNCTION = """
            model Counts
            data x, k
            param a, b
            k ~ Poisson(exp(a + b * x))
            """;

    @Test
    void aLargeArithmeticPassIsTheReferenceToTheBit() {
        Objective o = TestModels.compile("arithmetic.mle", ARITHMETIC);
        int rows = 3 * Schedule.BLOCK_ROWS + 17;
        double[][] columns = data(o.columns().size(), rows, 11);
        assertNotNull(kernelOf(o, columns, rows), "the loop is plain arithmetic: written as bytecode");
        int k = o.params().size();
        double[] u = new double[k];
        for (int i = 0; i < k; i++) u[i] = 0.3 - 0.1 * i;
        double[] gradient = new double[k];
        double[][] hessian = new double[k][k];
        double value;
        try (TruffleObjective f = new TruffleObjective(o, Objective.Mode.MLE, columns, rows)) {
            value = f.valueAndGradient(u, gradient);
            f.hessian(u, hessian);
        }
        ReferenceObjective.Evaluation expected = new ReferenceObjective(o, Objective.Mode.MLE, Space.UNCONSTRAINED)
                .evaluate(u, columns, rows);
        assertEquals(expected.value(), value, 0.0, "f");
        for (int i = 0; i < k; i++) {
            assertEquals(expected.gradient()[i], gradient[i], 0.0, "∂" + i);
            for (int j = 0; j < k; j++) assertEquals(expected.hessian()[i][j], hessian[i][j], 0.0, "∂²" + i + "," + j);
        }
    }

    @Test
    void theLoopCoversEveryArithmeticOperation() {
        Objective o = TestModels.compile("arithmetic.mle", ARITHMETIC);
        java.util.Set<Op> ops = java.util.EnumSet.noneOf(Op.class);
        java.util.Set<Double> exponents = new java.util.HashSet<>();
        Schedule s = new Schedule(ObjectiveNodes.of(o, Objective.Mode.MLE, Space.UNCONSTRAINED).hessianUpper());
        for (Node n : s.perRow) {
            ops.add(n.op);
            if (n.op == Op.POW) exponents.add(n.arg(1).value);
        }
        assertTrue(ops.containsAll(java.util.EnumSet.of(Op.DATA, Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.NEG, Op.ABS, Op.SIGN, Op.DOT, Op.POW)),
                "the test model's rows use " + ops);
        assertTrue(exponents.contains(2.0) && exponents.contains(3.0), "powers used: " + exponents);
    }

    @Test
    void aFunctionOrAShortPassStaysTruffleNodes() {
        Objective counts = TestModels.compile("counts.mle", WITH_A_FUNCTION);
        int rows = 2 * Schedule.BLOCK_ROWS;
        assertNull(kernelOf(counts, data(2, rows, 3), rows), "exp is not vectorized: Graal's code is as fast");
        Objective power = TestModels.compile("power.mle", "data x, y\nparam a, p\nparam σ > 0\ny ~ Normal(a * x^p, σ)\n");
        assertNull(kernelOf(power, data(3, rows, 3), rows), "a power whose exponent is a parameter calls Math.pow");
        Objective arithmetic = TestModels.compile("arithmetic.mle", ARITHMETIC);
        assertNull(kernelOf(arithmetic, data(arithmetic.columns().size(), 1000, 3), 1000), "a short pass");
    }

    @Test
    void aLoopTooLongForC2StaysTruffleNodes() {
        // Terms cᵢ·xᵢ² (not a DOT: the columns are squared): 30 make a short loop, 300 well over the 8,000 bytes C2
        // compiles.
        int rows = Schedule.BLOCK_ROWS + 1;
        Objective short_ = squares(30), long_ = squares(300);
        assertNotNull(kernelOf(short_, data(short_.columns().size(), rows, 5), rows));
        assertNull(kernelOf(long_, data(long_.columns().size(), rows, 5), rows));
    }

    @Test
    void aHessianOfTensOfThousandsOfSumsStaysTruffleNodes() {
        // Σ xⱼxₖ/(1 + c·z)² for every pair of 300 columns: 45,150 row sums, more than a method's locals could hold.
        Objective o = TestModels.compile("ratio.mle",
                "data X[300], z, y\nparam β[300]\nparam c > 0\nparam σ > 0\ny ~ Normal(dot(X, β) / (1 + c * z), σ)\n");
        int rows = Schedule.BLOCK_ROWS + 1;
        double[][] columns = data(o.columns().size(), rows, 7);
        Schedule s = new Schedule(ObjectiveNodes.of(o, Objective.Mode.MLE, Space.UNCONSTRAINED).hessianUpper());
        Map<Node, Double> known = DataSums.of(s.rowSums, columns, rows);
        List<Node> sums = s.rowSums.stream().filter(n -> !known.containsKey(n)).toList();
        assertTrue(sums.size() > 40_000, sums.size() + " row sums");
        assertNull(RowKernel.forLoop(s.perRow, sums, known, columns, rows));
    }

    private static Objective squares(int terms) {
        StringBuilder text = new StringBuilder("model Squares\ndata x[" + terms + "], y\nparam c[" + terms + "]\nparam σ > 0\ny ~ Normal(");
        for (int i = 1; i <= terms; i++) text.append(i > 1 ? " + " : "").append("c[").append(i).append("] * x[").append(i).append("]^2");
        return TestModels.compile("squares.mle", text.append(", σ)\n").toString());
    }

    private static RowKernel kernelOf(Objective o, double[][] columns, int rows) {
        Schedule s = new Schedule(ObjectiveNodes.of(o, Objective.Mode.MLE, Space.UNCONSTRAINED).valueAndGradient);
        Map<Node, Double> known = DataSums.of(s.rowSums, columns, rows);
        return RowKernel.forLoop(s.perRow, s.rowSums.stream().filter(n -> !known.containsKey(n)).toList(), known,
                columns, rows);
    }

    private static double[][] data(int count, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] columns = new double[count][rows];
        for (double[] column : columns) for (int r = 0; r < rows; r++) column[r] = random.nextInt(9) + random.nextGaussian();
        return columns;
    }
}
