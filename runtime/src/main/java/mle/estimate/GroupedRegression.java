package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import mle.compiler.ast.Names;
import mle.compiler.ir.Objective;
import mle.compiler.lower.GroupEffects;
import mle.compiler.lower.GroupedLinearModel;
import mle.compiler.lower.LinearModel;
import mle.compiler.lower.Unconstrained;
import mle.runtime.linear.Design;
import mle.runtime.linear.ExactLeastSquares;
import mle.runtime.linear.TwoWayLeastSquares;
import mle.runtime.linear.WithinLeastSquares;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * Least squares with one grouping's effects eliminated ({@link WithinLeastSquares}) or two ({@link TwoWayLeastSquares}):
 * β̂ from the projected design, the effects from the residuals, σ̂² = RSS/m. The inverse Hessian is known by blocks,
 * never formed whole: β̂'s covariance σ̂²(X̃ᵀX̃)⁻¹, σ̂'s σ̂²/(2m), and with one grouping each effect's variance
 * σ̂²(1/n_g + x̄_gᵀ(X̃ᵀX̃)⁻¹x̄_g): the same numbers as the design with a column per level would give, at a cost linear in
 * the rows and levels. Two groupings' effects are determined only up to a constant moved from one to the other in each
 * connected set of levels, as the design with a column per level would say: the verdict names that direction, and the
 * effects are shown under a stated normalisation, without standard errors.
 */
final class GroupedRegression implements Estimator {
    private static final String METHOD = "least squares with the groups' effects eliminated";
    private final GroupedLinearModel model;
    private final Design design;

    GroupedRegression(GroupedLinearModel model, Design design) {
        this.model = model;
        this.design = design;
    }

    /**
     * What either solve gives: β̂, the effects by grouping and level, the rows of each level, (X̃ᵀX̃)⁻¹, the unscaled
     * variances of the effects (null where they are not determined), the column the effects absorb (or −1).
     */
    private record Eliminated(double[] beta, double rss, double[][] effects, int[][] counts, double[][] inverse,
                              double[][] effectVariances, int absorbed, int dependent, int refinements, int rankOfEffects,
                              String how, String verdictNote, boolean converged) {}

