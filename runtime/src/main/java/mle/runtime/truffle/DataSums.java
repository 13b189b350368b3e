package mle.runtime.truffle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Functions;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;

/**
 * The row sums that do not depend on the parameters (Σᵢ yᵢ, Σᵢ Xⱼᵢ, … which the IR's simplification splits
 * out of a gradient such as Σᵢ (yᵢ − α − Xᵢβ)): statistics of the data, summed once when the data are bound
 * instead of on every pass. Summed as the reference evaluator sums, row after row from 0.0 with
 * {@link Functions}, so the values are the same to the bit.
 */
final class DataSums {
    private DataSums() {}

    /** The value of each parameter-free row sum among {@code sums}. */
    static Map<Node, Double> of(Collection<Node> sums, double[][] columns, int rows) {
        List<Node> wanted = sums.stream().filter(n -> n.op == Op.ROW_SUM && n.isParameterFree()).distinct().toList();
        if (wanted.isEmpty()) return Map.of();
        Schedule schedule = new Schedule(new ArrayList<>(wanted));
        double[] slot = new double[schedule.slotCount()];
        for (Node leaf : schedule.leaves) {
            if (leaf.op == Op.CONST) slot[schedule.slot(leaf)] = leaf.value;
            if (leaf.op == Op.ROWS) slot[schedule.slot(leaf)] = rows;
        }
        for (Node n : schedule.beforeLoop) slot[schedule.slot(n)] = apply(n, schedule, slot);

        // The per-row nodes as flat arrays, so that a large table costs a few ns a node and row.
        int m = schedule.perRow.size();
        Op[] op = new Op[m];
        int[] target = new int[m], index = new int[m], first = new int[m], second = new int[m];
        double[][] column = new double[m][];
        int[][] elements = new int[m][];      // the element slots of a lookup w[gᵢ] in a vector of constants
        Node[] special = new Node[m];         // the special functions (Functions.isSpecial), which take their arguments as an array
        for (int i = 0; i < m; i++) {
            Node n = schedule.perRow.get(i);
            op[i] = n.op;
            target[i] = schedule.slot(n);
            index[i] = n.index;
            if (n.op == Op.DATA) column[i] = columns[n.index];
            if (n.op.arity >= 1 || n.op == Op.SELECT) first[i] = schedule.slot(n.arg(0));
            if (n.op.arity == 2) second[i] = schedule.slot(n.arg(1));
            if (n.op == Op.SELECT) elements[i] = n.args().subList(1, n.arity()).stream().mapToInt(schedule::slot).toArray();
            if (Functions.isSpecial(n.op)) special[i] = n;
        }
        int[] term = wanted.stream().mapToInt(s -> schedule.slot(s.arg(0))).toArray();
        // Summed by blocks of rows, then the blocks in order, as every evaluator sums (Schedule.BLOCK_ROWS).
        double[] total = new double[wanted.size()], block = new double[wanted.size()];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < m; i++) {
                if (special[i] != null) {
                    slot[target[i]] = apply(special[i], schedule, slot);
                    continue;
                }
                slot[target[i]] = switch (op[i].arity) {
                    case 0 -> column[i][r];
                    case 1 -> Functions.apply(op[i], index[i], slot[first[i]]);
                    case 2 -> Functions.apply(op[i], slot[first[i]], slot[second[i]]);
                    default -> select(slot[first[i]], elements[i], slot);
                };
            }
            for (int s = 0; s < block.length; s++) block[s] += slot[term[s]];
            if ((r + 1) % Schedule.BLOCK_ROWS == 0 || r == rows - 1) {
                for (int s = 0; s < total.length; s++) total[s] += block[s];
                java.util.Arrays.fill(block, 0);
            }
        }
        Map<Node, Double> values = new HashMap<>();
        for (int s = 0; s < total.length; s++) values.put(wanted.get(s), total[s]);
        return values;
    }

    private static double select(double index, int[] elements, double[] slot) {
        int k = Functions.picked(index, elements.length);
        return k >= 0 ? slot[elements[k]] : Double.NaN;
    }

    private static double apply(Node n, Schedule schedule, double[] slot) { return Functions.value(n, k -> slot[schedule.slot(n.arg(k))]); }
}
