package mle.compiler.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which to compute a set of outputs (objective, gradient, Hessian) in one pass over the data:
 * row-invariant nodes once before the loop (this is where log σ and 1/σ² land), row-varying nodes once
 * per row feeding the row sums' accumulators, and the nodes that combine the sums once after the loop.
 * Every node gets a slot; each node is computed once however many outputs use it.
 */
public final class Schedule {
    /**
     * Rows per block of a pass over a large table. The evaluators sum each block's rows in order and then the blocks'
     * sums in block order, so that blocks can run on every core and the result is the same bits on any number of
     * cores; every evaluator uses this one size, so that they agree to the bit.
     */
    public static final int BLOCK_ROWS = 1 << 15;

    public final List<Node> outputs;
    /** Non-leaf nodes free of row sums and of data, in dependency order. */
    public final List<Node> beforeLoop;
    /** Nodes that vary by row, in dependency order. */
    public final List<Node> perRow;
    /** The row sums, each an accumulator of the loop. */
    public final List<Node> rowSums;
    /** Nodes above the row sums, in dependency order. */
    public final List<Node> afterLoop;
    /** Leaves: constants, parameters, data columns and n. */
    public final List<Node> leaves;
    private final NodeIndex slots = new NodeIndex();

    public Schedule(List<Node> outputs) {
        this.outputs = List.copyOf(outputs);
        List<Node> sorted = new ArrayList<>();
        for (Node o : outputs) collect(o, sorted);
        sorted.sort(Comparator.comparingInt(n -> n.id));   // children are always older than parents
        List<Node> before = new ArrayList<>(), row = new ArrayList<>(), sums = new ArrayList<>(),
                after = new ArrayList<>(), leafList = new ArrayList<>();
        for (int slot = 0; slot < sorted.size(); slot++) {
            Node n = sorted.get(slot);
            slots.set(n, slot);
            if (n.op.isLeaf()) leafList.add(n);
            if (n.op == Op.DATA) row.add(n);
            else if (n.op.isLeaf()) continue;
            else if (n.op == Op.ROW_SUM) sums.add(n);
            else if (n.rowVarying) row.add(n);
            else if (n.containsRowSum) after.add(n);
            else before.add(n);
        }
        this.beforeLoop = List.copyOf(before);
        this.perRow = List.copyOf(row);
        this.rowSums = List.copyOf(sums);
        this.afterLoop = List.copyOf(after);
        this.leaves = List.copyOf(leafList);
    }

    public int slotCount() { return slots.size(); }

    public int slot(Node n) {
        int slot = slots.get(n);
        if (slot < 0) throw new IllegalArgumentException("node " + n.id + " is not in this schedule");
        return slot;
    }

    /** Adds {@code n} and the nodes below it that are not there yet, each once, in the order first reached. */
    private void collect(Node n, List<Node> into) {
        if (!slots.add(n, -1)) return;
        into.add(n);
        for (Node a : n.args) collect(a, into);
    }
}
