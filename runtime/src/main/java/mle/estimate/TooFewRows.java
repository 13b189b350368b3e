package mle.estimate;

import java.util.Arrays;
import java.util.Locale;
import mle.runtime.linear.Design;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * A design with more columns than rows, said before any search: its rank is at most the rows, so at least columns −
 * rows combinations of the coefficients are flat and there is no estimate to find (a search would list each flat
 * direction, with thousands of terms each, and the time to find them). Answers with no estimate and that verdict.
 */
final class TooFewRows implements Estimator {
    private final Design design;

    TooFewRows(Design design) { this.design = design; }

    /** Whether the design has more columns than rows. */
    static boolean applies(Design design) { return design.columns > design.rows; }

    @Override
    public Attempt estimate(FitProblem problem) {
        Verdict v = Verdict.NOT_IDENTIFIABLE;
        String sentence = String.format(Locale.ROOT, "%s: %,d rows cannot determine %,d coefficients (the "
                + "design matrix is %,d × %,d, so its rank is at most %,d, and at least %,d combinations of the "
                + "coefficients are flat); there is no estimate. Fit fewer coefficients, give them more rows, or give "
                + "them a prior (a ridge or a lasso).", v.sentence(), design.rows, design.columns, design.rows,
                design.columns, design.rows, design.columns - design.rows);
        int k = problem.size();
        double[][] nan = new double[k][k];
        for (double[] row : nan) Arrays.fill(row, Double.NaN);
        double[] nothing = new double[k];
        Arrays.fill(nothing, Double.NaN);
        OptimumStatistics stats = Inference.atOptimum(nan, nothing, problem.parameterNames());
        return DirectSolve.noEstimate(problem, stats, sentence, "no method ran: the design has more columns than rows",
                "none: the design has more columns than rows", "none: the coefficients cannot all be determined from these rows");
    }
}
