package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import mle.compiler.ir.Functions;
import mle.compiler.ir.Op;

/**
 * The incomplete gamma and beta functions and their derivatives in the shapes. They loop until a series or continued
 * fraction converges, so they are called behind a boundary rather than compiled into the objective; their arguments
 * are computed in compiled code.
 */
public final class SpecialFunctionNode extends ExprNode {
    private final Op op;
    private final int index;
    @Children private final ExprNode[] arguments;

    public SpecialFunctionNode(Op op, int index, ExprNode[] arguments) {
        this.op = op;
        this.index = index;
        this.arguments = arguments;
    }

    @Override
    @ExplodeLoop
    public double executeDouble(VirtualFrame frame) {
        double[] values = new double[arguments.length];
        for (int k = 0; k < arguments.length; k++) values[k] = arguments[k].executeDouble(frame);
        return compute(op, index, values);
    }

    @TruffleBoundary
    private static double compute(Op op, int index, double[] values) {
        return Functions.isSpecial(op) ? Functions.special(op, index, values) : Functions.apply(op, values[0], values[1]);
    }

    /**
     * log Γ(a + d) − log Γ(a) and its digamma and trigamma differences: the asymptotic series, a few operations, is
     * compiled into the objective (a negative binomial regression has it on every row); the direct form, whose log Γ
     * and polygamma functions recurse, is called behind a boundary.
     */
    public static final class LgammaDifference extends ExprNode {
        private final int order;
        @Child private ExprNode a, d;

        public LgammaDifference(int order, ExprNode a, ExprNode d) {
            this.order = order;
            this.a = a;
            this.d = d;
        }

        @Override
        public double executeDouble(VirtualFrame frame) {
            double x = a.executeDouble(frame), y = d.executeDouble(frame);
            return y != 0 && Functions.lgammaDifferenceBySeries(x, y) ? Functions.lgammaDifferenceSeries(order, x, y) : direct(order, x, y);
        }

        @TruffleBoundary
        private static double direct(int order, double a, double d) { return Functions.lgammaDifference(order, a, d); }
    }
}
