package mle.runtime.optim;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@link Minimizer#minimize}: the best point found (in the unconstrained coordinates u), with
 * its value and gradient, the counts, and the verdict.
 *
 * @param u                  the final point (always the best accepted iterate; finite)
 * @param value              f(u)
 * @param gradient           ∂f/∂u at u
 * @param iterations         iterations of all phases together
 * @param evaluations        value-and-gradient evaluations of all phases together
 * @param hessianEvaluations Hessian evaluations (Newton phase)
 * @param verdict            why it stopped
 * @param message            a sentence for people: the verdict with the numbers that back it
 * @param elapsed            wall time
 * @param phases             what ran, in order (e.g. L-BFGS, then the Newton polish)
 */
public record Result(double[] u, double value, double[] gradient, int iterations, long evaluations,
                     int hessianEvaluations, Verdict verdict, String message, Duration elapsed, List<Phase> phases) {

    /**
     * One phase of the run.
     *
     * @param method     "L-BFGS" or "Newton"
     * @param iterations its iterations
     * @param evaluations its value-and-gradient evaluations
     * @param verdict    how the phase ended
     * @param value      the objective when it ended
     * @param scaledGradient the scaled gradient when it ended
     */
    public record Phase(String method, int iterations, long evaluations, Verdict verdict, double value,
                        double scaledGradient) {
    }

    public Result {
        u = u.clone();
        gradient = gradient.clone();
        phases = List.copyOf(phases);
    }

    /** Whether the verdict counts as converged. */
    public boolean converged() {
        return verdict.converged();
    }

    /** max_i |g_i|. */
    public double gradientNorm() {
        return Minimizer.normInf(gradient);
    }

    /** The convergence measure max_i |g_i|·max(|u_i|,1)/max(|f|,1). */
    public double scaledGradient() {
        return Minimizer.scaledGradient(u, value, gradient);
    }

    @Override
    public double[] u() {
        return u.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }
}
