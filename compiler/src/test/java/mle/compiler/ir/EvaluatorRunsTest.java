package mle.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's passes over many rows compute each node for a run of rows at a time; a row alone
 * ({@link Evaluator#forEachRowAlone}) goes node by node through the plain path. Both must give the same bits on every
 * row, for every kind of node, and the sums must be those of the plain values added in block order.
 */
class EvaluatorRunsTest {
    private static final int K = 3, COLUMNS = 20;
    private final IrBuilder b = new IrBuilder();
    private final Node g = b.data(0), x = b.data(1), y = b.data(2);
    private final int rows = 2 * Schedule.BLOCK_ROWS + 777;   // several blocks, on several cores, and a run cut short
    private final double[][] columns = new double[3 + COLUMNS][rows];
    private final double[] params = new double[K + 2 + COLUMNS];

    EvaluatorRunsTest() {
        java.util.Random random = new java.util.Random(20);
        double[] indexes = {1, 2, 3, 0, K + 1, 2.5, Double.NaN, -0.0, -1, 1e300};
        double[] odd = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, -1e300, 1e-320};
        for (int r = 0; r < rows; r++) {
            columns[0][r] = r % 7 == 0 ? indexes[random.nextInt(indexes.length)] : 1 + random.nextInt(K);
            columns[1][r] = r % 11 == 0 ? odd[random.nextInt(odd.length)] : random.nextGaussian();
            columns[2][r] = r % 13 == 0 ? odd[random.nextInt(odd.length)] : 3 * random.nextGaussian();
            for (int c = 3; c < columns.length; c++) columns[c][r] = random.nextGaussian();
        }
        for (int i = 0; i < params.length; i++) params[i] = random.nextGaussian();
        params[K + 1] = 0.75;   // σ
    }

    /** Per-row nodes of every kind the evaluator tells apart: data, DOT, SELECT of row-invariant and of per-row elements, unary, arithmetic, special. */
    private List<Node> perRowNodes() {
        List<Node> effects = new ArrayList<>(), xs = new ArrayList<>(), betas = new ArrayList<>();
        for (int k = 0; k < K; k++) effects.add(b.param(k));
        for (int c = 0; c < COLUMNS; c++) {
            xs.add(b.data(3 + c));
            betas.add(b.param(K + 2 + c));
        }
        Node dot = b.dot(xs, betas);
        Node slope = b.param(K), sigma = b.param(K + 1);
        Node mean = b.add(b.add(b.select(g, effects), b.mul(slope, x)), dot);
        Node residual = b.div(b.sub(y, mean), sigma);
        return List.of(g, x, dot, b.select(g, effects), b.select(g, List.of(x, y, b.mul(x, y))), b.square(residual),
                b.exp(b.neg(b.apply(Op.ABS, x))), b.log(y), b.pow(b.apply(Op.ABS, x), sigma), b.binary(Op.LOG_SUM_EXP, x, y),
                b.binary(Op.ATAN2, y, x), b.lgammaDiff(b.add(b.apply(Op.ABS, y), b.one), sigma), b.mul(b.zero, x), b.neg(x));
    }

    @Test
    void eachRowHasTheValuesOfThePlainPath() {
        List<Node> outputs = perRowNodes();
        Evaluator evaluator = new Evaluator(new Schedule(outputs));
        double[][] runs = new double[rows][], alone = new double[rows][];
        evaluator.forEachRow(params, columns, rows, (r, v) -> {
            runs[r] = v.clone();
            return true;
        });
        evaluator.forEachRowAlone(params, columns, rows, (r, v) -> {
            alone[r] = v.clone();
            return true;
        });
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outputs.size(); o++) {
                int row = r, output = o;
                assertEquals(Double.doubleToLongBits(alone[r][o]), Double.doubleToLongBits(runs[r][o]),
                        () -> "row " + row + ", " + IrPrinter.inline(outputs.get(output)) + ": " + alone[row][output] + " alone, " + runs[row][output] + " in a run");
            }
        }
    }

    @Test
    void sumsAreThePlainValuesAddedInBlockOrder() {
        List<Node> summands = perRowNodes();
        List<Node> sums = summands.stream().map(n -> b.rowSum(n)).toList();
        double[] expected = new double[summands.size()];
        Evaluator plain = new Evaluator(new Schedule(summands));
        double[][] blockSums = new double[(rows + Schedule.BLOCK_ROWS - 1) / Schedule.BLOCK_ROWS][summands.size()];
        plain.forEachRowAlone(params, columns, rows, (r, v) -> {
            for (int o = 0; o < v.length; o++) blockSums[r / Schedule.BLOCK_ROWS][o] += v[o];
            return true;
        });
        for (double[] block : blockSums) for (int o = 0; o < expected.length; o++) expected[o] += block[o];
        // Each row sum alone: rowSum takes sums apart (Σ(a + b) = Σa + Σb), so compare the ROW_SUM nodes themselves.
        Schedule schedule = new Schedule(sums);
        double[] actual = new Evaluator(schedule).evaluate(params, columns, rows);
        for (int o = 0; o < summands.size(); o++) {
            if (sums.get(o).op != Op.ROW_SUM) continue;
            assertEquals(Double.doubleToLongBits(expected[o]), Double.doubleToLongBits(actual[o]), IrPrinter.inline(summands.get(o)));
        }
        // and in memory through Rows: the same pass
        assertEquals(List.of(java.util.Arrays.stream(actual).boxed().toArray()),
                List.of(java.util.Arrays.stream(new Evaluator(schedule).evaluate(params, Rows.inMemory(columns, rows))).boxed().toArray()));
    }

    @Test
    void aLookupPicksItsElementAndIsNotANumberOutsideOneToK() {
        List<Node> effects = List.of(b.param(0), b.param(1), b.param(2));
        double[] a = {10, 20, 30};
        double[] index = {1, 3, 0, 4, 2.5, Double.NaN, -0.0, 2, Double.POSITIVE_INFINITY};
        double[] expected = {10, 30, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 20, Double.NaN};
        List<Double> values = new ArrayList<>();
        new Evaluator(new Schedule(List.of(b.select(g, effects)))).forEachRow(a, new double[][] {index}, index.length, (r, v) -> values.add(v[0]));
        for (int r = 0; r < index.length; r++) assertEquals(expected[r], values.get(r), "index " + index[r]);
        // 10 + 30 + 20: the rows outside 1..K make the sum NaN, as a row sum of their values must
        double[] sum = new Evaluator(new Schedule(List.of(b.rowSum(b.select(g, effects))))).evaluate(a, new double[][] {index}, index.length);
        assertTrue(Double.isNaN(sum[0]));
        double[] inRange = {1, 3, 2};
        assertEquals(60.0, new Evaluator(new Schedule(List.of(b.rowSum(b.select(g, effects))))).evaluate(a, new double[][] {inRange}, 3)[0]);
    }

    @Test
    void aScheduleTakesNodesOfTwoBuildersWhoseIdsAreEqual() {
        IrBuilder other = new IrBuilder();
        Node mine = b.add(b.param(0), b.data(0)), theirs = other.mul(other.param(1), other.data(0));
        Schedule schedule = new Schedule(List.of(mine, theirs));
        assertEquals(6, schedule.slotCount(), "three nodes each, told apart though their ids repeat");
        List<double[]> values = new ArrayList<>();
        new Evaluator(schedule).forEachRow(new double[] {2, 5}, new double[][] {{1, -3}}, 2, (r, v) -> values.add(v.clone()));
        assertEquals(List.of(3.0, 5.0, -1.0, -15.0), List.of(values.get(0)[0], values.get(0)[1], values.get(1)[0], values.get(1)[1]));
    }
}
