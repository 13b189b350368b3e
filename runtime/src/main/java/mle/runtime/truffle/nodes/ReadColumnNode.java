package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

/**
 * The current row's value of one data column. The column array is a final field, hence a constant of the
 * compiled loop: each row costs one array load and no indirection through a table of columns.
 */
public final class ReadColumnNode extends ExprNode {
    private final double[] column;
    private final int rowSlot;

    public ReadColumnNode(double[] column, int rowSlot) {
        this.column = column;
        this.rowSlot = rowSlot;
    }

    @Override
    public double executeDouble(VirtualFrame frame) { return column[frame.getInt(rowSlot)]; }
}
