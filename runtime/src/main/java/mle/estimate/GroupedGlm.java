package mle.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import mle.compiler.ast.Names;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.GroupEffects;
import mle.runtime.linear.Design;
import mle.runtime.linear.GroupedNewton;
import mle.runtime.linear.TwoWayNewton;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * A logistic or Poisson regression with a grouping's effects eliminated ({@link GroupedNewton}): Newton's method on
 * the Schur complement of the levels' diagonal block, standard errors from the inverse Hessian's blocks, never formed
 * whole. A level whose effect has no finite optimum (all-zero counts; outcomes all 0 or all 1) is named, its effect
 * reported as ∓∞, and the verdict is a boundary, as for the same model with a column per level.
 */
final class GroupedGlm implements Estimator {
    private static final String METHOD = "Newton's method with the groups' effects eliminated";
    private final GeneralizedLinearModel.Grouped model;
    private final Design design;

    GroupedGlm(GeneralizedLinearModel.Grouped model, Design design) {
        this.model = model;
        this.design = design;
    }

    @Override
    public Attempt estimate(FitProblem problem) {
        if (model.factors().size() == 2) return twoWay(problem);
        long t0 = System.nanoTime();
        GroupEffects.Factor factor = model.factor();
        GeneralizedLinearModel shared = model.shared();
        int levels = factor.levels(), m = design.rows, k = problem.size(), p = shared.location().length;
        int[] group = GroupedRegression.levels(problem, factor, m);
        if (group == null) return new Attempt.Declined("a row's level is not one of 1.." + levels);
        String groupName = GroupedRegression.groupName(problem, factor);
        GroupedNewton.Solution s = GroupedNewton.solve(design, shared.family(), group, levels);
        if (s == null) {
            return DirectSolve.undetermined(problem, "Newton's method with the effects of `" + groupName + "` eliminated "
                    + "found no optimum: most likely a shared coefficient's column is constant within every level of `"
                    + groupName + "`, so the effects absorb it, or a level has no rows", METHOD);
        }
        int[] location = shared.location();
        double[] theta = new double[k], se = new double[k];
        for (int j = 0; j < p; j++) {
            theta[location[j]] = s.coefficients()[j];
            se[location[j]] = Math.sqrt(s.covariance()[j][j]);
        }
        for (int g = 0; g < levels; g++) {
            theta[factor.parameters()[g]] = s.effects()[g];
            se[factor.parameters()[g]] = Math.sqrt(s.effectVariances()[g]);
        }
        double value = valueAtLimit(problem, theta);
        double[] gradient = gradient(s.coefficients(), new int[][] {group}, new double[][] {s.effects()},
                new int[][] {factor.parameters()}, location, k);
        OptimumStatistics stats = Inference.fromStandardErrors(problem.parameterNames(), theta, se, String.format(
                Locale.ROOT, "the %,d effects of `%s` were eliminated level by level: each standard error comes from "
                        + "its own block of the inverse Hessian, and the covariance of all %,d parameters is not formed",
                levels, groupName, k));
        Verification.Conclusion verdict;
        Verdict v;
        if (s.runaway().length > 0) {
            v = Verdict.AT_BOUNDARY;
            Set<Integer> off = new TreeSet<>();
            for (int g : s.runaway()) off.add(factor.parameters()[g]);
            verdict = new Verification.Conclusion(v, v.sentence() + ": the effect of " + levelsOf(s.runaway(), groupName)
                    + " runs off to "
                    + (shared.family() == GeneralizedLinearModel.Family.LOG ? "−∞ (counts that are all zero in that group)"
                    : "±∞ (outcomes that are all 0 or all 1 in that group)") + "; the other estimates are the fit "
                    + "without those rows, which is its limit, and those effects have no standard error", off);
        } else {
            v = Verdict.CONVERGED_NEWTON_DECREMENT;
            verdict = new Verification.Conclusion(v, String.format(Locale.ROOT, "%s (%d Newton steps with the %,d "
                    + "effects eliminated; gᵀH⁻¹g = %.3g)", v.sentence(), s.iterations(), levels, s.decrement()), Set.of());
        }
        double[] u = problem.unconstrained(theta);
        Result result = DirectSolve.result(u, value, gradient.clone(), s.iterations(), s.iterations(), s.iterations(), v,
                verdict.sentence(), t0, "Newton, levels eliminated", 0);
        Search search = new Search(String.format(Locale.ROOT, "Newton's method with the groups' effects eliminated: a %s "
                + "regression with its canonical link and %,d effects of `%s`, whose Hessian block is diagonal; each step "
                + "solves the Schur complement on the shared coefficients and back-substitutes each level",
                shared.family().regression(), levels, groupName), "the objective is convex (a canonical-link likelihood of a "
                + "linear predictor)", 1, 1, 0, List.of(value));
        return new Optimum(result, value, gradient, stats, verdict, search, null, DirectSolve.ENGINE);
    }

