package mle.runtime.parts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Node;
import mle.compiler.ir.RowProgram;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.LinearModel;
import mle.runtime.linear.Design;
import mle.runtime.linear.DoubleDouble;
import mle.runtime.linear.ExactLeastSquares;
import mle.runtime.linear.TallLeastSquares;

/**
 * Ordinary least squares on rows held in parts, solved as {@link TallLeastSquares} solves a tall design in memory:
 * each part sums [X y]ᵀ[X y] of its own rows exactly (double-double), the parts' sums are added, and the normal
 * equations are solved and refined on the driver; one more pass gives the residual sum of squares. The design's
 * expressions travel to the parts as a {@link RowProgram}. Null where the design is too ill-conditioned for the
 * normal equations (cond above 10⁶) or needs sums over the rows: the fit then searches.
 */
public final class PartedLeastSquares {
    private PartedLeastSquares() {}

    public static final String METHOD = "the normal equations summed exactly (in double-double) where the rows are";

    /** The solution, and for the statistics Xᵀr at it, Σy² and the number of observations. */
    public record Solution(ExactLeastSquares.Solution solution, double[] crossResiduals, double sumOfSquares, int observations) {}

    public static Optional<Solution> solve(LinearModel model, PartedRows rows) {
        int p = model.location().length, elements = model.targets().size();
        List<Node> roots = new ArrayList<>();
        for (int e = 0; e < elements; e++) {
            roots.add(model.targets().get(e));
            roots.add(model.offsets().get(e));
            roots.addAll(List.of(model.columns().get(e)));
        }
        if (!new Schedule(roots).rowSums.isEmpty()) return Optional.empty();   // a centred covariate, say
        RowProgram design = RowProgram.of(roots, rows.count());
        int pairs = (p + 1) * (p + 2) / 2;
        // One pass: the parts' [X b]ᵀ[X b] (unscaled) and Σy², as (hi, lo) pairs.
        double[] sums = rows.aggregate(part -> {
            Design d = designOf(design, elements, p, part);
            double[] ones = new double[p];
            Arrays.fill(ones, 1);
            double[] own = Arrays.copyOf(TallLeastSquares.crossSums(d, ones), 2 * pairs + 2);
            own[2 * pairs] = d.sumOfSquares;
            return own;
        }, new double[2 * pairs + 2], DoubleDouble::addPairs);
        // Columns scaled by powers of two to norms near 1 (exact), as the in-memory solve scales them.
        double[] scale = new double[p];
        for (int j = 0, at = 0; j < p; at += 2 * (p + 1 - j), j++) scale[j] = ExactLeastSquares.columnScale(sums[at] + sums[at + 1]);
        double[] scaled = Arrays.copyOf(sums, 2 * pairs);
        for (int a = 0, at = 0; a <= p; a++) {
            for (int c = a; c <= p; c++, at += 2) {
                double factor = (a < p ? scale[a] : 1) * (c < p ? scale[c] : 1);
                scaled[at] /= factor;
                scaled[at + 1] /= factor;
            }
        }
        ExactLeastSquares.Solution solution = TallLeastSquares.fromSums(scaled, p, scale, (bh, bl) -> {
            double[] rss = rows.aggregate(part -> new double[] {
                    TallLeastSquares.residualSumOfSquares(designOf(design, elements, p, part), bh, bl), 0},
                    new double[2], DoubleDouble::addPairs);
            return rss[0] + rss[1];
        });
        if (solution == null) return Optional.empty();
        double[] beta = solution.coefficients();
        double[] cross = rows.aggregate(part -> designOf(design, elements, p, part).crossResiduals(beta), new double[p],
                PartedLeastSquares::add);
        ExactLeastSquares.Solution named = new ExactLeastSquares.Solution(beta, solution.rss(), solution.covariance(),
                solution.refinements(), solution.refined(), -1, solution.conditionEstimate(), solution.gram(), METHOD);
        return Optional.of(new Solution(named, cross, sums[2 * pairs] + sums[2 * pairs + 1], rows.count() * elements));
    }

    /** The part's design, rebuilt from the program: per element its response, offset and columns. */
    private static Design designOf(RowProgram program, int elements, int p, PartedRows.Part part) {
        List<Node> nodes = program.rebuild();
        List<Node> targets = new ArrayList<>(), offsets = new ArrayList<>();
        List<Node[]> columns = new ArrayList<>();
        for (int e = 0; e < elements; e++) {
            int at = e * (p + 2);
            targets.add(nodes.get(at));
            offsets.add(nodes.get(at + 1));
            columns.add(nodes.subList(at + 2, at + 2 + p).toArray(Node[]::new));
        }
        return Design.of(targets, offsets, columns, part.columns(), part.rows()).orElseThrow();
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] += b[i];
        return out;
    }
}
