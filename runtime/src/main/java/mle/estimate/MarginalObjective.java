package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.interrupt.Interruption;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.RandomEffects;
import mle.compiler.lower.Unconstrained;
import mle.runtime.ObjectiveFunction;

/**
 * The Laplace approximation to −log ∫ p(y | θ, v) p(v | θ) dv as a function of the estimated parameters θ (in the
 * optimiser's unconstrained coordinates), v the inner variables (the random effects, and under REML the locations):
 *
 * <pre>L(θ) = F(θ, v̂) + ½ log det H(θ, v̂) − (n_v/2) log 2π</pre>
 *
 * with F the joint objective, v̂ its minimum in v for this θ (Newton's method from the last one found), H = ∂²F/∂v².
 * Exact when F is quadratic in v (a linear mixed model).
 *
 * <p>The gradient is exact, by implicit differentiation through v̂ as TMB does: with w = ½ ∂ log det H/∂v (third
 * derivatives of F), dL/dθⱼ = ∂F/∂θⱼ + ½ tr(H⁻¹ ∂H/∂θⱼ) − (H⁻¹w)ᵀ ∂²F/∂v∂θⱼ. Each term is a sum over rows (and the
 * density's elements) of the symbolic derivatives of that row's expression in its few local variables, contracted
 * with the entries of H⁻¹ at the row's positions ({@link InnerHessian.SelectedInverse}).
 */
final class MarginalObjective implements ObjectiveFunction {
    private final RandomEffects effects;
    private final Objective objective;
    private final double[][] columns;
    private final int rows;
    private final int innerSize;
    private final int[] outer;
    private final List<Objective.Parameter> outerParams;
    /** Rows' local variables' inner positions, by row then local (slots, then REML's locations). */
    private final int[][] rowPositions;
    private final LocalProgram rowProgram;
    private final List<LocalProgram> densityPrograms = new ArrayList<>();
    /** Each density group's elements' inner positions, by element then local. */
    private final List<int[][]> densityPositions = new ArrayList<>();
    private final Evaluator thetaOnly;
    private final InnerHessian hessian;
    /** The inner variables at the last minimum found, the start of the next inner solve. */
    private double[] inner;
    private final double[] innerStart;
    /** Each inner solve's outcome, for the verdict: how many failed (no minimum found to tolerance). */
    private int failedInnerSolves;
    private String lastFailure;

    /** The most Newton steps an inner solve takes before it is a failed evaluation. */
    private static final int INNER_STEPS = 100;

    MarginalObjective(RandomEffects effects, double[][] columns, int rows) {
        this.effects = effects;
        this.objective = effects.objective();
        this.columns = columns;
        this.rows = rows;
        this.outer = effects.outerParams();
        this.outerParams = java.util.Arrays.stream(outer).mapToObj(i -> objective.params().get(i)).toList();
        int k = objective.params().size(), randoms = objective.randoms().size();
        this.innerSize = randoms + effects.innerParams().length;
        IrBuilder b = objective.builder();
        synchronized (b) {
            rowProgram = new LocalProgram(b, effects, effects.rowBody(), effects.rowLocals(), outer);
            for (RandomEffects.Density d : effects.densities()) {
                densityPrograms.add(new LocalProgram(b, effects, d.body(), effects.densityLocals(d), outer));
            }
            Differentiator diff = new Differentiator(b);
            List<Node> outputs = new ArrayList<>(List.of(effects.thetaOnly()));
            for (int j : outer) outputs.add(diff.derivative(effects.thetaOnly(), j));
            thetaOnly = new Evaluator(new Schedule(outputs));
        }
        // The positions each row touches: slot j at the row's level, then the inner parameters.
        int slots = effects.slots().size(), locals = slots + effects.innerParams().length;
        rowPositions = new int[rows][locals];
        double[] levels = new double[rows];
        for (int j = 0; j < slots; j++) {
            RandomEffects.Slot slot = effects.slots().get(j);
            int column = j;
            if (slot.index() == null) {
                for (int r = 0; r < rows; r++) rowPositions[r][column] = slot.variables()[0] - k;
                continue;
            }
            levelsOf(slot.index(), levels);
            for (int r = 0; r < rows; r++) rowPositions[r][column] = slot.variables()[(int) levels[r] - 1] - k;
        }
        for (int t = 0; t < effects.innerParams().length; t++) {
            for (int r = 0; r < rows; r++) rowPositions[r][slots + t] = randoms + t;
        }
        List<int[]> linked = new ArrayList<>(java.util.Arrays.asList(rowPositions));
        for (RandomEffects.Density d : effects.densities()) {
            int[][] positions = new int[d.elements().size()][];
            for (int e = 0; e < positions.length; e++) {
                int[] vars = d.elements().get(e);
                positions[e] = new int[vars.length];
                for (int j = 0; j < vars.length; j++) positions[e][j] = vars[j] - k;
            }
            densityPositions.add(positions);
            linked.addAll(java.util.Arrays.asList(positions));
        }
        int[] border = new int[effects.innerParams().length];
        for (int t = 0; t < border.length; t++) border[t] = randoms + t;
        hessian = InnerHessian.pattern(innerSize, border, linked);
        innerStart = new double[innerSize];
        inner = innerStart.clone();
    }

