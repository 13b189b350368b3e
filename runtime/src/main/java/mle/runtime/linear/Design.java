package mle.runtime.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Functions;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.LinearModel;

/**
 * The design matrix X and the response b = y − offset of a {@link LinearModel} over one data set, each entry in
 * double-double precision: a polynomial term x¹⁰ is exact to about 32 digits here, where a double would round it
 * and cap the fit's accuracy at about ε·cond(X) (7 digits on NIST's Filip). Rows of a vector statement follow one
 * another: element e of data row i is row i·m + e.
 *
 * <p>Arithmetic (+ − × ÷, whole powers) is carried in double-double; other functions of the data (log x, exp x)
 * are computed in double and carried exactly from there.
 */
public final class Design {
    /** The number of rows (data rows times elements per row) and of columns. */
    public final int rows, columns;
    /** Column-major: hi[j][i] + lo[j][i] is X[i][j]. */
    final double[][] hi, lo;
    /** b = y − offset. */
    final double[] bHi, bLo;
    /** Σ y², the data's own scale (to tell residuals at rounding level). */
    public final double sumOfSquares;
    /** y and the offset, each rounded to doubles (a generalised linear model needs them apart). */
    final double[] y, offset;
    /**
     * Whether every entry and b are exact doubles (the low parts are all one array of zeros): plain data, whose
     * products the solvers may take in double-double from doubles.
     */
    final boolean exactDoubles;

    Design(int rows, int columns, double[][] hi, double[][] lo, double[] bHi, double[] bLo, double sumOfSquares,
                   double[] y, double[] offset) {
        this.rows = rows;
        this.columns = columns;
        this.hi = hi;
        this.lo = lo;
        this.bHi = bHi;
        this.bLo = bLo;
        this.sumOfSquares = sumOfSquares;
        this.y = y;
        this.offset = offset;
        boolean shared = true;
        for (double[] l : lo) shared &= l == bLo;
        this.exactDoubles = shared && isZero(bLo);
    }

    private static boolean isZero(double[] values) {
        for (double v : values) if (v != 0) return false;
        return true;
    }

    /**
     * Xᵀ(b − Xβ), in double: the least-squares gradient's core. One pass over blocks of rows small enough for their
     * residuals to stay in cache. On one core: the pass runs once per fit, mostly before the JIT has compiled it, and
     * measured on 2,000,000 rows it took 0.06 s on one core against 0.10 s on two.
     */
    public double[] crossResiduals(double[] beta) {
        int block = TallLeastSquares.BLOCK;
        double[] cross = new double[columns], r = new double[Math.min(rows, block)];
        for (int from = 0; from < rows; from += block) {
            int count = Math.min(rows, from + block) - from;
            for (int i = 0; i < count; i++) r[i] = bHi[from + i] + bLo[from + i];
            for (int j = 0; j < columns; j++) {
                double[] x = hi[j];
                double betaJ = beta[j];
                if (betaJ != 0) for (int i = 0; i < count; i++) r[i] -= x[from + i] * betaJ;
            }
            for (int j = 0; j < columns; j++) {
                double[] x = hi[j];
                double s = 0;
                for (int i = 0; i < count; i++) s += x[from + i] * r[i];
                cross[j] += s;
            }
        }
        mle.runtime.Phases.ended("Xᵀr at the solution");
        return cross;
    }

    /** Row i's b − xᵢβ in double-double, from the data's own parts: t[0] + t[1]. */
    void residual(int i, double[] beta, double[] t) {
        double rh = bHi[i], rl = bLo[i];
        for (int j = 0; j < columns; j++) {
            DoubleDouble.multiply(hi[j][i], lo[j][i], -beta[j], 0, t);
            DoubleDouble.add(rh, rl, t[0], t[1], t);
            rh = t[0];
            rl = t[1];
        }
        t[0] = rh;
        t[1] = rl;
    }

    /** The design with column j's coefficient held at t: the column dropped, t·x_j added to the offset (in double). */
    public Design holding(int j, double t) {
        double[][] keptHi = new double[columns - 1][], keptLo = new double[columns - 1][];
        for (int c = 0, k = 0; c < columns; c++) {
            if (c == j) continue;
            keptHi[k] = hi[c];
            keptLo[k++] = lo[c];
        }
        double[] shifted = offset.clone(), b = new double[rows], zeros = new double[rows];
        for (int i = 0; i < rows; i++) {
            shifted[i] += t * hi[j][i];
            b[i] = y[i] - shifted[i];
        }
        return new Design(rows, columns - 1, keptHi, keptLo, b, zeros, sumOfSquares, y, shifted);
    }

