package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.Node;

/** One scheduled IR node: computes its value and keeps it in a frame slot for the nodes that use it. */
public final class WriteSlotNode extends Node {
    private final int slot;
    @Child private ExprNode value;

    public WriteSlotNode(int slot, ExprNode value) {
        this.slot = slot;
        this.value = value;
    }

    public void execute(VirtualFrame frame) { frame.setDouble(slot, value.executeDouble(frame)); }
}