    @Override
    public Attempt estimate(FitProblem problem) {
        long t0 = System.nanoTime();
        List<GroupEffects.Factor> factors = model.factors();
        LinearModel shared = model.shared();
        int m = design.rows, k = problem.size(), p = shared.location().length;
        int[][] groups = new int[factors.size()][];
        for (int f = 0; f < groups.length; f++) {
            groups[f] = levels(problem, factors.get(f), m);
            if (groups[f] == null) return new Attempt.Declined("a row's level is not one of 1.." + factors.get(f).levels());
        }
        Eliminated s = factors.size() == 1 ? oneWay(groups[0], factors.get(0).levels())
                : twoWay(problem, groups, factors);
        mle.runtime.Phases.ended("grouped: the solve");
        String groupNames = factors.stream().map(f -> "`" + groupName(problem, f) + "`").reduce((a, b) -> a + " and " + b).orElseThrow();
        String effectNames = factors.stream().map(f -> "`" + effectName(problem, f) + "`").reduce((a, b) -> a + " and " + b).orElseThrow();
        for (int f = 0; f < factors.size(); f++) {
            String empty = emptyLevels(s.counts[f], groupName(problem, factors.get(f)));
            if (empty != null) return DirectSolve.undetermined(problem, empty, METHOD);
        }
        if (s.absorbed >= 0 || s.dependent >= 0) {
            return DirectSolve.undetermined(problem, "`" + problem.parameterNames().get(shared.location()[Math.max(0, s.absorbed)])
                    + "` multiplies a column that " + (factors.size() == 1 ? "is constant within every level of " + groupNames
                    : "is a sum of a value per level of " + groupNames.replace(" and ", " and one per level of "))
                    + ", so the effects " + effectNames + " absorb it and its coefficient is not determined; drop it, or "
                    + (factors.size() == 1 ? "the grouping" : "a grouping"), METHOD);
        }
        int[] location = shared.location();
        double rss = s.rss;
        int scale = shared.scaleParameter();
        double[] theta = new double[k];
        for (int j = 0; j < p; j++) theta[location[j]] = s.beta[j];
        for (int f = 0; f < factors.size(); f++) {
            int[] params = factors.get(f).parameters();
            for (int l = 0; l < params.length; l++) theta[params[l]] = s.effects[f][l];
        }
        double sigma = scale >= 0 ? Math.sqrt(rss / m) : problem.value(shared.knownScale(), theta);
        if (scale >= 0) theta[scale] = sigma;
        double s2 = sigma * sigma;
        double[] u = problem.unconstrained(theta);
        double value = problem.value(problem.objective().objective(problem.mode()), theta);
        mle.runtime.Phases.ended("grouped: the objective's value");
        double[] gradient = gradient(s, groups, location, factors, scale, sigma, rss, k);
        mle.runtime.Phases.ended("grouped: the gradient");
        double[] se = new double[k];
        Set<Integer> meaningless = new TreeSet<>();
        for (int j = 0; j < p; j++) se[location[j]] = Math.sqrt(s2 * s.inverse[j][j]);
        for (int f = 0; f < factors.size(); f++) {
            int[] params = factors.get(f).parameters();
            for (int l = 0; l < params.length; l++) {
                se[params[l]] = s.effectVariances == null ? Double.NaN : Math.sqrt(s2 * s.effectVariances[f][l]);
                if (s.effectVariances == null) meaningless.add(params[l]);
            }
        }
        if (scale >= 0) se[scale] = sigma / Math.sqrt(2.0 * m);
        int levels = model.levels();
        OptimumStatistics stats = Inference.fromStandardErrors(problem.parameterNames(), theta, se, String.format(Locale.ROOT,
                "the %,d effects of %s (one per level of %s) were eliminated: %s, and the covariance "
                        + "of all %,d parameters is not formed", levels, effectNames, groupNames, s.effectVariances != null
                        ? "each standard error comes from its own block of the inverse Hessian"
                        : "the effects have no standard errors, since they are determined only up to a constant", k));
        mle.runtime.Phases.ended("grouped: the statistics");
        Verification.Conclusion verdict;
        if (!s.converged) {
            verdict = new Verification.Conclusion(Verdict.MAX_ITERATIONS, Verdict.MAX_ITERATIONS.sentence() + ": "
                    + s.verdictNote, Verification.allOf(k));
        } else if (scale >= 0 && rss <= Math.pow(16 * Math.ulp(1.0), 2) * design.sumOfSquares) {
            verdict = Verification.exactFit(k);
        } else if (s.verdictNote != null) {
            verdict = new Verification.Conclusion(Verdict.NOT_IDENTIFIABLE, Verdict.NOT_IDENTIFIABLE.sentence() + ": "
                    + s.verdictNote, meaningless);
        } else {
            verdict = new Verification.Conclusion(Verdict.EXACT, Verdict.EXACT.sentence() + " (" + s.how + ")", Set.of());
        }
        double[] gradientU = new double[k];
        for (Objective.Parameter par : problem.objective().params()) {
            gradientU[par.index()] = gradient[par.index()] * Unconstrained.transform(par, u[par.index()])[1];
        }
        Result result = DirectSolve.result(u, value, gradientU, s.refinements, 0, 0, verdict.verdict(), verdict.sentence(),
                t0, factors.size() == 1 ? "within transformation" : "two-way projection", 0);
        Search search = new Search(String.format(Locale.ROOT, "a direct solve with the groups' effects eliminated: the "
                + "likelihood is Gaussian with a mean linear in its parameters, where the %,d effects of %s are absorbed "
                + "by %s, so β̂ is the least-squares solution of what is left, the effects follow from the residuals, "
                + "and σ̂² = RSS/m", levels, groupNames, factors.size() == 1
                        ? "the within transformation (each column and y minus its group's mean)"
                        : "projecting each column and y off both groupings (conjugate gradients on their normal equations)"),
                "the mean is linear in its parameters, so the residual sum of squares is convex, and the scale's "
                        + "optimum follows from it (σ̂² = RSS/m)", 1, 1, 0, List.of(value));
        double[] expected = null;
        if (problem.settings().expectedInformation()) {
            // NIST's convention, as for ordinary least squares: σ² = RSS/(m − p) with p every location parameter
            // the data determine (the effects less one constant per connected set of levels, with two groupings).
            double ratio = Math.sqrt(rss / (m - p - s.rankOfEffects) / s2);
            expected = new double[k];
            for (int i = 0; i < k; i++) expected[i] = i == scale ? se[i] : se[i] * ratio;
        }
        return new Optimum(result, value, gradient, stats, verdict, search, expected, DirectSolve.ENGINE);
    }

