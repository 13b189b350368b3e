package mle.runtime.truffle;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.TruffleLanguage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.Unconstrained;

/**
 * The objective of one model over one data set as two Truffle call targets: f with its gradient in one
 * pass over the rows (called at every step of an optimiser), and the Hessian (called at the end, for the
 * standard errors). Built exactly as the reference evaluator builds its outputs, so the two agree. The row
 * sums that do not depend on the parameters are summed once, here ({@link DataSums}).
 *
 * <p>The targets are called with a context entered on the current thread: by {@link TruffleObjective}
 * from the host, by {@link ObjectiveObject} from guest code.
 */
final class ObjectiveCode {
    final String modelName;
    final int dimension;
    private final CallTarget valueAndGradient;
    private final CallTarget hessian;

    private ObjectiveCode(String modelName, int dimension, CallTarget valueAndGradient, CallTarget hessian) {
        this.modelName = modelName;
        this.dimension = dimension;
        this.valueAndGradient = valueAndGradient;
        this.hessian = hessian;
    }

    /**
     * @param space   the coordinates of the point: the model's θ, or the optimiser's unconstrained u
     * @param columns the data columns by the objective's column index, each at least {@code rows} long;
     *                used in place, not copied
     */
    static ObjectiveCode build(TruffleLanguage<?> language, Objective objective, Objective.Mode mode, Space space,
                               double[][] columns, int rows) {
        int k = objective.params().size();
        List<Node> gradientOutputs = new ArrayList<>();
        List<Node> hessianOutputs = new ArrayList<>();
        // The IR builder interns into hash maps: differentiating from two threads at once would corrupt them.
        synchronized (objective.builder()) {
            Node f = objective.objective(mode);
            if (space == Space.UNCONSTRAINED) f = Unconstrained.rewrite(objective, f);
            Differentiator d = new Differentiator(objective.builder());
            gradientOutputs.add(f);
            for (int i = 0; i < k; i++) gradientOutputs.add(d.derivative(f, i));
            Node[][] h = d.hessian(f, k);
            for (int i = 0; i < k; i++) for (int j = i; j < k; j++) hessianOutputs.add(h[i][j]);
        }
        String name = objective.modelName();
        Schedule gradientSchedule = new Schedule(gradientOutputs), hessianSchedule = new Schedule(hessianOutputs);
        List<Node> sums = new ArrayList<>(gradientSchedule.rowSums);
        sums.addAll(hessianSchedule.rowSums);
        Map<Node, Double> dataSums = DataSums.of(sums, columns, rows);
        CallTarget first = ScheduleTranslator.translate(language, name + ".valueAndGradient",
                gradientSchedule, dataSums, columns, rows).getCallTarget();
        CallTarget second = ScheduleTranslator.translate(language, name + ".hessian",
                hessianSchedule, dataSums, columns, rows).getCallTarget();
        return new ObjectiveCode(name, k, first, second);
    }

    /**
     * A call target that computes other outputs over the same data in one pass (e.g. a residual sum of squares
     * with its gradient and Gauss–Newton matrix): called with the point and an array for the outputs, in order.
     */
    static CallTarget sums(TruffleLanguage<?> language, String name, List<Node> outputs, double[][] columns, int rows) {
        Schedule schedule = new Schedule(outputs);
        return ScheduleTranslator.translate(language, name, schedule, DataSums.of(schedule.rowSums, columns, rows),
                columns, rows).getCallTarget();
    }

    /** f(x), with ∂f/∂x written into {@code gradient}. */
    double valueAndGradient(double[] point, double[] gradient) {
        double[] out = new double[1 + dimension];
        valueAndGradient.call(point, out);
        System.arraycopy(out, 1, gradient, 0, dimension);
        return out[0];
    }

    /** The symmetric matrix of second derivatives, written into {@code hessian}. */
    void hessian(double[] point, double[][] into) {
        double[] upper = new double[dimension * (dimension + 1) / 2];
        hessian.call(point, upper);
        int at = 0;
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                into[i][j] = upper[at];
                into[j][i] = upper[at++];
            }
        }
    }
}