    /** η = offset + Xβ, in double. */
    public double[] predictor(double[] beta) {
        double[] eta = offset.clone();
        for (int j = 0; j < columns; j++) {
            if (beta[j] == 0) continue;
            double[] x = hi[j];
            double b = beta[j];
            for (int i = 0; i < rows; i++) eta[i] += x[i] * b;
        }
        return eta;
    }

    /** Xᵀv, in double. */
    public double[] transposeTimes(double[] v) {
        double[] out = new double[columns];
        for (int j = 0; j < columns; j++) out[j] = dot(hi[j], v);
        return out;
    }

    /** Σ aᵢbᵢ, in double: the one dot product of the direct solvers. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** y, rounded to doubles (read, never written). */
    public double[] outcomes() { return y; }

    /** Column j of X, rounded to doubles (read, never written). */
    public double[] column(int j) { return hi[j]; }

    /** The response b = y − offset, rounded to doubles. */
    public double[] response() {
        double[] b = new double[rows];
        for (int i = 0; i < rows; i++) b[i] = bHi[i] + bLo[i];
        return b;
    }

    /** A design of plain data columns (column-major) and a response without offset. */
    static Design ofColumns(double[][] columns, double[] y) {
        int m = y.length, p = columns.length;
        double[] zeros = new double[m];
        double[][] lo = new double[p][];
        java.util.Arrays.fill(lo, zeros);
        double squares = 0;
        for (double v : y) squares += v * v;
        return new Design(m, p, columns, lo, y.clone(), zeros, squares, y.clone(), zeros);
    }

    /** A design given in its parts (column-major X = hi + lo, b = bHi + bLo): for tests of the double-double paths. */
    static Design ofParts(double[][] hi, double[][] lo, double[] bHi, double[] bLo) {
        double[] b = new double[bHi.length];
        for (int i = 0; i < b.length; i++) b[i] = bHi[i] + bLo[i];
        return new Design(b.length, hi.length, hi, lo, bHi, bLo, dot(b, b), b, new double[b.length]);
    }

    /** The design, or empty when its columns need sums over the rows (a centred covariate), which are not done here. */
    public static Optional<Design> of(LinearModel model, double[][] data, int dataRows) {
        return of(model.targets(), model.offsets(), model.columns(), data, dataRows);
    }

    /** The design of a generalised linear model's predictor, with y and the offset kept apart too. */
    public static Optional<Design> of(mle.compiler.lower.GeneralizedLinearModel model, double[][] data, int dataRows) {
        return of(model.targets(), model.offsets(), model.columns(), data, dataRows);
    }

