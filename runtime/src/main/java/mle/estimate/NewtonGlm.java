package mle.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.runtime.linear.Design;
import mle.runtime.linear.IterativelyReweighted;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * A canonical-link GLM of a linear predictor (logistic or Poisson regression) by Newton's method on XᵀWX ({@link
 * IterativelyReweighted}, with Gaussian priors as a ridge); the objective is convex, the optimum global. Where the
 * optimum is not attained (separation, all-zero counts) it declines, for the search to name the parameter that runs
 * off, except above the symbolic Hessian's size limit, where that costs too much and the verdict comes from here.
 */
final class NewtonGlm implements Estimator {
    private final GeneralizedLinearModel glm;
    private final Design design;

    NewtonGlm(GeneralizedLinearModel glm, Design design) {
        this.glm = glm;
        this.design = design;
    }

    @Override
    public Attempt estimate(FitProblem problem) {
        long t0 = System.nanoTime();
        IterativelyReweighted.Solution solution = IterativelyReweighted.solve(design, glm.family(), glm.penalties());
        int k = problem.size();
        if (solution == null) return new Attempt.Declined("Newton's method on XᵀWX did not reach an optimum");
        if (solution.runaway() != null && k <= Inference.EIGENVECTOR_LIMIT) {
            return new Attempt.Declined("the optimum is not attained (" + solution.runaway() + "): the search names why");
        }
        if (solution.runaway() != null) return runaway(problem, solution, t0);
        int[] location = glm.location();
        double[] theta = DirectSolve.placed(k, location, solution.coefficients());
        double[] gradient = DirectSolve.placed(k, location, solution.gradient());
        double[][] hessian = DirectSolve.placed(k, location, solution.hessian());
        double[][] covariance = DirectSolve.placed(k, location, solution.covariance());
        double[] u = problem.unconstrained(theta);
        double value = problem.value(problem.objective().objective(problem.mode()), theta);
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, problem.parameterNames(), covariance);
        Verdict v = Verdict.CONVERGED_NEWTON_DECREMENT;
        Verification.Conclusion verdict = new Verification.Conclusion(v, String.format(Locale.ROOT,
                "%s (%d Newton steps on XᵀWX; gᵀH⁻¹g = %.3g)", v.sentence(), solution.iterations(), solution.decrement()),
                Set.of());
        Result result = DirectSolve.result(u, value, gradient, solution.iterations(), solution.iterations(),
                solution.iterations(), v, verdict.sentence(), t0, "IRLS", 0);
        Search search = new Search("Newton's method on XᵀWX (iteratively reweighted least squares): a " + glm.family().regression()
                + " regression with its canonical link, whose gradient Xᵀ(μ − y) and Hessian XᵀWX come from the design",
                "the objective is convex (a canonical-link likelihood of a linear predictor"
                        + (glm.penalties().any() ? ", Gaussian priors" : "") + ")", 1, 1, 0, List.of(value));
        return new Optimum(result, value, gradient, stats, verdict, search, null, DirectSolve.ENGINE);
    }

    /** A GLM whose optimum is at infinity (separation, counts that are all zero), said so: not converged. */
    private Optimum runaway(FitProblem problem, IterativelyReweighted.Solution solution, long t0) {
        int k = problem.size();
        double[] slopes = IterativelyReweighted.gradient(design, glm.family(), glm.penalties(), solution.coefficients(),
                design.predictor(solution.coefficients()));
        double[] theta = DirectSolve.placed(k, glm.location(), solution.coefficients());
        double[] gradient = DirectSolve.placed(k, glm.location(), slopes);
        double[] u = problem.unconstrained(theta);
        double value = problem.value(problem.objective().objective(problem.mode()), theta);
        double[][] nan = new double[k][k];
        for (double[] row : nan) Arrays.fill(row, Double.NaN);
        OptimumStatistics stats = Inference.atOptimum(nan, theta, problem.parameterNames());
        Verdict v = Verdict.AT_BOUNDARY;
        String cause = glm.family() == GeneralizedLinearModel.Family.LOGISTIC
                ? "separation: a combination of predictors predicts those outcomes perfectly"
                : "counts that are all zero, overall or in a group";
        Verification.Conclusion verdict = new Verification.Conclusion(v, v.sentence() + ": " + solution.runaway() + " ("
                + cause + "); the estimates shown are where Newton stopped, and no standard error means anything",
                Verification.allOf(k));
        Result result = DirectSolve.result(u, value, gradient, solution.iterations(), solution.iterations(), 0, v,
                verdict.sentence(), t0, "IRLS", Double.NaN);
        Search search = new Search("Newton's method on XᵀWX (iteratively reweighted least squares)", null, 1, 1, 0,
                List.of(), "the objective is convex, but its infimum is at infinity");
        return new Optimum(result, value, gradient, stats, verdict, search, null, DirectSolve.ENGINE);
    }
}
