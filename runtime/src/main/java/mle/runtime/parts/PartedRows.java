package mle.runtime.parts;

import java.io.Serializable;
import java.util.List;
import mle.compiler.ir.Evaluator;
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
        Found found = aggregate(part -> firstInPart(program, point, test, part), NONE,
                (a, b) -> b.row() < a.row() ? b : a);
        return found.row() == Integer.MAX_VALUE ? null : found;
    }

    private static Found firstInPart(RowProgram program, double[] point, Test test, Part part) {
        Found[] found = {NONE};
        new Evaluator(new Schedule(program.rebuild())).forEachRow(point, part.columns(), part.rows(), (row, values) -> {
            if (test.accepts(values)) return true;
            found[0] = new Found(part.firstRow() + row, values.clone());
            return false;
        });
        return found[0];
    }

    @Override
    public double[][] ranges(List<Node> perRow, double[] params) {
        RowProgram program = RowProgram.of(perRow, count());
        double[] point = params.clone();
        int m = perRow.size();
        double[] none = new double[2 * m];
        for (int i = 0; i < m; i++) {
            none[2 * i] = Double.POSITIVE_INFINITY;
            none[2 * i + 1] = Double.NEGATIVE_INFINITY;
        }
        double[] minMax = aggregate(part -> rangesInPart(program, point, part), none, PartedRows::widen);
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) out[i] = new double[] {minMax[2 * i], minMax[2 * i + 1]};
        return out;
    }

    private static double[] rangesInPart(RowProgram program, double[] point, Part part) {
        double[] minMax = new double[2 * program.rootCount()];
        for (int i = 0; i < minMax.length; i += 2) {
            minMax[i] = Double.POSITIVE_INFINITY;
            minMax[i + 1] = Double.NEGATIVE_INFINITY;
        }
        new Evaluator(new Schedule(program.rebuild())).forEachRow(point, part.columns(), part.rows(), (row, values) -> {
            for (int i = 0; i < values.length; i++) {
                minMax[2 * i] = Math.min(minMax[2 * i], values[i]);
                minMax[2 * i + 1] = Math.max(minMax[2 * i + 1], values[i]);
            }
            return true;
        });
        return minMax;
    }

    private static double[] widen(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i += 2) {
            out[i] = Math.min(a[i], b[i]);
            out[i + 1] = Math.max(a[i + 1], b[i + 1]);
        }
        return out;
    }
}