    /** Whether the inner Hessian has a structure this method factors (blocks of at most {@link InnerHessian#LARGEST_BLOCK}). */
    boolean factorable() { return hessian != null; }

    int innerSize() { return innerSize; }

    InnerHessian structure() { return hessian; }

    /** The values of a row-level data expression (a lookup's index) on every row. */
    private void levelsOf(Node index, double[] into) {
        new Evaluator(new Schedule(List.of(index))).forEachRow(new double[objective.variableCount()], columns, rows, (r, v) -> {
            into[r] = v[0];
            return true;
        });
    }

    @Override public int dimension() { return outer.length; }

    /** θ (every parameter; the inner ones at their current values) from the optimiser's coordinates of the outer ones. */
    private double[] theta(double[] u, double[] innerValues) {
        double[] theta = new double[objective.variableCount()];
        for (int j = 0; j < outer.length; j++) theta[outer[j]] = Unconstrained.transform(outerParams.get(j), u[j])[0];
        int randoms = objective.randoms().size();
        int[] innerParams = effects.innerParams();
        for (int t = 0; t < innerParams.length; t++) theta[innerParams[t]] = innerValues[randoms + t];
        return theta;
    }

    @Override
    public double value(double[] u) {
        InnerMode mode = solveInner(u);
        return mode == null ? Double.NaN : mode.laplace;
    }

    @Override
    public double valueAndGradient(double[] u, double[] gradient) {
        InnerMode mode = solveInner(u);
        if (mode == null) {
            java.util.Arrays.fill(gradient, Double.NaN);
            return Double.NaN;
        }
        double[] g = gradientInTheta(mode);
        for (int j = 0; j < outer.length; j++) gradient[j] = g[j] * Unconstrained.transform(outerParams.get(j), u[j])[1];
        return mode.laplace;
    }

    @Override
    public void hessian(double[] u, double[][] into) {
        GeneralSearch.hessianByDifferences(this, u, into);
    }

    /** The minimum in the inner variables at one θ: where it is, and the approximation there. */
    record InnerMode(double[] theta, double[] inner, double laplace) {}

    /** The inner variables' values at the last mode found (the random effects' conditional modes first). */
    double[] innerValues() { return inner.clone(); }

    int failedInnerSolves() { return failedInnerSolves; }

    String lastFailure() { return lastFailure; }

    /** The mode at θ, with the conditional variances of the inner variables (the diagonal of H⁻¹). */
    double[] conditionalVariances(double[] u) {
        if (solveInner(u) == null) return null;
        InnerHessian.SelectedInverse inverse = hessian.selectedInverse();
        double[] v = new double[innerSize];
        for (int p = 0; p < innerSize; p++) v[p] = inverse.at(p, p);
        return v;
    }

