package mle.runtime.linear;

import java.util.List;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.PredictorStructure;
import mle.runtime.ObjectiveFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The objective of a model whose many coefficients enter through one linear predictor ({@link PredictorStructure}),
 * in the optimiser's coordinates: each call forms η = offset + Xβ, evaluates the small per-row expressions (ℓ, ℓ′, ℓ″
 * and the other parameters' derivatives) with the reference evaluator, and multiplies by X with EJML. The gradient
 * costs two passes and a product with X; the Hessian XᵀWX one product more. Memory and work grow with n·p, not with
 * p² symbolic entries. Calls may come from several threads at once (each builds its own η column).
 */
public final class PredictorObjective implements ObjectiveFunction {
    private final PredictorStructure s;
    private final int dimension, rows;
    private final DMatrixRMaj x;
    private final double[] offset;
    private final double[][] data;
    private final Schedule sums, slope, curvatures, otherHessian;

    private PredictorObjective(PredictorStructure s, int dimension, DMatrixRMaj x, double[] offset, double[][] data, int rows) {
        this.s = s;
        this.dimension = dimension;
        this.x = x;
        this.offset = offset;
        this.data = data;
        this.rows = rows;
        List<Node> sumOutputs = new java.util.ArrayList<>(List.of(s.objective()));
        sumOutputs.addAll(List.of(s.otherGradient()));
        this.sums = new Schedule(sumOutputs);
        this.slope = new Schedule(List.of(s.slope()));
        List<Node> perRow = new java.util.ArrayList<>(List.of(s.curvature()));
        perRow.addAll(List.of(s.crossSlopes()));
        this.curvatures = new Schedule(perRow);
        List<Node> hessian = new java.util.ArrayList<>();
        for (Node[] row : s.otherHessian()) hessian.addAll(List.of(row));
        this.otherHessian = new Schedule(hessian);
    }

    /** The objective over these data, or null when the design's columns need sums over rows (not done here). */
    public static PredictorObjective of(PredictorStructure s, int dimension, double[][] data, int rows) {
        List<Node> nodes = new java.util.ArrayList<>(List.of(s.predictor().offsets().getFirst()));
        nodes.addAll(List.of(s.predictor().columns().getFirst()));
        Schedule schedule = new Schedule(nodes);
        if (!schedule.rowSums.isEmpty()) return null;
        int p = s.coefficients().length;
        DMatrixRMaj x = new DMatrixRMaj(rows, p);
        double[] offset = new double[rows];
        new Evaluator(schedule).forEachRow(new double[dimension], data, rows, (row, values) -> {
            offset[row] = values[0];
            for (int j = 0; j < p; j++) x.set(row, j, values[1 + j]);
            return true;
        });
        return new PredictorObjective(s, dimension, x, offset, data, rows);
    }

    @Override
    public int dimension() { return dimension; }

    /** The data with η = offset + Xβ and a column of ones appended, for one call. */
    private double[][] withPredictor(double[] u) {
        int p = s.coefficients().length;
        DMatrixRMaj beta = new DMatrixRMaj(p, 1), eta = new DMatrixRMaj(rows, 1);
        for (int j = 0; j < p; j++) beta.set(j, 0, u[s.coefficients()[j]]);
        CommonOps_DDRM.mult(x, beta, eta);
        double[] column = eta.getData();
        for (int i = 0; i < rows; i++) column[i] += offset[i];
        double[] ones = new double[rows];
        java.util.Arrays.fill(ones, 1);
        double[][] all = java.util.Arrays.copyOf(data, s.etaColumn() + 2);
        all[s.etaColumn()] = column;
        all[s.etaColumn() + 1] = ones;
        return all;
    }

    @Override
    public double valueAndGradient(double[] u, double[] gradient) {
        double[][] all = withPredictor(u);
        double[] out = new Evaluator(sums).evaluate(u, all, rows);
        java.util.Arrays.fill(gradient, 0);
        for (int j = 0; j < s.others().length; j++) gradient[s.others()[j]] = out[1 + j];
        double[] perRow = new double[rows];
        new Evaluator(slope).forEachRow(u, all, rows, (row, values) -> {
            perRow[row] = values[0];
            return true;
        });
        double[] g = transposeTimes(perRow);
        for (int j = 0; j < g.length; j++) gradient[s.coefficients()[j]] = g[j];
        return out[0];
    }

    @Override
    public double value(double[] u) {
        return new Evaluator(sums).evaluate(u, withPredictor(u), rows)[0];
    }

    @Override
    public void hessian(double[] u, double[][] hessian) {
        double[][] all = withPredictor(u);
        int p = s.coefficients().length, q = s.others().length;
        double[] w = new double[rows];
        double[][] cross = new double[q][rows];
        new Evaluator(curvatures).forEachRow(u, all, rows, (row, values) -> {
            w[row] = values[0];
            for (int j = 0; j < q; j++) cross[j][row] = values[1 + j];
            return true;
        });
        DMatrixRMaj h = new DMatrixRMaj(p, p);
        Gram.weighted(x, w, h, "the Hessian XᵀWX");
        for (double[] row : hessian) java.util.Arrays.fill(row, 0);
        for (int a = 0; a < p; a++) {
            for (int c = 0; c < p; c++) hessian[s.coefficients()[a]][s.coefficients()[c]] = h.get(a, c);
        }
        for (int j = 0; j < q; j++) {
            double[] xc = transposeTimes(cross[j]);
            for (int a = 0; a < p; a++) hessian[s.coefficients()[a]][s.others()[j]] = hessian[s.others()[j]][s.coefficients()[a]] = xc[a];
        }
        double[] other = new Evaluator(otherHessian).evaluate(u, all, rows);
        for (int j = 0; j < q; j++) for (int l = 0; l < q; l++) hessian[s.others()[j]][s.others()[l]] = other[j * q + l];
    }

    /** Xᵀv. */
    private double[] transposeTimes(double[] v) {
        DMatrixRMaj vector = new DMatrixRMaj(rows, 1, true, v), out = new DMatrixRMaj(x.numCols, 1);
        CommonOps_DDRM.multTransA(x, vector, out);
        return out.getData();
    }
}
