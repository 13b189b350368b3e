package mle.runtime.parts;

import java.util.List;
import mle.compiler.eval.ObjectiveNodes;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Rows;
import mle.compiler.ir.Schedule;
import mle.runtime.ObjectiveFunction;

/**
 * The objective over rows wherever they are, in the optimiser's unconstrained coordinates: each call is one pass that
 * sums the row sums where the rows are ({@link Rows#sums}, compiled code on each part) and finishes the value, gradient
 * or Hessian here from those sums. The same nodes as the in-memory objective, so the two agree to the rounding of
 * the sums.
 */
public final class ObjectiveOverRows implements ObjectiveFunction {
    private final Rows rows;
    private final ObjectiveNodes nodes;
    private final Evaluator valueAndGradient;
    private final int dimension;
    private volatile Evaluator hessian;

    public ObjectiveOverRows(Objective objective, Objective.Mode mode, Rows rows) {
        this.rows = rows;
        this.nodes = ObjectiveNodes.of(objective, mode, Space.UNCONSTRAINED);
        this.valueAndGradient = new Evaluator(new Schedule(nodes.valueAndGradient));
        this.dimension = objective.params().size();
    }

    @Override
    public int dimension() { return dimension; }

    @Override
    public double valueAndGradient(double[] u, double[] gradient) {
        double[] out = valueAndGradient.evaluate(u, rows);
        System.arraycopy(out, 1, gradient, 0, dimension);
        return out[0];
    }

    @Override
    public double value(double[] u) { return valueAndGradient(u, new double[dimension]); }

    @Override
    public void hessian(double[] u, double[][] into) {
        Evaluator h = hessian;
        if (h == null) {
            List<mle.compiler.ir.Node> upper = nodes.hessianUpper();
            hessian = h = new Evaluator(new Schedule(upper));
        }
        ObjectiveNodes.unpackUpper(h.evaluate(u, rows), into);
    }
}
