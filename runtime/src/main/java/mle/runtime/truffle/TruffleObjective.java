package mle.runtime.truffle;

import java.util.List;
import java.util.Objects;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;
import mle.runtime.ObjectiveFunction;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;

/**
 * A model's objective over one data set, as Truffle code compiled by Graal: f and its gradient in one pass
 * over the rows, the Hessian in another. It works in the optimiser's unconstrained coordinates u (σ > 0 is
 * seen as log σ), with the same rewrite and derivatives as {@link mle.compiler.eval.ReferenceObjective}, to
 * whose values it agrees. {@link #value} runs the same pass as {@link #valueAndGradient}: one compiled
 * call target for both, since the gradient costs little next to reading the rows.
 *
 * <p>It owns a polyglot context on an engine it is handed, or on {@link MleEngine#shared()}: {@link #close()}
 * it to release the context and the compiled code (the engine stays open). Calls may come from any thread,
 * also at once. The first calls run in Truffle's interpreter while Graal compiles in the background (a long
 * first pass is compiled on the stack); calls are fast from about the tenth.
 */
public final class TruffleObjective implements ObjectiveFunction, AutoCloseable {
    private final Engine engine;
    private final Context context;
    private volatile ObjectiveCode code;
    private final double[][] columns;
    private final int rows;

    /**
     * An objective on the JVM's shared engine, {@link MleEngine#shared()}.
     *
     * @param columns the data columns by {@link Objective.Column#index()}, each at least {@code rows} long (the
     *                first {@code rows} values are used); used in place, not copied, so they must not change
     *                while this objective is in use
     */
    public TruffleObjective(Objective objective, Objective.Mode mode, double[][] columns, int rows) {
        this(MleEngine.shared(), objective, mode, columns, rows);
    }

    /** An objective on the given engine, e.g. one with options of its own (tracing, compilation thresholds). */
    public TruffleObjective(Engine engine, Objective objective, Objective.Mode mode, double[][] columns, int rows) {
        if (MleEngine.jitOnDemand()) throw new MleEngine.JitNeeded();
        this.engine = engine;
        this.columns = columns;
        this.rows = rows;
        Context created = null;
        try {
            checkData(objective, columns, rows);
            Objects.requireNonNull(mode, "mode");
            created = Context.newBuilder(MleLanguage.ID).engine(engine).build();
            created.initialize(MleLanguage.ID);
            created.enter();
            try {
                this.code = ObjectiveCode.build(MleLanguage.get(null), objective, mode, Space.UNCONSTRAINED, columns, rows,
                        this::onEveryCore);
            } finally {
                created.leave();
            }
            this.context = created;
        } catch (RuntimeException e) {
            if (created != null) created.close();
            throw e;
        }
    }

    /** A large pass's blocks on every core, each worker thread entering this objective's context for its block. */
    private void onEveryCore(int count, java.util.function.IntConsumer block) {
        java.util.stream.IntStream.range(0, count).parallel().forEach(b -> {
            context.enter();
            try {
                block.accept(b);
            } finally {
                context.leave();
            }
        });
    }

    private static void checkData(Objective objective, double[][] columns, int rows) {
        if (rows < 0) throw new IllegalArgumentException("rows must be ≥ 0, got " + rows);
        if (columns.length != objective.columns().size()) {
            throw new IllegalArgumentException("model " + objective.modelName() + " reads " + objective.columns().size()
                    + " data columns, but " + columns.length + " were given");
        }
        for (Objective.Column c : objective.columns()) {
            double[] column = columns[c.index()];
            if (column == null || column.length < rows) {
                throw new IllegalArgumentException("column " + c.name() + " has " + (column == null ? 0 : column.length)
                        + " values, fewer than the " + rows + " rows");
            }
        }
    }

    @Override
    public int dimension() { return code().dimension; }

    @Override
    public double valueAndGradient(double[] u, double[] gradient) {
        ObjectiveCode code = code();
        checkPoint(code, u);
        if (gradient.length != code.dimension) {
            throw new IllegalArgumentException("the gradient array needs length " + code.dimension + ", has " + gradient.length);
        }
        context.enter();
        try {
            return code.valueAndGradient(u, gradient);
        } finally {
            context.leave();
        }
    }

    @Override
    public double value(double[] u) { return valueAndGradient(u, new double[dimension()]); }

    @Override
    public void hessian(double[] u, double[][] hessian) {
        ObjectiveCode code = code();
        checkPoint(code, u);
        if (hessian.length != code.dimension) throw new IllegalArgumentException("the Hessian needs " + code.dimension + " rows");
        for (double[] row : hessian) {
            if (row.length != code.dimension) throw new IllegalArgumentException("each Hessian row needs length " + code.dimension);
        }
        context.enter();
        try {
            code.hessian(u, hessian);
        } finally {
            context.leave();
        }
    }

    /**
     * Other outputs over the same data and parameters, compiled like the objective and run on its context: e.g.
     * the residual sum of squares with its gradient and Gauss–Newton matrix. The nodes must be in the coordinates
     * the caller will pass (this objective's are the unconstrained u).
     */
    public Sums compileSums(String name, List<mle.compiler.ir.Node> outputs) {
        code();
        context.enter();
        try {
            return new Sums(ObjectiveCode.sums(MleLanguage.get(null), name, outputs, columns, rows), outputs.size());
        } finally {
            context.leave();
        }
    }

    /** Outputs compiled by {@link #compileSums}; valid while this objective is open. */
    public final class Sums {
        private final com.oracle.truffle.api.CallTarget target;
        private final int size;

        private Sums(com.oracle.truffle.api.CallTarget target, int size) {
            this.target = target;
            this.size = size;
        }

        /** The outputs at the point, in order; {@code out} needs one entry per output. */
        public void evaluate(double[] point, double[] out) {
            ObjectiveCode c = code();
            checkPoint(c, point);
            if (out.length != size) throw new IllegalArgumentException("the output array needs length " + size);
            context.enter();
            try {
                target.call(point, out);
            } finally {
                context.leave();
            }
        }
    }

    private ObjectiveCode code() {
        ObjectiveCode code = this.code;
        if (code == null) throw new IllegalStateException("this objective is closed");
        return code;
    }

    private static void checkPoint(ObjectiveCode code, double[] u) {
        if (u.length != code.dimension) {
            throw new IllegalArgumentException("model " + code.modelName + " has " + code.dimension + " parameters, the point has "
                    + u.length + " values");
        }
    }

    /** The engine this objective runs on. */
    public Engine engine() { return engine; }

    /** Closes the context and lets go of the compiled code and the data; the engine stays open. Further calls fail. */
    @Override
    public void close() {
        code = null;
        context.close();
    }

    /** True when Graal compiles objectives in this JVM; false means the slow fallback interpreter. */
    public static boolean isJitCompiled() { return MleEngine.isJitCompiled(); }

    /** The Truffle runtime's name: "GraalVM CE" or similar with the JIT, "Interpreted" without. */
    public static String implementationName() { return MleEngine.implementationName(); }
}
