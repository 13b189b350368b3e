package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.Node;
import com.oracle.truffle.api.nodes.RepeatingNode;

/**
 * One row of the pass over the data: the row-varying nodes in dependency order, then one addition into
 * each row sum's accumulator. Run by a Truffle LoopNode, so a long first pass is compiled on the stack
 * (OSR) and later passes run inside the compiled root as a counted loop.
 */
public final class RowLoopNode extends Node implements RepeatingNode {
    private final int rows;
    private final int rowSlot;
    @Children private final WriteSlotNode[] perRow;
    @Children private final AccumulateNode[] sums;

    public RowLoopNode(int rows, int rowSlot, WriteSlotNode[] perRow, AccumulateNode[] sums) {
        this.rows = rows;
        this.rowSlot = rowSlot;
        this.perRow = perRow;
        this.sums = sums;
    }

    @Override
    @ExplodeLoop
    public boolean executeRepeating(VirtualFrame frame) {
        int row = frame.getInt(rowSlot);
        if (row >= rows) return false;
        for (WriteSlotNode node : perRow) node.execute(frame);
        for (AccumulateNode sum : sums) sum.execute(frame);
        frame.setInt(rowSlot, row + 1);
        return true;
    }

    @Override
    public String toString() { return "rows"; }
}