    /**
     * Newton's method on F(θ, ·) from the last mode, with steps halved until F falls; null when it finds no minimum
     * (H not positive definite, F not finite, or no convergence in {@link #INNER_STEPS} steps): the evaluation failed.
     */
    InnerMode solveInner(double[] u) {
        double[] v = inner.clone();
        double[] theta = theta(u, v);
        double[] gradient = new double[innerSize];
        double f = assemble(theta, v, gradient);
        boolean fromZero = false;
        if (!Double.isFinite(f) || !hessian.factor()) {
            // The last mode is no start here: try again from zero.
            v = innerStart.clone();
            theta = theta(u, v);
            f = assemble(theta, v, gradient);
            fromZero = true;
            if (!Double.isFinite(f) || !hessian.factor()) return failed("the joint objective is not finite, or not convex in the random effects, at their start");
        }
        for (int step = 0; step < INNER_STEPS; step++) {
            Interruption.check("the inner solve of the Laplace approximation");
            double[] delta = hessian.solve(gradient);
            double decrement = 0;
            for (int p = 0; p < innerSize; p++) decrement += gradient[p] * delta[p];
            // Newton's decrement gᵀH⁻¹g below rounding of F: one last full step puts v̂ to rounding too (the log
            // determinant moves with v̂ to first order, F only to second), and the mode is found.
            if (decrement <= 1e-13 * Math.max(1, Math.abs(f))) {
                double[] last = new double[innerSize];
                for (int p = 0; p < innerSize; p++) last[p] = v[p] - delta[p];
                double[] lastTheta = theta(u, last);
                double fl = assemble(lastTheta, last, gradient);
                if (Double.isFinite(fl) && fl <= f + 1e-12 * Math.max(1, Math.abs(f)) && hessian.factor()) return mode(lastTheta, last, fl);
                assemble(theta, v, gradient);
                if (hessian.factor()) return mode(theta, v, f);
                return failed("the joint objective is not convex in the random effects at their mode");
            }
            double t = 1;
            double[] trial = new double[innerSize];
            double[] trialGradient = new double[innerSize];
            double ft = Double.NaN;
            boolean accepted = false;
            for (int halving = 0; halving < 40; halving++) {
                for (int p = 0; p < innerSize; p++) trial[p] = v[p] - t * delta[p];
                double[] trialTheta = theta(u, trial);
                ft = assemble(trialTheta, trial, trialGradient);
                if (Double.isFinite(ft) && ft <= f + 1e-4 * t * -decrement + 1e-12 * Math.abs(f) && hessian.factor()) {
                    accepted = true;
                    theta = trialTheta;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                // No descent left within rounding: at the minimum if the decrement is that small, else a failure.
                if (decrement <= 1e-8 * Math.max(1, Math.abs(f))) {
                    assemble(theta, v, gradient);
                    if (hessian.factor()) return mode(theta, v, f);
                }
                return failed("Newton's method on the random effects found no step that lowers the joint objective");
            }
            v = trial.clone();
            System.arraycopy(trialGradient, 0, gradient, 0, innerSize);
            f = ft;
        }
        return failed("Newton's method on the random effects did not converge in " + INNER_STEPS + " steps"
                + (fromZero ? " from zero" : ""));
    }

    private InnerMode failed(String why) {
        failedInnerSolves++;
        lastFailure = why;
        return null;
    }

    private InnerMode mode(double[] theta, double[] v, double f) {
        inner = v.clone();
        double laplace = f + 0.5 * hessian.logDeterminant() - 0.5 * innerSize * Math.log(2 * Math.PI);
        return new InnerMode(theta, v, laplace);
    }

    /** F(θ, v), its gradient in v into {@code gradient}, and H in v into {@link #hessian} (not yet factored). */
    private double assemble(double[] theta, double[] v, double[] gradient) {
        java.util.Arrays.fill(gradient, 0);
        hessian.clear();
        double[] total = {0};
        rowProgram.inner(theta, v, columns, rowPositions, rows, gradient, hessian, total);
        for (int d = 0; d < densityPrograms.size(); d++) {
            int[][] positions = densityPositions.get(d);
            densityPrograms.get(d).inner(theta, v, null, positions, positions.length, gradient, hessian, total);
        }
        return total[0] + thetaOnly.evaluate(theta, NO_COLUMNS, 0)[0];
    }

    /** The θ-only terms read no data. */
    private static final double[][] NO_COLUMNS = new double[0][];

    /** dL/dθ at a mode, by implicit differentiation (see the class comment), in the model's parameters. */
    private double[] gradientInTheta(InnerMode mode) {
        InnerHessian.SelectedInverse inverse = hessian.selectedInverse();
        int m = outer.length;
        double[] direct = new double[m], trace = new double[m], w = new double[innerSize];
        double[][] cross = new double[innerSize][m];
        rowProgram.outer(mode.theta, mode.inner, columns, rowPositions, rows, inverse, direct, trace, w, cross);
        for (int d = 0; d < densityPrograms.size(); d++) {
            int[][] positions = densityPositions.get(d);
            densityPrograms.get(d).outer(mode.theta, mode.inner, null, positions, positions.length, inverse, direct, trace, w, cross);
        }
        double[] once = thetaOnly.evaluate(mode.theta, NO_COLUMNS, 0);
        double[] z = hessian.solve(w);
        double[] g = new double[m];
        for (int j = 0; j < m; j++) {
            double zc = 0;
            for (int p = 0; p < innerSize; p++) zc += z[p] * cross[p][j];
            g[j] = direct[j] + once[1 + j] + 0.5 * trace[j] - zc;
        }
        return g;
    }

    /**
     * One local expression (a row's likelihood, or a density element) and the symbolic derivatives the approximation
     * needs, in its local variables (slots, REML's locations) and the outer parameters, each slot read from a column of
     * its own that the caller fills with the inner variables' values at the row's positions.
     */
    private static final class LocalProgram {
        private final RandomEffects effects;
        private final int locals, outerCount, modelColumns;
        private final boolean[] slotLocal;
        private final Evaluator inner, outer;

        LocalProgram(IrBuilder b, RandomEffects effects, Node body, int[] localParams, int[] outerParams) {
            this.effects = effects;
            this.locals = localParams.length;
            this.outerCount = outerParams.length;
            // Slots first among the locals: local a, when a slot, is slot a (RandomEffects.rowLocals, densityLocals).
            int slotBase = effects.slotParam(0);
            this.modelColumns = effects.objective().columns().size();
            this.slotLocal = new boolean[locals];
            for (int a = 0; a < locals; a++) slotLocal[a] = localParams[a] >= slotBase;
            Differentiator d = new Differentiator(b);
            List<Node> in = new ArrayList<>(), out = new ArrayList<>();
            in.add(body);
            Node[] g = new Node[locals];
            for (int a = 0; a < locals; a++) in.add(g[a] = d.derivative(body, localParams[a]));
            Node[][] h = new Node[locals][locals];
            for (int a = 0; a < locals; a++) for (int c = 0; c < locals; c++) in.add(h[a][c] = d.derivative(g[a], localParams[c]));
            for (int j : outerParams) out.add(d.derivative(body, j));
            for (int a = 0; a < locals; a++) for (int j : outerParams) out.add(d.derivative(g[a], j));
            for (int a = 0; a < locals; a++) for (int c = 0; c < locals; c++) for (int j : outerParams) out.add(d.derivative(h[a][c], j));
            for (int a = 0; a < locals; a++) for (int c = 0; c < locals; c++) for (int e = 0; e < locals; e++) out.add(d.derivative(h[a][c], localParams[e]));
            java.util.function.Function<Node, Node> toColumns = n -> n.op == Op.PARAM && n.index >= slotBase
                    ? b.data(effects.slotColumn(n.index - slotBase)) : null;
            this.inner = new Evaluator(new Schedule(in.stream().map(n -> b.substitute(n, toColumns)).toList()));
            this.outer = new Evaluator(new Schedule(out.stream().map(n -> b.substitute(n, toColumns)).toList()));
        }

        /** The model's columns and the slots' values at each row's positions. */
        private double[][] withSlots(double[][] columns, double[] v, int[][] positions, int count) {
            double[][] all = new double[modelColumns + locals][];
            for (int c = 0; c < modelColumns; c++) all[c] = columns == null ? new double[0] : columns[c];
            for (int a = 0; a < locals; a++) {
                if (!slotLocal[a]) continue;
                double[] values = new double[count];
                for (int r = 0; r < count; r++) values[r] = v[positions[r][a]];
                all[effects.slotColumn(a)] = values;
            }
            return all;
        }

        void inner(double[] theta, double[] v, double[][] columns, int[][] positions, int count, double[] gradient,
                   InnerHessian hessian, double[] total) {
            double[][] all = withSlots(columns, v, positions, count);
            double[] sum = {0};
            inner.forEachRow(theta, all, count, (r, values) -> {
                int[] pos = positions[r];
                sum[0] += values[0];
                for (int a = 0; a < locals; a++) gradient[pos[a]] += values[1 + a];
                int base = 1 + locals;
                for (int a = 0; a < locals; a++) {
                    for (int c = 0; c < locals; c++) {
                        double h = values[base + a * locals + c];
                        // add() fills both halves off the diagonal: each pair of distinct positions once.
                        if (h != 0 && (a < c || pos[a] == pos[c])) hessian.add(pos[a], pos[c], h);
                    }
                }
                return true;
            });
            total[0] += sum[0];
        }

        void outer(double[] theta, double[] v, double[][] columns, int[][] positions, int count,
                   InnerHessian.SelectedInverse inverse, double[] direct, double[] trace, double[] w, double[][] cross) {
            double[][] all = withSlots(columns, v, positions, count);
            int m = outerCount;
            double[] local = new double[locals * locals];
            outer.forEachRow(theta, all, count, (r, values) -> {
                int[] pos = positions[r];
                for (int a = 0; a < locals; a++) for (int c = 0; c < locals; c++) local[a * locals + c] = inverse.at(pos[a], pos[c]);
                for (int j = 0; j < m; j++) direct[j] += values[j];
                int base = m;
                for (int a = 0; a < locals; a++) for (int j = 0; j < m; j++) cross[pos[a]][j] += values[base + a * m + j];
                base += locals * m;
                for (int a = 0; a < locals; a++) {
                    for (int c = 0; c < locals; c++) {
                        double hinv = local[a * locals + c];
                        if (hinv == 0) continue;
                        for (int j = 0; j < m; j++) trace[j] += hinv * values[base + (a * locals + c) * m + j];
                    }
                }
                base += locals * locals * m;
                for (int a = 0; a < locals; a++) {
                    for (int c = 0; c < locals; c++) {
                        double hinv = local[a * locals + c];
                        if (hinv == 0) continue;
                        for (int e = 0; e < locals; e++) w[pos[e]] += 0.5 * hinv * values[base + (a * locals + c) * locals + e];
                    }
                }
                return true;
            });
        }
    }
}
