package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

/**
 * An operand computed earlier in the pass (a parameter, a data value of this row, a hoisted or a per-row
 * value, a row sum). In compiled code the frame is virtual, so this read is a register, not a load.
 */
public final class ReadSlotNode extends ExprNode {
    private final int slot;

    public ReadSlotNode(int slot) { this.slot = slot; }

    @Override
    public double executeDouble(VirtualFrame frame) { return frame.getDouble(slot); }
}