    private Eliminated oneWay(int[] group, int levels) {
        WithinLeastSquares.Solution s = WithinLeastSquares.solve(design, group, levels);
        ExactLeastSquares.Solution w = s.within();
        int p = w.coefficients().length;
        double[][] covW = w.covariance();
        double[] variances = new double[levels];
        for (int g = 0; g < levels; g++) {
            double q = 0;
            double[] xbar = s.means()[g];
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) q += xbar[a] * covW[a][b] * xbar[b];
            variances[g] = 1.0 / s.counts()[g] + q;
        }
        String how = "the within transformation, then " + w.method() + " with " + w.refinements()
                + " steps of iterative refinement in double-double precision";
        return new Eliminated(w.coefficients(), w.rss(), new double[][] {s.effects()}, new int[][] {s.counts()}, covW,
                new double[][] {variances}, s.absorbed(), w.dependentColumn(), w.refinements(), levels, how, null, true);
    }

    private Eliminated twoWay(FitProblem problem, int[][] groups, List<GroupEffects.Factor> factors) {
        GroupEffects.Factor first = factors.get(0), second = factors.get(1);
        TwoWayLeastSquares.Solution s = TwoWayLeastSquares.solve(design, groups[0], first.levels(), groups[1], second.levels());
        ExactLeastSquares.Solution w = s.within();
        String h = groupName(problem, second);
        String note = !s.converged()
                ? String.format(Locale.ROOT, "the projection off `%s` and `%s` did not reach its tolerance in %,d "
                        + "conjugate-gradient steps (the levels are weakly connected through the rows), so no estimate "
                        + "is certain; refit with fewer levels, or with one grouping", groupName(problem, first), h, s.mostSteps())
                : shiftedConstant(problem, first, second, s.sets());
        String how = String.format(Locale.ROOT, "each column and y projected off both groupings in %,d conjugate-gradient "
                + "steps, then %s with %d rounds of refinement", s.steps(), w.method(), s.refinements());
        return new Eliminated(s.coefficients(), s.rss(), new double[][] {s.alpha(), s.gamma()},
                new int[][] {s.gCounts(), s.hCounts()}, w.covariance(), null, s.absorbed(), w.dependentColumn(),
                s.refinements(), first.levels() + second.levels() - s.sets(), how, note, s.converged());
    }

    /**
     * Why two groupings' effects are not determined: the flat direction, and the normalisation the effects are shown
     * under (γ of the lowest-numbered level of h in each connected set at 0).
     */
    static String shiftedConstant(FitProblem problem, GroupEffects.Factor first, GroupEffects.Factor second, int sets) {
        String a = effectName(problem, first), c = effectName(problem, second), h = groupName(problem, second);
        return String.format(Locale.ROOT, "the data determine the effects `%s` and `%s` only up to a constant added to "
                        + "every `%s` and taken from every `%s`%s, so the effects shown are one solution among many, with "
                        + "`%s` of the lowest-numbered level of `%s`%s at 0, and have no standard errors; the other "
                        + "estimates and their standard errors are determined", a, c, a, c,
                sets == 1 ? "" : String.format(Locale.ROOT, " in each of the %,d connected sets of levels "
                        + "(levels linked through rows)", sets), c, h, sets == 1 ? "" : " in each set");
    }

    /** The sentence for levels without rows, whose effects the data do not determine, or null when every level has rows. */
    private static String emptyLevels(int[] counts, String groupName) {
        List<Integer> empty = new ArrayList<>();
        for (int g = 0; g < counts.length; g++) if (counts[g] == 0) empty.add(g + 1);
        if (empty.isEmpty()) return null;
        boolean one = empty.size() == 1;
        return "level" + (one ? " " : "s ") + Names.listed(empty.stream().map(String::valueOf).toList()) + " of `"
                + groupName + "` " + (one ? "has" : "have") + " no rows, so " + (one ? "its" : "their") + " effect"
                + (one ? " is" : "s are") + " not determined; give every level rows, or number the levels present 1..K";
    }

    static String groupName(FitProblem problem, GroupEffects.Factor factor) {
        return problem.objective().columns().get(factor.index().index).name();
    }

    static String effectName(FitProblem problem, GroupEffects.Factor factor) {
        return problem.objective().params().get(factor.parameters()[0]).baseName();
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
    private double[] gradient(Eliminated s, int[][] groups, int[] location, List<GroupEffects.Factor> factors, int scale,
                              double sigma, double rss, int k) {
        double[] residual = design.response();
        for (int j = 0; j < location.length; j++) {
            double[] x = design.column(j);
            for (int i = 0; i < residual.length; i++) residual[i] -= x[i] * s.beta[j];
        }
        for (int f = 0; f < groups.length; f++) {
            for (int i = 0; i < residual.length; i++) residual[i] -= s.effects[f][groups[f][i]];
        }
        double s2 = sigma * sigma;
        double[] gradient = new double[k];
        double[] cross = design.transposeTimes(residual);
        for (int j = 0; j < location.length; j++) gradient[location[j]] = -cross[j] / s2;
        for (int f = 0; f < groups.length; f++) {
            int[] params = factors.get(f).parameters();
            for (int i = 0; i < residual.length; i++) gradient[params[groups[f][i]]] -= residual[i] / s2;
        }
        if (scale >= 0) gradient[scale] = residual.length / sigma - rss / (s2 * sigma);
        return gradient;
    }
}
