package mle.estimate;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;

/**
 * What the direct solvers share: placing a solution's coefficients among the model's parameters, the account of
 * their one phase in the optimiser's terms (so the table and the JSON read the same whichever method ran), and the
 * answer with no estimate where the data cannot determine the parameters.
 */
final class DirectSolve {
    /** The engine a direct solve reports: no compiled objective ran. */
    static final String ENGINE = "none (a direct solve)";

    private DirectSolve() {}

    /** k values with the coefficients at their parameters' indices and 0 elsewhere. */
    static double[] placed(int k, int[] location, double[] coefficients) {
        double[] out = new double[k];
        for (int j = 0; j < location.length; j++) out[location[j]] = coefficients[j];
        return out;
    }

    /** A k×k matrix with the coefficients' block at their parameters' indices and 0 elsewhere. */
    static double[][] placed(int k, int[] location, double[][] block) {
        double[][] out = new double[k][k];
        for (int a = 0; a < location.length; a++) {
            for (int c = 0; c < location.length; c++) out[location[a]][location[c]] = block[a][c];
        }
        return out;
    }

    /**
     * The optimiser's account of a direct solve: one phase, named {@code phase}, of {@code iterations} steps.
     *
     * @param gradientU     the gradient in the optimiser's coordinates (zeros where the method certifies its optimum
     *                      otherwise, as a subgradient or an active set does)
     * @param phaseGradient the phase's scaled gradient (0, or NaN where the method stopped short of an optimum)
     */
    static Result result(double[] u, double value, double[] gradientU, int iterations, long evaluations,
                         int hessianEvaluations, Verdict verdict, String sentence, long t0, String phase,
                         double phaseGradient) {
        return new Result(u, value, gradientU, iterations, evaluations, hessianEvaluations, verdict, sentence,
                Duration.ofNanos(System.nanoTime() - t0),
                List.of(new Result.Phase(phase, iterations, evaluations, verdict, value, phaseGradient)));
    }

    /** The statistics of no estimate, without the k×k matrices (a model with many group effects). */
    static OptimumStatistics noStatistics(FitProblem problem) {
        double[] nothing = new double[problem.size()];
        Arrays.fill(nothing, Double.NaN);
        return Inference.fromStandardErrors(problem.parameterNames(), nothing, nothing,
                "there is no estimate, so there are no standard errors");
    }

    /**
     * An answer with no estimate, for a model whose data cannot determine its parameters, found before any search:
     * every estimate NaN, and the verdict (not identifiable) says why.
     *
     * @param stats    the statistics of a point that is not there (NaN throughout)
     * @param sentence the verdict's sentence
     * @param stopped  what the optimiser's account says instead of iterations
     * @param method   the search's method line
     * @param account  the search's account line
     */
    static Optimum noEstimate(FitProblem problem, OptimumStatistics stats, String sentence, String stopped, String method,
                              String account) {
        int k = problem.size();
        double[] nothing = new double[k];
        Arrays.fill(nothing, Double.NaN);
        Verdict v = Verdict.NOT_IDENTIFIABLE;
        Verification.Conclusion verdict = new Verification.Conclusion(v, sentence, Verification.allOf(k));
        Result result = new Result(nothing, Double.NaN, new double[k], 0, 0, 0, v, stopped, Duration.ZERO, List.of());
        Search search = new Search(method, null, 0, 0, 0, List.of(), account);
        return new Optimum(result, Double.NaN, nothing, stats, verdict, search, null, "none (no fit)");
    }

    /**
     * No estimate, found by a direct solver before any search: the verdict is "not identifiable" with {@code why}, and
     * {@code method} names the solver that found it.
     */
    static Optimum undetermined(FitProblem problem, String why, String method) {
        return noEstimate(problem, noStatistics(problem), Verdict.NOT_IDENTIFIABLE.sentence() + ": " + why,
                "no estimate: " + why, method, "none: the coefficients cannot all be determined from these rows");
    }
}
