package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;

/**
 * m[gᵢ]: the element of a vector that this row's index picks (1-based; NaN when it picks none, which the data checks
 * rule out before a fit). Two forms, so that compiled code keeps the frame virtual: a vector of parameters is read
 * from the caller's parameter array by the index, like {@link DotNode}; any other vector's elements are children, and
 * only the one picked is computed.
 */
public abstract class SelectNode extends ExprNode {
    @Child private ExprNode index;

    SelectNode(ExprNode index) { this.index = index; }

    /** The 0-based element, or −1. */
    final int pick(VirtualFrame frame, int size) {
        return mle.compiler.ir.Functions.picked(index.executeDouble(frame), size);
    }

    /** A lookup in a vector of parameters. */
    public static final class OfParameters extends SelectNode {
        @CompilationFinal(dimensions = 1) private final int[] parameters;

        /** @param parameters the index in the parameter array of each element */
        public OfParameters(ExprNode index, int[] parameters) {
            super(index);
            this.parameters = parameters;
        }

        @Override
        public double executeDouble(VirtualFrame frame) {
            int k = pick(frame, parameters.length);
            if (k < 0) return Double.NaN;
            double[] point = CompilerDirectives.castExact(frame.getArguments()[0], double[].class);
            return point[parameters[k]];
        }
    }

    /** A lookup among computed values. */
    public static final class OfValues extends SelectNode {
        @Children private final ExprNode[] elements;

        public OfValues(ExprNode index, ExprNode[] elements) {
            super(index);
            this.elements = elements;
        }

        @Override
        @ExplodeLoop
        public double executeDouble(VirtualFrame frame) {
            int k = pick(frame, elements.length);
            for (int e = 0; e < elements.length; e++) {
                if (e == k) return elements[e].executeDouble(frame);
            }
            return Double.NaN;
        }
    }
}
