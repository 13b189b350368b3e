package mle.estimate;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.runtime.linear.Design;
import mle.runtime.linear.ProximalNewton;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * The lasso of a logistic or Poisson regression, exactly ({@link ProximalNewton}): exact zeros with no standard error,
 * the others' conditional on which are 0. Declines when it does not confirm the optimum: the search then says what it
 * can.
 */
final class LassoGlm implements Estimator {
    private final GeneralizedLinearModel glm;
    private final Design design;

    LassoGlm(GeneralizedLinearModel glm, Design design) {
        this.glm = glm;
        this.design = design;
    }

    @Override
    public Attempt estimate(FitProblem problem) {
        long t0 = System.nanoTime();
        ProximalNewton.Solution solution = ProximalNewton.solve(design, glm.family(), glm.penalties());
        if (solution == null || !solution.exact()) return new Attempt.Declined("proximal Newton did not certify its optimum");
        int k = problem.size();
        int[] location = glm.location();
        double[] theta = DirectSolve.placed(k, location, solution.coefficients());
        double[][] hessian = DirectSolve.placed(k, location, solution.hessian());
        Set<Integer> zeros = new TreeSet<>();
        for (int a = 0; a < location.length; a++) if (!solution.active()[a]) zeros.add(location[a]);
        double[] u = problem.unconstrained(theta);
        double value = problem.value(problem.objective().objective(problem.mode()), theta);
        OptimumStatistics stats = Inference.conditionalOn(hessian, theta, problem.parameterNames(), zeros);
        Verdict v = Verdict.EXACT;
        Verification.Conclusion verdict = new Verification.Conclusion(v, String.format(Locale.ROOT,
                "%s (proximal Newton, %d steps, with an exact solve on the active set; certificate: for each of the %d "
                        + "coefficients at 0, |∂(smooth part)/∂β| ≤ 1/b (largest ratio %.3g); standard errors only for "
                        + "the others, conditional on which are 0)", v.sentence(), solution.iterations(), zeros.size(),
                solution.certificate()), zeros);
        Result result = DirectSolve.result(u, value, new double[k], solution.iterations(), solution.iterations(), 0, v,
                verdict.sentence(), t0, "proximal Newton", 0);
        Search search = new Search("an exact solve of the lasso of a " + glm.family().regression() + " regression: proximal "
                + "Newton (the quadratic model XᵀWX minimised with the penalties by coordinate descent, as glmnet does) "
                + "and an exact solve on the active set", "the objective is convex (a canonical-link likelihood of a "
                + "linear predictor, Laplace and Gaussian priors)", 1, 1, 0, List.of(value));
        return new Optimum(result, value, new double[k], stats, verdict, search, null, DirectSolve.ENGINE);
    }
}
