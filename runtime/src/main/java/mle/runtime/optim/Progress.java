package mle.runtime.optim;

import java.time.Duration;

/**
 * One line of progress, reported after every iteration.
 *
 * @param phase          "L-BFGS" or "Newton"
 * @param iteration      iterations so far in this phase (1, 2, …)
 * @param value          the objective at the current point
 * @param gradientNorm   max_i |g_i| at the current point
 * @param scaledGradient the convergence measure max_i |g_i|·max(|u_i|,1)/max(|f|,1)
 * @param evaluations    objective evaluations so far (all phases)
 * @param elapsed        wall time since the start
 */
public record Progress(String phase, int iteration, double value, double gradientNorm, double scaledGradient,
                       long evaluations, Duration elapsed) {
}
