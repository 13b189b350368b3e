package mle.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.estimate.FitProblem;
import mle.runtime.data.DataTable;

/** What a fit says about each row: its predictions and residuals, and its score for the sandwich's meat. */
final class RowValues {
    private RowValues() {}

    /**
     * Each observation, its fitted value, residual and standardized (Pearson) residual, and the row's log-likelihood
     * contribution.
     */
    static Predictions predictions(Objective objective, DataTable data, double[][] columns, double[] theta) {
        int rows = data.rowCount();
        List<String> header = new ArrayList<>(List.of("line"));
        List<Node> outputs = new ArrayList<>();
        IrBuilder b = objective.builder();
        boolean single = objective.likelihoods().size() == 1 && objective.likelihoods().getFirst().targets().size() == 1;
        synchronized (b) {
            for (Objective.Likelihood l : objective.likelihoods()) {
                for (int e = 0; e < l.targets().size(); e++) {
                    Node y = l.targets().get(e);
                    List<Node> args = new ArrayList<>();
                    for (int a = 0; a < l.arguments().size(); a++) args.add(l.argument(a, e));
                    Node mean = l.distribution().mean(b, args), variance = l.distribution().variance(b, args);
                    String name = IrPrinter.inline(y, objective.naming()).replace("ᵢ", "");
                    String suffix = single ? "" : "_" + name;
                    header.addAll(List.of(name, "fitted" + suffix, "residual" + suffix, "std_residual" + suffix));
                    outputs.addAll(List.of(y, mean, b.sub(y, mean),
                            variance == null ? b.constant(Double.NaN) : b.div(b.sub(y, mean), b.apply(Op.SQRT, variance))));
                }
            }
        }
        header.add("loglik");
        double[][] out = new double[outputs.size() + 1][rows];
        new Evaluator(new Schedule(outputs)).forEachRow(theta, columns, rows, (row, values) -> {
            for (int c = 0; c < values.length; c++) out[c][row] = values[c];
            return true;
        });
        // A row's contribution: the NLL of that row alone (every term, `target +=` and censoring included).
        double[] loglik = out[outputs.size()];
        eachRowAlone(List.of(objective.nll()), theta, columns, rows, (values, r) -> loglik[r] = -values[0]);
        long[] lines = new long[rows];
        for (int r = 0; r < rows; r++) lines[r] = data.lineOf(r);
        return new Predictions(List.copyOf(header), lines, out);
    }

    /** Sandwich standard errors: H⁻¹·(Σᵢ gᵢgᵢᵀ)·H⁻¹, the bread the fit's covariance, gᵢ the score of row i alone. */
    static List<Estimate> robust(Objective objective, double[][] columns, int rows, double[] theta, double[][] bread) {
        int k = objective.params().size();
        List<Node> score;
        synchronized (objective.builder()) {
            score = List.of(new Differentiator(objective.builder()).gradient(objective.nll(), k));
        }
        // The meat: Σᵢ gᵢgᵢᵀ, each row's score from that row alone.
        double[][] meat = new double[k][k];
        eachRowAlone(score, theta, columns, rows, (g, r) -> {
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) meat[i][j] += g[i] * g[j];
        });
        double[] u = FitProblem.unconstrained(objective, theta);
        List<Estimate> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double variance = 0;
            for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) variance += bread[i][a] * meat[a][b] * bread[b][i];
            out.add(FitAssembly.estimate(objective, i, u, Math.sqrt(variance)));
        }
        return List.copyOf(out);
    }

    /**
     * The values of {@code outputs} on each row as if it were the only one (n = 1): a row's own share of sums over the
     * rows, such as its log-likelihood contribution or its score.
     */
    private static void eachRowAlone(List<Node> outputs, double[] theta, double[][] columns, int rows,
                                     ObjIntConsumer<double[]> perRow) {
        new Evaluator(new Schedule(outputs)).forEachRowAlone(theta, columns, rows, (r, values) -> {
            perRow.accept(values, r);
            return true;
        });
    }
}
