package mle.compiler.lower;

import java.util.BitSet;
import mle.compiler.ir.Node;
import mle.compiler.ir.NodeIndex;
import mle.compiler.ir.Op;

/**
 * Where an objective is not smooth: the parameters inside an absolute value (a Laplace likelihood's
 * location, a lasso prior). There the gradient jumps and the Hessian is zero or undefined, so a
 * gradient-based optimiser can stall beside the optimum and the Hessian gives no standard errors.
 */
public final class Kinks {
    private Kinks() {}

    /** The indices of the parameters that appear inside |·| in {@code objective}. */
    public static BitSet parametersInsideAbsoluteValues(Node objective) {
        BitSet found = new BitSet();
        visit(objective, new NodeIndex(), found);
        return found;
    }

    /** The expressions inside |·| in {@code objective} that depend on parameters: where the kinks are. */
    public static java.util.List<Node> absoluteArguments(Node objective) {
        java.util.List<Node> found = new java.util.ArrayList<>();
        collect(objective, new NodeIndex(), found);
        return found;
    }

    private static void collect(Node n, NodeIndex seen, java.util.List<Node> found) {
        if (!seen.add(n, 0)) return;
        if (n.op == Op.ABS && !n.arg(0).isParameterFree()) found.add(n.arg(0));
        for (int k = 0; k < n.arity(); k++) collect(n.arg(k), seen, found);
    }

    private static void visit(Node n, NodeIndex seen, BitSet found) {
        if (!seen.add(n, 0)) return;
        if (n.op == Op.ABS) found.or(n.arg(0).parameters());
        for (int k = 0; k < n.arity(); k++) visit(n.arg(k), seen, found);
    }
}
