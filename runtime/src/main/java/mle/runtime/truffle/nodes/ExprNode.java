package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.Node;

/**
 * A double-valued expression: one IR operation whose operands are constants or frame slots. Every value of
 * the objective is a double, so there is a single execute method and nothing is ever boxed.
 */
public abstract class ExprNode extends Node {
    public abstract double executeDouble(VirtualFrame frame);
}
