package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

/** A number of the IR, or n (the row count), which is fixed once the data are bound. */
public final class ConstantNode extends ExprNode {
    private final double value;

    public ConstantNode(double value) { this.value = value; }

    @Override
    public double executeDouble(VirtualFrame frame) { return value; }
}