    /** The objective at θ, where an effect off at infinity makes its rows certain: a finite stand-in does so exactly. */
    private static double valueAtLimit(FitProblem problem, double[] theta) {
        double[] limit = theta.clone();
        for (int i = 0; i < limit.length; i++) if (Double.isInfinite(limit[i])) limit[i] = Math.copySign(1e300, limit[i]);
        return problem.value(problem.objective().objective(problem.mode()), limit);
    }

    /**
     * ∂objective/∂θ: Xᵀ(μ − y) for the coefficients and each level's Σ(μ − y), by grouping; a row whose effect is
     * not finite (off at infinity, or not determined) adds nothing.
     */
    private double[] gradient(double[] beta, int[][] groups, double[][] effects, int[][] params, int[] location, int k) {
        double[] eta = design.predictor(beta);
        double[] residual = new double[eta.length];
        double[] y = design.outcomes();
        double[] gradient = new double[k];
        rows:
        for (int i = 0; i < eta.length; i++) {
            double predictor = eta[i];
            for (int f = 0; f < groups.length; f++) {
                double effect = effects[f][groups[f][i]];
                if (!Double.isFinite(effect)) continue rows;
                predictor += effect;
            }
            residual[i] = model.shared().family().mean(predictor) - y[i];
            for (int f = 0; f < groups.length; f++) gradient[params[f][groups[f][i]]] += residual[i];
        }
        double[] cross = design.transposeTimes(residual);
        for (int j = 0; j < location.length; j++) gradient[location[j]] = cross[j];
        return gradient;
    }

