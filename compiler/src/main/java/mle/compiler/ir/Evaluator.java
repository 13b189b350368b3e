package mle.compiler.ir;

/**
 * The plain reference evaluator: interprets a {@link Schedule} with doubles. Simple on purpose; it is the yardstick
 * that derivatives (against finite differences) and the runtime are checked against. It is also what checks the data
 * and evaluates outputs once over large tables, so each node's slots are looked up once, here, and not on every row.
 */
public final class Evaluator {
    private final Schedule schedule;
    private final Step[] before, perRow, after;
    private final int[] sumSlots, summandSlots, outputSlots;
    private static final int BLOCK = Schedule.BLOCK_ROWS;

    /** One node to compute, with its slot and its arguments' slots. */
    private record Step(Node node, int target, int[] args) {}

    public Evaluator(Schedule schedule) {
        this.schedule = schedule;
        this.before = steps(schedule.beforeLoop);
        this.perRow = steps(schedule.perRow);
        this.after = steps(schedule.afterLoop);
        this.sumSlots = schedule.rowSums.stream().mapToInt(schedule::slot).toArray();
        this.summandSlots = schedule.rowSums.stream().mapToInt(s -> schedule.slot(s.arg(0))).toArray();
        this.outputSlots = schedule.outputs.stream().mapToInt(schedule::slot).toArray();
    }

    private Step[] steps(java.util.List<Node> nodes) {
        return nodes.stream().map(n -> new Step(n, schedule.slot(n),
                n.args().stream().mapToInt(schedule::slot).toArray())).toArray(Step[]::new);
    }

    /**
     * @param params  the parameter values, by index
     * @param columns the data columns, by column index, each of length {@code rows}
     */
    public double[] evaluate(double[] params, double[][] columns, int rows) {
        double[] slot = beforeLoop(params, rows);
        double[] sums = new double[sumSlots.length];
        if (sums.length > 0) {
            // Blocks of rows on every core, their sums added in block order: the same bits whatever the number of cores.
            int blocks = (rows + BLOCK - 1) / BLOCK;
            double[][] partial = new double[blocks][];
            java.util.stream.IntStream stream = java.util.stream.IntStream.range(0, blocks);
            (blocks > 1 ? stream.parallel() : stream).forEach(b -> {
                double[] own = slot.clone(), part = new double[sumSlots.length];
                for (int r = b * BLOCK, end = Math.min(rows, r + BLOCK); r < end; r++) {
                    row(own, columns, r);
                    for (int s = 0; s < part.length; s++) part[s] += own[summandSlots[s]];
                }
                partial[b] = part;
            });
            for (double[] part : partial) for (int s = 0; s < sums.length; s++) sums[s] += part[s];
        }
        return finish(slot, sums);
    }

    /** The outputs over rows wherever they are ({@link Rows}): the row sums from there, the rest here. */
    public double[] evaluate(double[] params, Rows rows) {
        double[] slot = beforeLoop(params, rows.count());
        return finish(slot, schedule.rowSums.isEmpty() ? new double[0] : rows.sums(schedule.rowSums, params));
    }

    /** The nodes above the row sums, given the sums, and the outputs. */
    private double[] finish(double[] slot, double[] sums) {
        for (int s = 0; s < sums.length; s++) slot[sumSlots[s]] = sums[s];
        for (Step step : after) slot[step.target] = compute(step, slot);
        double[] out = new double[outputSlots.length];
        for (int i = 0; i < out.length; i++) out[i] = slot[outputSlots[i]];
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
        double[] values = new double[outputSlots.length];
        for (int r = 0; r < rows; r++) {
            row(slot, columns, r);
            for (int i = 0; i < values.length; i++) values[i] = slot[outputSlots[i]];
            if (!visitor.visit(r, values)) return;
        }
    }

    /**
     * The outputs on each row as if it were the only one (n = 1): a row's own share of sums over the rows. The same
     * numbers as {@link #evaluate(double[], double[][], int)} on that row alone, with the parameters and the
     * row-invariant nodes computed once, not once a row (a model of 10⁵ parameters has as many to load).
     */
    public void forEachRowAlone(double[] params, double[][] columns, int rows, RowVisitor visitor) {
        double[] slot = beforeLoop(params, 1);
        double[] sums = new double[sumSlots.length];
        for (int r = 0; r < rows; r++) {
            row(slot, columns, r);
            // As a sum over one row: 0 + x (so −0 becomes 0, as there).
            for (int s = 0; s < sums.length; s++) sums[s] = 0.0 + slot[summandSlots[s]];
            if (!visitor.visit(r, finish(slot, sums))) return;
        }
    }

    private void row(double[] slot, double[][] columns, int r) {
        for (Step step : perRow) slot[step.target] = step.node.op == Op.DATA ? columns[step.node.index][r] : compute(step, slot);
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
        for (Step step : before) slot[step.target] = compute(step, slot);
        return slot;
    }

    private static double compute(Step step, double[] slot) {
        Node n = step.node;
        int[] a = step.args;
        if (n.op == Op.DOT) {
            double total = 0;
            for (int k = 0; k < a.length / 2; k++) total += slot[a[k]] * slot[a[a.length / 2 + k]];
            return total;
        }
        // The common cases without a lambda; Functions.value for the rest (lookups, the special functions).
        if (n.op.arity == 1) return Functions.apply(n.op, n.index, slot[a[0]]);
        if (n.op.arity == 2 && !Functions.isSpecial(n.op)) return Functions.apply(n.op, slot[a[0]], slot[a[1]]);
        return Functions.value(n, k -> slot[a[k]]);
    }
}
