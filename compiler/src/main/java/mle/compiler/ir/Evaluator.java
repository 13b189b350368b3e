package mle.compiler.ir;

/**
 * The plain reference evaluator: interprets a {@link Schedule} with doubles. Simple on purpose; it is the yardstick
 * that derivatives (against finite differences) and the runtime are checked against. It is also what checks the data
 * and evaluates outputs once over large tables, so each node's slots are looked up once, here, and not on every row,
 * and a pass over many rows computes each node for a run of rows at a time ({@link Run}): the same operations on the
 * same numbers, row by row, so the same bits as one row at a time.
 */
public final class Evaluator {
    private final Schedule schedule;
    private final Step[] before, perRow, after;
    private final int[] sumSlots, summandSlots, outputSlots, leafSlots;
    /** Each slot's place among the per-row nodes, −1 for the row-invariant ones. */
    private final int[] perRowPlace;
    /** By place among the per-row nodes: a SELECT whose elements are all row-invariant (a vector of group effects). */
    private final boolean[] invariantElements;
    private static final int BLOCK = Schedule.BLOCK_ROWS;
    /** The per-row values a {@link Run} holds at most: a few hundred rows of a small model, fewer of a large one. */
    private static final int RUN_VALUES = 1 << 16;

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
        this.leafSlots = schedule.leaves.stream().mapToInt(schedule::slot).toArray();
        this.perRowPlace = new int[schedule.slotCount()];
        java.util.Arrays.fill(perRowPlace, -1);
        for (int j = 0; j < perRow.length; j++) perRowPlace[perRow[j].target] = j;
        this.invariantElements = new boolean[perRow.length];
        for (int j = 0; j < perRow.length; j++) {
            if (perRow[j].node.op != Op.SELECT) continue;
            boolean invariant = true;
            for (int k = 1; k < perRow[j].args.length; k++) invariant &= perRowPlace[perRow[j].args[k]] < 0;
            invariantElements[j] = invariant;
        }
    }

    private Step[] steps(java.util.List<Node> nodes) {
        Step[] steps = new Step[nodes.size()];
        for (int i = 0; i < steps.length; i++) {
            Node n = nodes.get(i);
            int[] args = new int[n.arity()];
            for (int k = 0; k < args.length; k++) args[k] = schedule.slot(n.arg(k));
            steps[i] = new Step(n, schedule.slot(n), args);
        }
        return steps;
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
            // Each task takes a run of blocks, and each block its rows in runs; the sums add the rows in order.
            int blocks = (rows + BLOCK - 1) / BLOCK;
            int tasks = Math.min(blocks, 4 * java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
            double[][] elements = gathered(slot);
            double[][] partial = new double[blocks][];
            java.util.stream.IntStream stream = java.util.stream.IntStream.range(0, tasks);
            (tasks > 1 ? stream.parallel() : stream).forEach(t -> {
                Run run = new Run(slot, elements);
                for (int b = (int) ((long) t * blocks / tasks), last = (int) ((long) (t + 1) * blocks / tasks); b < last; b++) {
                    double[] part = new double[sumSlots.length];
                    for (int r = b * BLOCK, end = Math.min(rows, r + BLOCK); r < end; r += run.length) {
                        int count = Math.min(run.length, end - r);
                        run.compute(columns, r, count);
                        for (int s = 0; s < part.length; s++) {
                            double total = part[s];
                            double[] summand = run.values(summandSlots[s]);
                            if (summand != null) for (int i = 0; i < count; i++) total += summand[i];
                            else for (int i = 0; i < count; i++) total += slot[summandSlots[s]];
                            part[s] = total;
                        }
                    }
                    partial[b] = part;
                }
            });
            for (double[] part : partial) for (int s = 0; s < sums.length; s++) sums[s] += part[s];
        }
        return finish(slot, sums);
    }

    /** The outputs over rows wherever they are ({@link Rows}): the row sums from there, the rest here. */
    public double[] evaluate(double[] params, Rows rows) {
        // Rows in memory: the row sums in this one pass, not in a schedule of their own (the same numbers).
        if (rows instanceof Rows.InMemory memory) return evaluate(params, memory.columns(), memory.count());
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
        Run run = new Run(slot, gathered(slot));
        // Each output's values at a run's rows: the run's own array, or a row-invariant value repeated.
        double[][] outputs = new double[outputSlots.length][];
        for (int o = 0; o < outputs.length; o++) {
            outputs[o] = run.values(outputSlots[o]);
            if (outputs[o] != null) continue;
            outputs[o] = new double[run.length];
            java.util.Arrays.fill(outputs[o], slot[outputSlots[o]]);
        }
        for (int r = 0; r < rows; r += run.length) {
            int count = Math.min(run.length, rows - r);
            run.compute(columns, r, count);
            for (int i = 0; i < count; i++) {
                for (int o = 0; o < values.length; o++) values[o] = outputs[o][i];
                if (!visitor.visit(r + i, values)) return;
            }
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
        for (int i = 0; i < leafSlots.length; i++) {
            Node leaf = schedule.leaves.get(i);
            slot[leafSlots[i]] = switch (leaf.op) {
                case CONST -> leaf.value;
                case PARAM -> params[leaf.index];
                case ROWS -> rows;
                default -> 0;
            };
        }
        for (Step step : before) slot[step.target] = compute(step, slot);
        return slot;
    }

    /**
     * For each SELECT among the per-row nodes whose elements are row-invariant (a vector of group effects), their values
     * in order, gathered once a pass: each row then reads one array where it would read an argument's slot through its
     * place, two lookups far apart in 10⁵.
     */
    private double[][] gathered(double[] slot) {
        double[][] out = new double[perRow.length][];
        for (int j = 0; j < perRow.length; j++) {
            if (!invariantElements[j]) continue;
            int[] a = perRow[j].args;
            out[j] = new double[a.length - 1];
            for (int k = 0; k < out[j].length; k++) out[j][k] = slot[a[k + 1]];
        }
        return out;
    }

    /**
     * The per-row nodes over a run of consecutive rows, node by node: each node's operation is chosen once for the run,
     * and each row's value is what {@link #compute} gives for that row. The row-invariant values are read from the
     * slots, which a run never writes (so runs on several cores share them).
     */
    private final class Run {
        final int length;
        private final double[] slot;
        /** Each per-row node's values at the run's rows, by its place among them. */
        private final double[][] values;
        /** {@link #gathered} for the pass. */
        private final double[][] elements;
        /** Room for a row-invariant argument repeated for each row of the run. */
        private final double[] roomX, roomY;

        Run(double[] slot, double[][] elements) {
            this.slot = slot;
            this.elements = elements;
            this.length = Math.max(1, Math.min(256, RUN_VALUES / Math.max(1, perRow.length)));
            this.values = new double[perRow.length][length];
            this.roomX = new double[length];
            this.roomY = new double[length];
        }

        /** The values of the node in {@code s} at the first {@code count} rows of the run, in {@code room} if it is row-invariant. */
        private double[] operand(int s, int count, double[] room) {
            double[] v = values(s);
            if (v != null) return v;
            java.util.Arrays.fill(room, 0, count, slot[s]);
            return room;
        }

        /** The values of the node in {@code s} at the run's rows; null for a row-invariant node (in the slots). */
        double[] values(int s) { return perRowPlace[s] >= 0 ? values[perRowPlace[s]] : null; }

        /** The value of the node in slot {@code s} at the run's row {@code i}. */
        double value(int s, int i) {
            int j = perRowPlace[s];
            return j >= 0 ? values[j][i] : slot[s];
        }

        /** Computes every per-row node at rows {@code first}, …, {@code first + count − 1}. */
        void compute(double[][] columns, int first, int count) {
            // A small method for each kind of node, each compiled on its own soon after a pass starts.
            for (int j = 0; j < perRow.length; j++) {
                Node n = perRow[j].node;
                int[] a = perRow[j].args;
                double[] out = values[j];
                if (n.op == Op.DATA) System.arraycopy(columns[n.index], first, out, 0, count);
                else if (n.op == Op.DOT) dot(a, out, count);
                else if (n.op == Op.SELECT) select(a, elements[j], out, count);
                else if (n.op.arity == 1) unary(n, operand(a[0], count, roomX), out, count);
                else if (n.op.arity == 2 && !Functions.isSpecial(n.op)) {
                    binary(n.op, operand(a[0], count, roomX), operand(a[1], count, roomY), out, count);
                } else {
                    for (int i = 0; i < count; i++) {
                        int row = i;
                        out[i] = Functions.value(n, k -> value(a[k], row));
                    }
                }
            }
        }

        /** Σₖ xₖ·wₖ added in k's order for each row, as {@link Evaluator#compute} does. */
        private void dot(int[] a, double[] out, int count) {
            java.util.Arrays.fill(out, 0, count, 0.0);
            int half = a.length / 2;
            for (int k = 0; k < half; k++) {
                double[] x = operand(a[k], count, roomX), w = operand(a[half + k], count, roomY);
                for (int i = 0; i < count; i++) out[i] += x[i] * w[i];
            }
        }

        /** The element each row's index picks, NaN for an index outside 1..size, as {@link Evaluator#compute} does. */
        private void select(int[] a, double[] gathered, double[] out, int count) {
            double[] index = operand(a[0], count, roomX);
            for (int i = 0; i < count; i++) {
                int k = Functions.picked(index[i], a.length - 1);
                out[i] = k < 0 ? Double.NaN : gathered != null ? gathered[k] : value(a[k + 1], i);
            }
        }

        private static void unary(Node n, double[] x, double[] out, int count) {
            for (int i = 0; i < count; i++) out[i] = Functions.apply(n.op, n.index, x[i]);
        }

        /** The arithmetic written out (as Functions.apply has it), the rest through Functions.apply. */
        private static void binary(Op op, double[] x, double[] y, double[] out, int count) {
            switch (op) {
                case ADD -> { for (int i = 0; i < count; i++) out[i] = x[i] + y[i]; }
                case SUB -> { for (int i = 0; i < count; i++) out[i] = x[i] - y[i]; }
                case MUL -> { for (int i = 0; i < count; i++) out[i] = x[i] * y[i]; }
                case DIV -> { for (int i = 0; i < count; i++) out[i] = x[i] / y[i]; }
                case POW -> { for (int i = 0; i < count; i++) out[i] = Functions.pow(x[i], y[i]); }
                default -> { for (int i = 0; i < count; i++) out[i] = Functions.apply(op, x[i], y[i]); }
            }
        }
    }

    private static double compute(Step step, double[] slot) {
        Node n = step.node;
        int[] a = step.args;
        if (n.op == Op.DOT) {
            double total = 0;
            for (int k = 0; k < a.length / 2; k++) total += slot[a[k]] * slot[a[a.length / 2 + k]];
            return total;
        }
        if (n.op == Op.SELECT) {
            // As Functions.value: only the element picked, NaN for an index out of 1..size.
            int k = Functions.picked(slot[a[0]], a.length - 1);
            return k >= 0 ? slot[a[k + 1]] : Double.NaN;
        }
        // The common cases without a lambda; Functions.value for the rest (the special functions).
        if (n.op.arity == 1) return Functions.apply(n.op, n.index, slot[a[0]]);
        if (n.op.arity == 2 && !Functions.isSpecial(n.op)) return Functions.apply(n.op, slot[a[0]], slot[a[1]]);
        return Functions.value(n, k -> slot[a[k]]);
    }
}
