package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;

/**
 * The current row of Xβ: Σₖ X[k]ᵢ·β[k], read straight from the data columns and the caller's parameter array. One
 * node and one plain loop whatever the number of columns, where p nodes would each need a frame slot per row.
 */
public final class DotNode extends ExprNode {
    @CompilationFinal(dimensions = 1) private final double[][] columns;
    @CompilationFinal(dimensions = 1) private final int[] parameters;
    private final int rowSlot;

    /** @param parameters the index in the parameter array of each column's coefficient */
    public DotNode(double[][] columns, int[] parameters, int rowSlot) {
        this.columns = columns;
        this.parameters = parameters;
        this.rowSlot = rowSlot;
    }

    @Override
    public double executeDouble(VirtualFrame frame) {
        int row = frame.getInt(rowSlot);
        double[] point = CompilerDirectives.castExact(frame.getArguments()[0], double[].class);
        double total = 0;
        for (int k = 0; k < columns.length; k++) total += columns[k][row] * point[parameters[k]];
        return total;
    }
}
