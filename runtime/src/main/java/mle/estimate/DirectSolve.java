package mle.estimate;

import java.time.Duration;
import java.util.List;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;

/**
 * What the direct solvers share: placing a solution's coefficients among the model's parameters, and the account of
 * their one phase in the optimiser's terms (so the table and the JSON read the same whichever method ran).
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
}
