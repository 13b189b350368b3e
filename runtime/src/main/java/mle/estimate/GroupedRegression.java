package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mle.compiler.ir.Objective;
import mle.compiler.lower.GroupEffects;
import mle.compiler.lower.GroupedLinearModel;
import mle.compiler.lower.LinearModel;
import mle.compiler.lower.Unconstrained;
import mle.runtime.linear.Design;
import mle.runtime.linear.WithinLeastSquares;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * Least squares with a grouping's effects eliminated ({@link WithinLeastSquares}): β̂ from the within transformation,
 * each α̂_g its group's mean residual, σ̂² = RSS/m. The inverse Hessian is known by blocks, never formed whole: β̂'s
 * covariance σ̂²(X̃ᵀX̃)⁻¹, each effect's variance σ̂²(1/n_g + x̄_gᵀ(X̃ᵀX̃)⁻¹x̄_g), σ̂'s σ̂²/(2m), the same numbers as the
 * design with a column per level would give, at a cost linear in the rows and levels.
 */
final class GroupedRegression implements Estimator {
    private final GroupedLinearModel model;
    private final Design design;

    GroupedRegression(GroupedLinearModel model, Design design) {
        this.model = model;
        this.design = design;
    }

    @Override
    public Attempt estimate(FitProblem problem) {
        long t0 = System.nanoTime();
        GroupEffects.Factor factor = model.factor();
        LinearModel shared = model.shared();
        int levels = factor.levels(), m = design.rows, k = problem.size(), p = shared.location().length;
        int[] group = levels(problem, factor, m);
        if (group == null) return new Attempt.Declined("a row's level is not one of 1.." + levels);
        WithinLeastSquares.Solution s = WithinLeastSquares.solve(design, group, levels);
        mle.runtime.Phases.ended("grouped: the within solve");
        String groupName = problem.objective().columns().get(factor.index().index).name();
        String effectName = problem.objective().params().get(factor.parameters()[0]).baseName();
        List<Integer> empty = new ArrayList<>();
        for (int g = 0; g < levels; g++) if (s.counts()[g] == 0) empty.add(g + 1);
        if (!empty.isEmpty() || s.absorbed() >= 0 || s.within().dependentColumn() >= 0) {
            String why = !empty.isEmpty()
                    ? "level" + (empty.size() == 1 ? " " : "s ") + mle.compiler.ast.Names.listed(empty.stream().map(String::valueOf).toList())
                            + " of `" + groupName + "` " + (empty.size() == 1 ? "has" : "have") + " no rows, so "
                            + (empty.size() == 1 ? "its" : "their") + " effect" + (empty.size() == 1 ? " is" : "s are")
                            + " not determined; give every level rows, or number the levels present 1..K"
                    : "`" + problem.parameterNames().get(shared.location()[Math.max(0, s.absorbed())]) + "` multiplies a "
                            + "column that is constant within every level of `" + groupName + "`, so the effects `"
                            + effectName + "` absorb it and its coefficient is not determined; drop it, or the grouping";
            return DirectSolve.noEstimate(problem, DirectSolve.noStatistics(problem), Verdict.NOT_IDENTIFIABLE.sentence() + ": " + why,
                    "no estimate: " + why, "least squares with the groups' effects eliminated",
                    "none: the coefficients cannot all be determined from these rows");
        }
        int[] location = shared.location();
        double[] beta = s.within().coefficients();
        double rss = s.within().rss();
        int scale = shared.scaleParameter();
        double[] theta = new double[k];
        for (int j = 0; j < p; j++) theta[location[j]] = beta[j];
        for (int g = 0; g < levels; g++) theta[factor.parameters()[g]] = s.effects()[g];
        double sigma = scale >= 0 ? Math.sqrt(rss / m) : problem.value(shared.knownScale(), theta);
        if (scale >= 0) theta[scale] = sigma;
        double s2 = sigma * sigma;
        double[] u = problem.unconstrained(theta);
        double value = problem.value(problem.objective().objective(problem.mode()), theta);
        mle.runtime.Phases.ended("grouped: the objective's value");
        double[] gradient = gradient(s, group, location, factor.parameters(), scale, sigma, rss, k);
        mle.runtime.Phases.ended("grouped: the gradient");
        double[][] covW = s.within().covariance();
        double[] se = new double[k];
        for (int j = 0; j < p; j++) se[location[j]] = Math.sqrt(s2 * covW[j][j]);
        for (int g = 0; g < levels; g++) {
            double q = 0;
            double[] xbar = s.means()[g];
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) q += xbar[a] * covW[a][b] * xbar[b];
            se[factor.parameters()[g]] = Math.sqrt(s2 * (1.0 / s.counts()[g] + q));
        }
        if (scale >= 0) se[scale] = sigma / Math.sqrt(2.0 * m);
        OptimumStatistics stats = Inference.fromStandardErrors(problem.parameterNames(), theta, se, String.format(Locale.ROOT,
                "the %,d effects of `%s` (one per level of `%s`) were eliminated level by level: each standard error "
                        + "comes from its own block of the inverse Hessian, and the covariance of all %,d parameters is "
                        + "not formed", levels, effectName, groupName, k));
        mle.runtime.Phases.ended("grouped: the statistics");
        String how = "the within transformation, then " + s.within().method() + " with " + s.within().refinements()
                + " steps of iterative refinement in double-double precision";
        Verdict v = Verdict.EXACT;
        Verification.Conclusion verdict = new Verification.Conclusion(v, v.sentence() + " (" + how + ")", Set.of());
        if (scale >= 0 && rss <= Math.pow(16 * Math.ulp(1.0), 2) * design.sumOfSquares) verdict = Verification.exactFit(k);
        double[] gradientU = new double[k];
        for (Objective.Parameter par : problem.objective().params()) {
            gradientU[par.index()] = gradient[par.index()] * Unconstrained.transform(par, u[par.index()])[1];
        }
        Result result = DirectSolve.result(u, value, gradientU, s.within().refinements(), 0, 0, v, verdict.sentence(),
                t0, "within transformation", 0);
        Search search = new Search(String.format(Locale.ROOT, "a direct solve with the groups' effects eliminated: the "
                + "likelihood is Gaussian with a mean linear in its parameters, where the %,d effects of `%s` are absorbed "
                + "by the within transformation (each column and y minus its group's mean), so β̂ is the least-squares "
                + "solution of what is left, each effect its group's mean residual, and σ̂² = RSS/m", levels, groupName),
                "the mean is linear in its parameters, so the residual sum of squares is convex, and the scale's "
                        + "optimum follows from it (σ̂² = RSS/m)", 1, 1, 0, List.of(value));
        double[] expected = null;
        if (problem.settings().expectedInformation()) {
            // NIST's convention, as for ordinary least squares: σ² = RSS/(m − p) with p every location parameter.
            double ratio = Math.sqrt(rss / (m - p - levels) / s2);
            expected = new double[k];
            for (int i = 0; i < k; i++) expected[i] = i == scale ? se[i] : se[i] * ratio;
        }
        return new Optimum(result, value, gradient, stats, verdict, search, expected, DirectSolve.ENGINE);
    }

    /** Each row's level, 0-based, from the grouping's column (whose values the data checks keep in 1..G), or null. */
    static int[] levels(FitProblem problem, GroupEffects.Factor factor, int rows) {
        double[] index = problem.columns()[factor.index().index];
        int[] group = new int[rows];
        for (int i = 0; i < rows; i++) {
            double v = index[i];
            if (!(v >= 1 && v <= factor.levels() && v == Math.rint(v))) return null;
            group[i] = (int) v - 1;
        }
        return group;
    }

    /** ∂objective/∂θ at the solution in closed form: −Xᵀr/σ², each level's −Σr/σ², and m/σ − RSS/σ³ for σ. */
    private double[] gradient(WithinLeastSquares.Solution s, int[] group, int[] location, int[] effects, int scale,
                              double sigma, double rss, int k) {
        double[] residual = design.response();
        double[] beta = s.within().coefficients();
        for (int j = 0; j < location.length; j++) {
            double[] x = design.column(j);
            for (int i = 0; i < residual.length; i++) residual[i] -= x[i] * beta[j];
        }
        for (int i = 0; i < residual.length; i++) residual[i] -= s.effects()[group[i]];
        double s2 = sigma * sigma;
        double[] gradient = new double[k];
        double[] cross = design.transposeTimes(residual);
        for (int j = 0; j < location.length; j++) gradient[location[j]] = -cross[j] / s2;
        for (int i = 0; i < residual.length; i++) gradient[effects[group[i]]] -= residual[i] / s2;
        if (scale >= 0) gradient[scale] = residual.length / sigma - rss / (s2 * sigma);
        return gradient;
    }
}