    /**
     * The design of responses, offsets and columns given as nodes, element by element (one element for a scalar
     * likelihood), or empty when they need sums over the rows.
     */
    public static Optional<Design> of(List<Node> targets, List<Node> offsetNodes, List<Node[]> columnNodes,
                                      double[][] data, int dataRows) {
        mle.runtime.Phases.ended("the method chosen");
        int elements = targets.size(), p = columnNodes.getFirst().length;
        List<Node> outputs = new ArrayList<>();
        for (int e = 0; e < elements; e++) {
            outputs.add(targets.get(e));
            outputs.add(offsetNodes.get(e));
            outputs.addAll(List.of(columnNodes.get(e)));
        }
        Schedule schedule = new Schedule(outputs);
        if (!schedule.rowSums.isEmpty()) return Optional.empty();
        int slots = schedule.slotCount();
        double[] h = new double[slots], l = new double[slots];
        for (Node leaf : schedule.leaves) {
            int s = schedule.slot(leaf);
            if (leaf.op == Op.CONST) h[s] = leaf.value;
            if (leaf.op == Op.ROWS) h[s] = dataRows;
        }
        double[] t = new double[2];
        for (Node n : schedule.beforeLoop) compute(Step.of(n, schedule), h, l, t);
        int m = dataRows * elements;
        // A column whose entries are all exact doubles (plain data) shares one array of zeros as its low parts, and a
        // column that is a data column itself is that array, not a copy: with 2,000,000 rows or thousands of predictors
        // the design then costs little more than the data.
        boolean single = elements == 1;
        double[][] xh = new double[p][], xl = new double[p][];
        double[] zeros = new double[m];
        boolean[] shared = new boolean[p];
        for (int j = 0; j < p; j++) {
            Node column = columnNodes.getFirst()[j];
            shared[j] = single && column.op == Op.DATA;
            xh[j] = shared[j] ? data[column.index] : new double[m];
        }
        Node target = targets.getFirst();
        boolean plainResponse = single && target.op == Op.DATA && offsetNodes.getFirst().isConst(0);
        double[] ys = plainResponse ? data[target.index] : new double[m];
        double[] offsets = plainResponse ? zeros : new double[m], bh = plainResponse ? ys : new double[m];
        double[] bl = plainResponse ? zeros : new double[m];
        DoubleDouble.Accumulator squares = new DoubleDouble.Accumulator();
        int stride = 2 + p;
        // Slots looked up once, not on every row.
        int[] outputSlot = outputs.stream().mapToInt(schedule::slot).toArray();
        List<Step> computed = schedule.perRow.stream().filter(n -> n.op != Op.DATA).map(n -> Step.of(n, schedule)).toList();
        List<Node> read = schedule.perRow.stream().filter(n -> n.op == Op.DATA).toList();
        int[] readSlot = read.stream().mapToInt(schedule::slot).toArray();
        double[][] readColumn = read.stream().map(n -> data[n.index]).toArray(double[][]::new);
        boolean byColumns = computed.isEmpty() && plainResponse;
        if (byColumns) {
            // Data columns and constants (an intercept), nothing computed row by row: the loop below, column by column.
            sumSquares(squares, ys, dataRows);
            for (int j = 0; j < p; j++) {
                if (shared[j]) continue;
                int c = outputSlot[2 + j];
                java.util.Arrays.fill(xh[j], h[c]);
                if (l[c] != 0) {
                    xl[j] = new double[m];
                    java.util.Arrays.fill(xl[j], l[c]);
                }
            }
        }
        for (int r = 0, rowByRow = byColumns ? 0 : dataRows; r < rowByRow; r++) {
            for (int k = 0; k < readSlot.length; k++) h[readSlot[k]] = readColumn[k][r];   // their low parts stay 0
            for (Step step : computed) compute(step, h, l, t);
            for (int e = 0; e < elements; e++) {
                int i = r * elements + e;
                int y = outputSlot[e * stride], off = outputSlot[e * stride + 1];
                squares.addProduct(h[y], l[y], h[y], l[y]);
                if (!plainResponse) {
                    DoubleDouble.add(h[y], l[y], -h[off], -l[off], t);
                    bh[i] = t[0];
                    bl[i] = t[1];
                    ys[i] = h[y] + l[y];
                    offsets[i] = h[off] + l[off];
                }
                for (int j = 0; j < p; j++) {
                    if (shared[j]) continue;
                    int c = outputSlot[e * stride + 2 + j];
                    xh[j][i] = h[c];
                    if (l[c] != 0) {
                        if (xl[j] == null) xl[j] = new double[m];
                        xl[j][i] = l[c];
                    }
                }
            }
        }
        for (int j = 0; j < p; j++) if (xl[j] == null) xl[j] = zeros;
        Design design = new Design(m, p, xh, xl, bh, bl, squares.value(), ys, offsets);
        mle.runtime.Phases.ended("the design");
        return Optional.of(design);
    }

    /** A node with its own and its arguments' slots. */
    private record Step(Node node, int out, int[] args) {
        static Step of(Node n, Schedule s) { return new Step(n, s.slot(n), n.args().stream().mapToInt(s::slot).toArray()); }
    }

    private static void compute(Step step, double[] h, double[] l, double[] t) {
        Node n = step.node;
        int[] arg = step.args;
        int a = arg[0];
        switch (n.op) {
            case ADD -> DoubleDouble.add(h[a], l[a], h[arg[1]], l[arg[1]], t);
            case SUB -> DoubleDouble.add(h[a], l[a], -h[arg[1]], -l[arg[1]], t);
            case MUL -> DoubleDouble.multiply(h[a], l[a], h[arg[1]], l[arg[1]], t);
            case DIV -> DoubleDouble.divide(h[a], l[a], h[arg[1]], l[arg[1]], t);
            case NEG -> {
                t[0] = -h[a];
                t[1] = -l[a];
            }
            case POW -> {
                Node exponent = n.arg(1);
                double k = h[arg[1]];
                if (exponent.isConst() && k == Math.rint(k) && Math.abs(k) <= 64) {
                    DoubleDouble.power(h[a], l[a], (long) k, t);
                } else {
                    t[0] = Functions.apply(Op.POW, h[a], k);
                    t[1] = 0;
                }
            }
            default -> {
                t[0] = Functions.value(n, k -> h[arg[k]]);
                t[1] = 0;
            }
        }
        h[step.out] = t[0];
        l[step.out] = t[1];
    }

    /** squares += Σ y², row by row: a method of its own, which the JIT compiles at once, not within all of {@link #of}. */
    private static void sumSquares(DoubleDouble.Accumulator squares, double[] y, int rows) {
        for (int r = 0; r < rows; r++) squares.addProduct(y[r], 0, y[r], 0);
    }
}
