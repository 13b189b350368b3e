package mle.runtime.truffle;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.TruffleLanguage;
import java.util.List;
import java.util.Map;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.eval.ObjectiveNodes;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Schedule;

/**
 * The objective of one model over one data set as two Truffle call targets: f with its gradient in one
 * pass over the rows (called at every step of an optimiser), and the Hessian (called by the Newton polish and at
 * the end, for the standard errors; built on its first call). Built exactly as the reference evaluator builds its outputs, so the two agree. The row
 * sums that do not depend on the parameters are summed once, here ({@link DataSums}).
 *
 * <p>The targets are called with a context entered on the current thread: by {@link TruffleObjective}
 * from the host, by {@link ObjectiveObject} from guest code. A pass over more than {@link Schedule#BLOCK_ROWS} rows
 * runs in blocks, on every core when the caller can enter the context from other threads ({@link Blocks}); the blocks'
 * sums are added in block order, so the bits are the same on any number of cores, and the reference evaluator's.
 */
final class ObjectiveCode {
    final String modelName;
    final int dimension;
    private final int rows;
    private final Blocks blocks;
    private final CallTarget valueAndGradient;
    /** The Hessian's target, built on first use: its IR has k² entries, too many to build for every fit. */
    private final java.util.function.Supplier<CallTarget> hessianBuilder;
    private volatile CallTarget hessian;

    /** Runs the blocks 0…count − 1 of a pass, in any order and on any threads, each with the context entered. */
    interface Blocks {
        void run(int count, java.util.function.IntConsumer block);

        /** On the calling thread, one after another. */
        Blocks IN_TURN = (count, block) -> {
            for (int b = 0; b < count; b++) block.accept(b);
        };
    }

    private ObjectiveCode(String modelName, int dimension, int rows, Blocks blocks, CallTarget valueAndGradient,
                          java.util.function.Supplier<CallTarget> hessianBuilder) {
        this.modelName = modelName;
        this.dimension = dimension;
        this.rows = rows;
        this.blocks = blocks;
        this.valueAndGradient = valueAndGradient;
        this.hessianBuilder = hessianBuilder;
    }

    /**
     * @param space   the coordinates of the point: the model's θ, or the optimiser's unconstrained u
     * @param columns the data columns by the objective's column index, each at least {@code rows} long;
     *                used in place, not copied
     * @param blocks  how the blocks of a large pass are run
     */
    static ObjectiveCode build(TruffleLanguage<?> language, Objective objective, Objective.Mode mode, Space space,
                               double[][] columns, int rows, Blocks blocks) {
        int k = objective.params().size();
        ObjectiveNodes nodes = ObjectiveNodes.of(objective, mode, space);
        String name = objective.modelName();
        Schedule gradientSchedule = new Schedule(nodes.valueAndGradient);
        Map<Node, Double> dataSums = DataSums.of(gradientSchedule.rowSums, columns, rows);
        CallTarget first = ScheduleTranslator.translate(language, name + ".valueAndGradient",
                gradientSchedule, dataSums, columns, rows).getCallTarget();
        java.util.function.Supplier<CallTarget> second = () -> {
            Schedule hessianSchedule = new Schedule(nodes.hessianUpper());
            return ScheduleTranslator.translate(language, name + ".hessian", hessianSchedule,
                    DataSums.of(hessianSchedule.rowSums, columns, rows), columns, rows).getCallTarget();
        };
        return new ObjectiveCode(name, k, rows, blocks, first, second);
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
        pass(valueAndGradient, point, out);
        System.arraycopy(out, 1, gradient, 0, dimension);
        return out[0];
    }

    /** The symmetric matrix of second derivatives, written into {@code hessian}. */
    void hessian(double[] point, double[][] into) {
        CallTarget target = hessian;
        if (target == null) {
            synchronized (this) {
                if (hessian == null) hessian = hessianBuilder.get();
                target = hessian;
            }
        }
        double[] upper = new double[dimension * (dimension + 1) / 2];
        pass(target, point, upper);
        ObjectiveNodes.unpackUpper(upper, into);
    }

    /** One pass of a target: whole, or in blocks whose sums are added in block order and then finished. */
    private void pass(CallTarget target, double[] point, double[] out) {
        int sums = ((mle.runtime.truffle.nodes.ObjectiveRootNode) ((com.oracle.truffle.api.RootCallTarget) target).getRootNode()).sumCount();
        int block = Schedule.BLOCK_ROWS;
        if (sums == 0 || rows <= block) {
            target.call(point, out);
            return;
        }
        int count = (rows + block - 1) / block;
        double[][] partial = new double[count][sums];
        blocks.run(count, b -> target.call(point, partial[b], b * block, Math.min(rows, (b + 1) * block)));
        double[] total = new double[sums];
        for (double[] part : partial) for (int s = 0; s < sums; s++) total[s] += part[s];
        target.call(point, out, total);
    }
}
