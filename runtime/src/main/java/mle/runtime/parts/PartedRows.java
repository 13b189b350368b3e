package mle.runtime.parts;

import java.io.Serializable;
import java.util.List;
import mle.compiler.ir.Node;
import mle.compiler.ir.RowProgram;
import mle.compiler.ir.Rows;
import mle.compiler.ir.Schedule;
import mle.runtime.linear.DoubleDouble;
import mle.runtime.truffle.CompiledRowSums;

/**
 * Rows held in parts, such as a Spark DataFrame's partitions: each pass sends a small job to every part, where the
 * part's rows are, and combines the parts' answers. The expressions travel as {@link RowProgram}s; row sums run as
 * compiled code on each part ({@link CompiledRowSums}) in blocks of {@link Schedule#BLOCK_ROWS} rows, and the blocks'
 * and parts' sums are added in double-double, so the total hardly depends on how the rows are split (and not at all on
 * the order the parts come back in).
 */
public abstract class PartedRows implements Rows {
    /** One part: its rows' columns by the objective's column index, and the place of its first row in the table. */
    public record Part(int firstRow, int rows, double[][] columns) implements Serializable {}

    /** Work on one part, run where the part is. */
    public interface Job<R> extends Serializable {
        R run(Part part);
    }

    /** Two answers made one; associative, so the parts may be combined in any grouping. */
    public interface Combine<R> extends Serializable {
        R apply(R a, R b);
    }

    /** Every part's answer to the job, combined, starting from {@code zero} (which combining leaves unchanged). */
    public abstract <R extends Serializable> R aggregate(Job<R> job, R zero, Combine<R> combine);

    @Override
    public double[] sums(List<Node> rowSums, double[] params) {
        RowProgram program = RowProgram.of(rowSums, count());
        double[] point = params.clone();
        double[] pairs = aggregate(part -> partSums(program, point, part), new double[2 * rowSums.size()],
                DoubleDouble::addPairs);
        double[] out = new double[rowSums.size()];
        for (int i = 0; i < out.length; i++) out[i] = pairs[2 * i] + pairs[2 * i + 1];
        return out;
    }

    /** A part's sums as double-double pairs (hi, lo): its blocks' sums added in order. */
    private static double[] partSums(RowProgram program, double[] point, Part part) {
        double[][] blocks = CompiledRowSums.blockSums(program, point, part.columns(), part.rows());
        int m = blocks.length == 0 ? 0 : blocks[0].length;
        double[] pairs = new double[2 * program.rootCount()];
        DoubleDouble.Accumulator total = new DoubleDouble.Accumulator();
        for (int i = 0; i < m; i++) {
            total.set(0, 0);
            for (double[] block : blocks) total.add(block[i], 0);
            pairs[2 * i] = total.hi;
            pairs[2 * i + 1] = total.lo;
        }
        return pairs;
    }

    /** No row found: a row after every row, which any found row precedes. */
    private static final Found NONE = new Found(Integer.MAX_VALUE, new double[0]);

    @Override
    public Found first(List<Node> perRow, double[] params, Test test) {
        RowProgram program = RowProgram.of(perRow, count());
        double[] point = params.clone();
        Found found = aggregate(part -> {
            Found own = Rows.inMemory(part.columns(), part.rows()).first(program.rebuild(), point, test);
            return own == null ? NONE : new Found(part.firstRow() + own.row(), own.values());
        }, NONE, (a, b) -> b.row() < a.row() ? b : a);
        return found.row() == Integer.MAX_VALUE ? null : found;
    }

    @Override
    public double[][] ranges(List<Node> perRow, double[] params) {
        RowProgram program = RowProgram.of(perRow, count());
        double[] point = params.clone();
        double[][] none = new double[perRow.size()][];
        for (int i = 0; i < none.length; i++) none[i] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        return aggregate(part -> Rows.inMemory(part.columns(), part.rows()).ranges(program.rebuild(), point), none,
                PartedRows::widen);
    }

    private static double[][] widen(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = new double[] {Math.min(a[i][0], b[i][0]), Math.max(a[i][1], b[i][1])};
        return out;
    }
}
