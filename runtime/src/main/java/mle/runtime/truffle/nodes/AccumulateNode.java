package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.Node;

/**
 * The accumulator of one row sum: adds this row's term. Rows are added one after the other from 0.0, in
 * the reference evaluator's order, so the sum agrees with it to the last bit.
 */
public final class AccumulateNode extends Node {
    private final int slot;
    @Child private ExprNode term;

    public AccumulateNode(int slot, ExprNode term) {
        this.slot = slot;
        this.term = term;
    }

    public void execute(VirtualFrame frame) { frame.setDouble(slot, frame.getDouble(slot) + term.executeDouble(frame)); }
}
