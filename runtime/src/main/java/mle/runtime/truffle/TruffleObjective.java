package mle.runtime.truffle;

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
 * <p>It owns a polyglot context, and its engine unless it was handed one: {@link #close()} it. Calls may come
 * from any thread, also at once. The first calls run in Truffle's interpreter while Graal compiles in the
 * background (a long first pass is compiled on the stack); calls are fast from about the tenth.
 */
public final class TruffleObjective implements ObjectiveFunction, AutoCloseable {
    private final Engine engine;
    private final boolean ownsEngine;
    private final Context context;
    private final ObjectiveCode code;

    /**
     * An objective with an engine of its own (from {@link MleEngine#create()}).
     *
     * @param columns the data columns by {@link Objective.Column#index()}, each at least {@code rows} long;
     *                used in place, not copied, so they must not change while this objective is in use
     */
    public TruffleObjective(Objective objective, Objective.Mode mode, double[][] columns, int rows) {
        this(MleEngine.create(), true, objective, mode, columns, rows);
    }

    /**
     * An objective on a shared engine (several objectives then share compiler threads and warm-up);
     * closing the objective leaves the engine open.
     */
    public TruffleObjective(Engine engine, Objective objective, Objective.Mode mode, double[][] columns, int rows) {
        this(engine, false, objective, mode, columns, rows);
    }

    private TruffleObjective(Engine engine, boolean ownsEngine, Objective objective, Objective.Mode mode,
                             double[][] columns, int rows) {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        Context created = null;
        try {
            checkData(objective, columns, rows);
            Objects.requireNonNull(mode, "mode");
            created = Context.newBuilder(MleLanguage.ID).engine(engine).build();
            created.initialize(MleLanguage.ID);
            created.enter();
            try {
                this.code = ObjectiveCode.build(MleLanguage.get(null), objective, mode, Space.UNCONSTRAINED, columns, rows);
            } finally {
                created.leave();
            }
            this.context = created;
        } catch (RuntimeException e) {
            if (created != null) created.close();
            if (ownsEngine) engine.close();
            throw e;
        }
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
    public int dimension() { return code.dimension; }

    @Override
    public double valueAndGradient(double[] u, double[] gradient) {
        checkPoint(u);
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
    public double value(double[] u) { return valueAndGradient(u, new double[code.dimension]); }

    @Override
    public void hessian(double[] u, double[][] hessian) {
        checkPoint(u);
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

    private void checkPoint(double[] u) {
        if (u.length != code.dimension) {
            throw new IllegalArgumentException("model " + code.modelName + " has " + code.dimension + " parameters, the point has "
                    + u.length + " values");
        }
    }

    /** The engine this objective runs on. */
    public Engine engine() { return engine; }

    /** Closes the context, and the engine if this objective made it. Further calls fail. */
    @Override
    public void close() {
        context.close();
        if (ownsEngine) engine.close();
    }

    /** True when Graal compiles objectives in this JVM; false means the slow fallback interpreter. */
    public static boolean isJitCompiled() { return MleEngine.isJitCompiled(); }

    /** The Truffle runtime's name: "GraalVM CE" or similar with the JIT, "Interpreted" without. */
    public static String implementationName() { return MleEngine.implementationName(); }
}
