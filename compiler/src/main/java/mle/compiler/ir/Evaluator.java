package mle.compiler.ir;

/**
 * The plain reference evaluator: interprets a {@link Schedule} with doubles. Slow and simple on purpose;
 * it is the yardstick that derivatives (against finite differences) and the runtime are checked against.
 */
public final class Evaluator {
    private final Schedule schedule;

    public Evaluator(Schedule schedule) { this.schedule = schedule; }

    /**
     * @param params  the parameter values, by index
     * @param columns the data columns, by column index, each of length {@code rows}
     */
    public double[] evaluate(double[] params, double[][] columns, int rows) {
        double[] slot = beforeLoop(params, rows);
        double[] sums = new double[schedule.rowSums.size()];
        for (int r = 0; r < rows; r++) {
            for (Node n : schedule.perRow) {
                slot[schedule.slot(n)] = n.op == Op.DATA ? columns[n.index][r] : compute(n, slot);
            }
            for (int s = 0; s < sums.length; s++) sums[s] += slot[schedule.slot(schedule.rowSums.get(s).arg(0))];
        }
        for (int s = 0; s < sums.length; s++) slot[schedule.slot(schedule.rowSums.get(s))] = sums[s];
        for (Node n : schedule.afterLoop) slot[schedule.slot(n)] = compute(n, slot);
        double[] out = new double[schedule.outputs.size()];
        for (int i = 0; i < out.length; i++) out[i] = slot[schedule.slot(schedule.outputs.get(i))];
        return out;
    }

    /** Receives the values of the schedule's outputs for one row. */
    public interface RowVisitor {
        /** @return false to stop early */
        boolean visit(int row, double[] values);
    }

    /**
     * Evaluates the outputs row by row, without summing: for checks of the data. The outputs must not
     * contain row sums.
     */
    public void forEachRow(double[] params, double[][] columns, int rows, RowVisitor visitor) {
        if (!schedule.rowSums.isEmpty()) throw new IllegalArgumentException("forEachRow takes per-row expressions only");
        double[] slot = beforeLoop(params, rows);
        double[] values = new double[schedule.outputs.size()];
        for (int r = 0; r < rows; r++) {
            for (Node n : schedule.perRow) {
                slot[schedule.slot(n)] = n.op == Op.DATA ? columns[n.index][r] : compute(n, slot);
            }
            for (int i = 0; i < values.length; i++) values[i] = slot[schedule.slot(schedule.outputs.get(i))];
            if (!visitor.visit(r, values)) return;
        }
    }

    /** The slots with the leaves filled in (data excepted: they are read per row) and the row-invariant nodes computed. */
    private double[] beforeLoop(double[] params, int rows) {
        double[] slot = new double[schedule.slotCount()];
        for (Node leaf : schedule.leaves) {
            slot[schedule.slot(leaf)] = switch (leaf.op) {
                case CONST -> leaf.value;
                case PARAM -> params[leaf.index];
                case ROWS -> rows;
                default -> 0;
            };
        }
        for (Node n : schedule.beforeLoop) slot[schedule.slot(n)] = compute(n, slot);
        return slot;
    }

    private double compute(Node n, double[] slot) {
        if (n.op == Op.DOT) {
            double total = 0;
            for (int k = 0; k < n.dotLength(); k++) total += slot[schedule.slot(n.dotColumn(k))] * slot[schedule.slot(n.dotWeight(k))];
            return total;
        }
        return Functions.value(n, k -> slot[schedule.slot(n.arg(k))]);
    }
}
