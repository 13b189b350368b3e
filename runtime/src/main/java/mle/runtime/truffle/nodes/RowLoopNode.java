package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.Node;
import com.oracle.truffle.api.nodes.RepeatingNode;

/**
 * One row of the pass over the data: the row-varying nodes in dependency order, then one addition into
 * each row sum's accumulator. Run by a Truffle LoopNode, so a long first pass is compiled on the stack
 * (OSR) and later passes run inside the compiled root as a counted loop.
 *
 * <p>At the end of a row the slots of the per-row values are cleared. They are dead by then, but the loop's
 * safepoint does not know it: the frame is its deoptimisation state, so every value left in a slot would
 * be carried from row to row (a phi, spilled to the stack each row). Cleared, only the row index and the
 * accumulators cross the back edge, as in a hand-written loop.
 */
public final class RowLoopNode extends Node implements RepeatingNode {
    private final int endSlot;
    private final int rowSlot;
    @Children private final WriteSlotNode[] perRow;
    @Children private final AccumulateNode[] sums;
    @CompilationFinal(dimensions = 1) private final int[] perRowSlots;

    /**
     * @param endSlot     the slot of the row after the last, set by the root: all the rows, or one block's
     * @param perRowSlots the slots that hold per-row values (each once)
     */
    public RowLoopNode(int endSlot, int rowSlot, WriteSlotNode[] perRow, AccumulateNode[] sums, int[] perRowSlots) {
        this.endSlot = endSlot;
        this.rowSlot = rowSlot;
        this.perRow = perRow;
        this.sums = sums;
        this.perRowSlots = perRowSlots;
    }

    /** Empties the per-row slots: before the first row (dead values from before the loop may be there) and after each. */
    @ExplodeLoop
    public void clearPerRowSlots(VirtualFrame frame) {
        for (int slot : perRowSlots) frame.clear(slot);
    }

    @Override
    @ExplodeLoop
    public boolean executeRepeating(VirtualFrame frame) {
        int row = frame.getInt(rowSlot);
        if (row >= frame.getInt(endSlot)) return false;
        for (WriteSlotNode node : perRow) node.execute(frame);
        for (AccumulateNode sum : sums) sum.execute(frame);
        clearPerRowSlots(frame);
        frame.setInt(rowSlot, row + 1);
        return true;
    }

    @Override
    public String toString() { return "rows"; }
}
