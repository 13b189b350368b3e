package mle.compiler.ir;

import java.io.Serializable;
import java.util.List;

/**
 * The rows of a data set, wherever they are: in memory ({@link #inMemory}), or in parts on other machines (a Spark
 * DataFrame). Everything a fit needs from the data is one of three passes over the rows, each a reduction that can run
 * where the rows are and send back a few numbers: the sums of some row sums, the first row that fails a test, and the
 * smallest and largest value of some per-row expressions.
 */
public interface Rows {
    /** The number of rows. */
    int count();

    /** The value of each {@link Op#ROW_SUM} node at the parameters, in order. */
    double[] sums(List<Node> rowSums, double[] params);

    /** The first row whose values of the per-row outputs the test rejects, or null when it accepts every row. */
    Found first(List<Node> perRow, double[] params, Test test);

    /** The smallest and largest value over the rows of each per-row output: {min, max} for each. */
    double[][] ranges(List<Node> perRow, double[] params);

    /** A row (0-based, in the order of the data) and its values of the outputs. */
    record Found(int row, double[] values) implements Serializable {}

    /** A test of one row's values; serializable, so that it can travel to where the rows are. */
    interface Test extends Serializable {
        boolean accepts(double[] values);
    }

    /** Columns in memory, by the objective's column index, each at least {@code rows} long. */
    static Rows inMemory(double[][] columns, int rows) { return new InMemory(columns, rows); }

    /** Columns in memory, by the objective's column index, each at least {@code count} long. */
    record InMemory(double[][] columns, int count) implements Rows {
        @Override
        public double[] sums(List<Node> rowSums, double[] params) {
            return new Evaluator(new Schedule(rowSums)).evaluate(params, columns, count);
        }

        @Override
        public Found first(List<Node> perRow, double[] params, Test test) {
            Found[] found = new Found[1];
            new Evaluator(new Schedule(perRow)).forEachRow(params, columns, count, (row, values) -> {
                if (test.accepts(values)) return true;
                found[0] = new Found(row, values.clone());
                return false;
            });
            return found[0];
        }

        @Override
        public double[][] ranges(List<Node> perRow, double[] params) {
            double[][] range = new double[perRow.size()][];
            for (int i = 0; i < range.length; i++) range[i] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            new Evaluator(new Schedule(perRow)).forEachRow(params, columns, count, (row, values) -> {
                for (int i = 0; i < values.length; i++) {
                    range[i][0] = Math.min(range[i][0], values[i]);
                    range[i][1] = Math.max(range[i][1], values[i]);
                }
                return true;
            });
            return range;
        }
    }
}
