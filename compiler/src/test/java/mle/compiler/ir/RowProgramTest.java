package mle.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Row expressions sent as data and rebuilt where the rows are compute what the sender built. */
class RowProgramTest {
    private final IrBuilder b = new IrBuilder();
    private final Node x = b.data(0), y = b.data(1), mu = b.param(0), sigma = b.param(1);
    // A Gaussian NLL's row sums with its gradient, a special function and n inside a row's expression.
    private final Node residual = b.sub(y, b.add(mu, b.mul(sigma, x)));
    private final List<Node> sums = List.of(
            b.rowSum(b.square(residual)),
            b.rowSum(b.mul(x, residual)),
            b.rowSum(b.apply(Op.LGAMMA, b.add(b.square(x), b.one))),
            b.rowSum(b.mul(b.div(x, b.rows), b.exp(b.mul(mu, y)))));

    private static final double[][] COLUMNS = {{0.5, -1.25, 2, 3.5, 0.125}, {1, 2.5, -0.75, 4, 2}};
    private static final double[] POINT = {0.3, -1.7};

    @Test
    void rebuiltSumsEqualTheOriginalsToTheBit() throws Exception {
        RowProgram program = RowProgram.of(sums, COLUMNS[0].length);
        RowProgram travelled = travel(program);
        assertEquals(program.key(), travelled.key());
        double[] expected = new Evaluator(new Schedule(sums)).evaluate(POINT, COLUMNS, COLUMNS[0].length);
        double[] rebuilt = new Evaluator(new Schedule(travelled.rebuild())).evaluate(POINT, COLUMNS, COLUMNS[0].length);
        assertArrayEquals(expected, rebuilt, 0.0);
    }

    @Test
    void theRowCountTravelsAsAConstantSoAPartUsesTheWholeTablesN() {
        // Rows 0..2 of the 5 alone, with n still 5: the part's share of the whole table's sum.
        RowProgram program = RowProgram.of(List.of(sums.get(3)), 5);
        double[][] firstThree = {java.util.Arrays.copyOf(COLUMNS[0], 3), java.util.Arrays.copyOf(COLUMNS[1], 3)};
        double share = new Evaluator(new Schedule(program.rebuild())).evaluate(POINT, firstThree, 3)[0];
        double byHand = 0;
        for (int r = 0; r < 3; r++) byHand += COLUMNS[0][r] / 5 * Math.exp(POINT[0] * COLUMNS[1][r]);
        assertEquals(byHand, share, 1e-15);
    }

    @Test
    void differentProgramsHaveDifferentKeys() {
        assertNotEquals(RowProgram.of(sums, 5).key(), RowProgram.of(sums, 6).key());
        assertNotEquals(RowProgram.of(sums.subList(0, 2), 5).key(), RowProgram.of(sums.subList(1, 3), 5).key());
    }

    @Test
    void inMemoryRowsAnswerTheThreeReductions() {
        Rows rows = Rows.inMemory(COLUMNS, 5);
        assertEquals(COLUMNS[0][0] + COLUMNS[0][1] + COLUMNS[0][2] + COLUMNS[0][3] + COLUMNS[0][4],
                rows.sums(List.of(b.rowSum(x)), new double[0])[0], 0.0);
        Rows.Found found = rows.first(List.of(y), new double[0], v -> v[0] >= 0);
        assertEquals(2, found.row());
        assertEquals(-0.75, found.values()[0]);
        assertArrayEquals(new double[] {-1.25, 3.5}, rows.ranges(List.of(x), new double[0])[0]);
    }

    private static RowProgram travel(RowProgram p) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (RowProgram) in.readObject();
        }
    }
}
