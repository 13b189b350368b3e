package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import mle.compiler.LargeStack;
import mle.compiler.interrupt.Interruption;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Objective;
import mle.compiler.lower.RandomEffects;
import mle.compiler.lower.Unconstrained;
import mle.runtime.optim.Minimizer;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * Models with random effects: the marginal likelihood of θ with the random effects integrated out by the Laplace
 * approximation ({@link MarginalObjective}; exact for a linear mixed model), maximised over θ by the optimisers with
 * its exact gradient, standard errors from its Hessian (central differences of that gradient, as TMB's sdreport), and
 * the random effects' conditional modes and standard deviations at θ̂.
 *
 * <p>The verdict covers the inner solves: an evaluation whose inner Newton found no minimum is a failed evaluation
 * (not a number to the optimiser), never a value used silently. A scale of the random effects that runs to 0 is a
 * boundary fit: the data show no variation between the levels.
 */
final class LaplaceApproximation implements Estimator {

    @Override
    public Attempt estimate(FitProblem problem) {
        Objective objective = problem.objective();
        RandomEffects effects;
        try {
            effects = RandomEffects.of(objective, problem.mode(), List.of());
        } catch (RandomEffects.Unsupported unsupported) {
            return new Attempt.Refused(Attempt.Refused.Reason.UNSUPPORTED, unsupported.getMessage(), null);
        }
        LargeStack.step("the Laplace approximation's derivatives");
        MarginalObjective f = new MarginalObjective(effects, problem.columns(), problem.rows().count());
        if (!f.factorable()) {
            return new Attempt.Refused(Attempt.Refused.Reason.UNSUPPORTED, "the random effects are linked across more than "
                    + InnerHessian.LARGEST_BLOCK + " levels (crossed groupings with many levels each), which this method "
                    + "cannot factor yet; fit the grouping with fewer levels as a fixed effect", null);
        }
        double[] u0 = problem.unconstrained(problem.start());
        double f0 = f.value(u0);
        if (!Double.isFinite(f0)) return StartNotFinite.at(problem, problem.start(), f0);
        LargeStack.step("the search");
        Result result = Minimizer.minimize(f, u0, problem.settings().optimizer(), problem.settings().progress());
        double[] u = result.u();
        double[] theta = problem.constrained(u);
        double[] gradientU = new double[u.length];
        double value = f.valueAndGradient(u, gradientU);
        double[][] hessianU = new double[u.length][u.length];
        LargeStack.step("the standard errors");
        try {
            f.hessian(u, hessianU);
        } catch (Interruption.Stopped stopped) {
            throw new Interruption.Stopped("the standard errors (the Hessian at the estimate)");
        }
        double[][] hessian = Unconstrained.hessianInModelSpace(objective.params(), u, gradientU, hessianU);
        double[] gradient = FitProblem.gradientInModelSpace(objective, u, gradientU);
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, problem.parameterNames());
        Verification.Conclusion verdict = verdict(problem, f, result, u, value, stats);
        String method = "the Laplace approximation of the marginal likelihood (" + (effects.isQuadratic()
                ? "exact here: the model is Gaussian and linear in its random effects"
                : "the random effects' joint density approximated as Gaussian at its mode")
                + "), " + f.innerSize() + " random effects integrated out by Newton's method on their "
                + (f.structure().borderSize() == 0 ? f.structure().blockCount() + " independent blocks"
                        : f.structure().blockCount() + " blocks and a shared border of " + f.structure().borderSize())
                + "; " + Minimizer.plan(problem.settings().optimizer(), u.length, null) + " on θ with the exact gradient "
                + "(implicit differentiation through the modes); standard errors from the Hessian by central differences "
                + "of that gradient";
        Search search = new Search(method, null, 1, 1, 0, List.of(value));
        double[] variances = f.conditionalVariances(u);
        double[] modes = f.innerValues();
        double[] sds = new double[modes.length];
        for (int p = 0; p < sds.length; p++) sds[p] = variances == null ? Double.NaN : Math.sqrt(variances[p]);
        return new Optimum(result, value, gradient, stats, verdict, search, null, "none (the Laplace approximation, "
                + "evaluated by the reference interpreter)", Double.NaN,
                new Optimum.ConditionalModes(modes, sds));
    }

    /**
     * The optimiser's verdict, unless an inner solve failed at the estimate, or a scale of the random effects ran to 0
     * (a boundary fit: its estimate is 0, where the model without those effects fits the same).
     */
    private static Verification.Conclusion verdict(FitProblem problem, MarginalObjective f, Result result, double[] u,
                                                   double value, OptimumStatistics stats) {
        Objective objective = problem.objective();
        if (!Double.isFinite(value)) {
            return new Verification.Conclusion(Verdict.NON_FINITE, Verdict.NON_FINITE.sentence() + ": at the final point "
                    + (f.lastFailure() == null ? "the marginal likelihood is not finite" : f.lastFailure()), Set.of());
        }
        double[] theta = problem.constrained(u);
        Set<Integer> atZero = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (Objective.Parameter p : objective.params()) {
            // A positive parameter whose log has run far below its start with a flat objective: at the edge 0.
            if (p.lower() == 0 && p.upper() == Double.POSITIVE_INFINITY && theta[p.index()] < 1e-6 * scaleOf(problem, p)) {
                atZero.add(p.index());
                names.add(p.name());
            }
        }
        if (!atZero.isEmpty()) {
            return new Verification.Conclusion(Verdict.AT_BOUNDARY, Verdict.AT_BOUNDARY.sentence() + ": "
                    + String.join(", ", names) + (names.size() == 1 ? " runs" : " run") + " to 0 (" + IrPrinter.number(
                    theta[atZero.iterator().next()]) + "), the edge of its range: the data show no variation that it "
                    + "describes, and the model without it is the same fit; its log-likelihood is the one reported", atZero);
        }
        Verdict v = result.verdict();
        if (!v.converged()) return new Verification.Conclusion(v, result.message(), Set.of());
        double[] eigenvalues = stats.eigenvalues();
        for (double e : eigenvalues) {
            if (!(e > 0)) {
                return new Verification.Conclusion(Verdict.NOT_IDENTIFIABLE, Verdict.NOT_IDENTIFIABLE.sentence()
                        + ": the marginal likelihood's Hessian is not positive definite at the estimate", Set.of());
            }
        }
        return new Verification.Conclusion(v, result.message(), Set.of());
    }

    /** A parameter's natural size for "close to 0": its start where given, else 1. */
    private static double scaleOf(FitProblem problem, Objective.Parameter p) {
        double s = Math.abs(problem.start()[p.index()]);
        return s > 0 && Double.isFinite(s) ? s : 1;
    }
}