    /**
     * Two groupings ({@link TwoWayNewton}): β̂ and its standard errors, the effects under the stated normalisation
     * without standard errors, and the verdict that names the constant moved between the groupings (and any level that
     * runs off).
     */
    private Attempt twoWay(FitProblem problem) {
        long t0 = System.nanoTime();
        GroupEffects.Factor first = model.factors().get(0), second = model.factors().get(1);
        GeneralizedLinearModel shared = model.shared();
        int m = design.rows, k = problem.size(), p = shared.location().length;
        int[] g = GroupedRegression.levels(problem, first, m), h = GroupedRegression.levels(problem, second, m);
        if (g == null) return new Attempt.Declined("a row's level is not one of 1.." + first.levels());
        if (h == null) return new Attempt.Declined("a row's level is not one of 1.." + second.levels());
        String groupNames = "`" + GroupedRegression.groupName(problem, first) + "` and `" + GroupedRegression.groupName(problem, second) + "`";
        TwoWayNewton.Solution s = TwoWayNewton.solve(design, shared.family(), g, first.levels(), h, second.levels());
        if (s == null) {
            return DirectSolve.undetermined(problem, "Newton's method with the effects of " + groupNames + " eliminated "
                    + "found no optimum: a shared coefficient's column is a sum of a value per level of each grouping, so "
                    + "the effects absorb it", METHOD);
        }
        int[] location = shared.location();
        double[] theta = new double[k], se = new double[k];
        Set<Integer> meaningless = new TreeSet<>();
        for (int j = 0; j < p; j++) {
            theta[location[j]] = s.coefficients()[j];
            se[location[j]] = Math.sqrt(s.covariance()[j][j]);
        }
        double[][] effects = {s.alpha(), s.gamma()};
        int[][] params = {first.parameters(), second.parameters()};
        for (int f = 0; f < 2; f++) {
            for (int l = 0; l < params[f].length; l++) {
                theta[params[f][l]] = effects[f][l];
                se[params[f][l]] = Double.NaN;
                meaningless.add(params[f][l]);
            }
        }
        double value = valueAtLimit(problem, theta);
        double[] gradient = gradient(s.coefficients(), new int[][] {g, h}, effects, params, location, k);
        OptimumStatistics stats = Inference.fromStandardErrors(problem.parameterNames(), theta, se, String.format(
                Locale.ROOT, "the %,d effects of %s were eliminated: the effects have no standard errors, since they are "
                        + "determined only up to a constant, and the covariance of all %,d parameters is not formed",
                model.levels(), groupNames, k));
        String note;
        Verdict v;
        if (!s.converged()) {
            v = Verdict.MAX_ITERATIONS;
            note = String.format(Locale.ROOT, "Newton's method with the effects of %s eliminated did not reach its "
                    + "tolerance in %d steps (last decrement %.3g), so no estimate is certain", groupNames, s.iterations(),
                    s.decrement());
            meaningless.addAll(Verification.allOf(k));
        } else {
            v = Verdict.NOT_IDENTIFIABLE;
            note = GroupedRegression.shiftedConstant(problem, first, second, s.sets());
            List<String> off = new java.util.ArrayList<>();
            if (s.runawayG().length > 0) off.add(levelsOf(s.runawayG(), GroupedRegression.groupName(problem, first)));
            if (s.runawayH().length > 0) off.add(levelsOf(s.runawayH(), GroupedRegression.groupName(problem, second)));
            if (!off.isEmpty()) {
                note += "; also, the effect of " + String.join(" and of ", off) + " runs off to ±∞ (outcomes that are all "
                        + (shared.family() == GeneralizedLinearModel.Family.LOG ? "zero" : "0 or all 1") + " there), "
                        + "and the other estimates are the fit without those rows, which is its limit";
                List<String> lost = new java.util.ArrayList<>();
                int[] leftG = withoutRows(s.alpha(), g), leftH = withoutRows(s.gamma(), h);
                if (leftG.length > 0) lost.add(levelsOf(leftG, GroupedRegression.groupName(problem, first)));
                if (leftH.length > 0) lost.add(levelsOf(leftH, GroupedRegression.groupName(problem, second)));
                if (!lost.isEmpty()) {
                    boolean one = leftG.length + leftH.length == 1;
                    note += "; " + String.join(" and ", lost) + (one ? " keeps" : " keep") + " no rows once those are set "
                            + "aside, so " + (one ? "its effect is" : "their effects are") + " not determined";
                }
            }
        }
        Verification.Conclusion verdict = new Verification.Conclusion(v, v.sentence() + ": " + note, meaningless);
        double[] u = problem.unconstrained(theta);
        Result result = DirectSolve.result(u, value, gradient.clone(), s.iterations(), s.iterations(), s.iterations(), v,
                verdict.sentence(), t0, "Newton, two groupings eliminated", 0);
        Search search = new Search(String.format(Locale.ROOT, "Newton's method with two groupings' effects eliminated: a "
                + "%s regression with its canonical link and %,d effects of %s; each step is a weighted least-squares "
                + "solve with both groupings projected off by conjugate gradients", shared.family().regression(),
                model.levels(), groupNames), "the objective is convex (a canonical-link likelihood of a linear predictor)",
                1, 1, 0, List.of(value));
        return new Optimum(result, value, gradient, stats, verdict, search, null, DirectSolve.ENGINE);
    }

    /** "level 3 of `g`" or "levels 3, 4 and 23 of `g`" (0-based levels in). */
    private static String levelsOf(int[] levels, String grouping) {
        List<String> named = Arrays.stream(levels).mapToObj(l -> Integer.toString(l + 1)).toList();
        return (named.size() == 1 ? "level " : "levels ") + Names.listed(named) + " of `" + grouping + "`";
    }

    /** The levels (0-based) that have rows in the data but no effect: all their rows were set aside. */
    private static int[] withoutRows(double[] effects, int[] level) {
        boolean[] seen = new boolean[effects.length];
        for (int l : level) seen[l] = true;
        return java.util.stream.IntStream.range(0, effects.length).filter(l -> seen[l] && Double.isNaN(effects[l])).toArray();
    }
}
