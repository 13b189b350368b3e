package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import java.util.Map;
import mle.compiler.ir.Node;

/** A number of the IR, or n (the row count), which is fixed once the data are bound. */
public final class ConstantNode extends ExprNode {
    private final double value;

    public ConstantNode(double value) { this.value = value; }

    /**
     * The value of an operand that is the same on every call (a constant, n, or a sum in {@code known}), folded into
     * the code that reads it (here, or in a {@link RowKernel}); else null.
     */
    public static Double folded(Node n, Map<Node, Double> known, int rows) {
        Double value = known.get(n);
        if (value != null) return value;
        return switch (n.op) {
            case CONST -> n.value;
            case ROWS -> (double) rows;
            default -> null;
        };
    }

    @Override
    public double executeDouble(VirtualFrame frame) { return value; }
}
