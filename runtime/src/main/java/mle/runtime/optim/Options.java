package mle.runtime.optim;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Minimizer#minimize}. Start from {@link #defaults()} and change what you need with the
 * {@code with…} methods. The tolerances assume the objective is in NLL units (a negative log-likelihood or
 * log-posterior): where |f| &lt; 1 they act as absolute tolerances.
 *
 * @param method             which algorithm (see {@link Method})
 * @param gtol               converged when the scaled gradient {@code max_i |g_i|·max(|u_i|,1)/max(|f|,1)} is at
 *                           or below this
 * @param ftol               the objective "stopped changing" when {@code |f_{k-1} − f_k| ≤ ftol·max(|f_k|,|f_{k-1}|,1)}
 *                           over one iteration (for Newton: also the predicted further decrease)
 * @param acceptableGradient when the objective stopped changing, the scaled gradient up to which the point still
 *                           counts as converged ({@link Verdict#CONVERGED_RELATIVE_CHANGE}); above it the run
 *                           {@link Verdict#STALLED}
 * @param maxIterations      iteration limit, applied to each phase separately (L-BFGS, then the Newton polish)
 * @param maxEvaluations     limit on objective evaluations (value-and-gradient calls), all phases together
 * @param timeLimit          wall-time limit, all phases together
 * @param memory             number of correction pairs L-BFGS keeps
 * @param newtonMaxDimension AUTO uses the Newton polish (and the exact Hessian) only up to this dimension
 */
public record Options(Method method, double gtol, double ftol, double acceptableGradient, int maxIterations,
                      long maxEvaluations, Duration timeLimit, int memory, int newtonMaxDimension) {

    /** The algorithm. */
    public enum Method {
        /**
         * L-BFGS, then (for dimension ≤ {@code newtonMaxDimension}, when the objective provides a Hessian) a
         * trust-region Newton polish with the exact Hessian. The default. With the polish to follow, the L-BFGS
         * phase is limited to max(100, 20·dimension) iterations (a slow crawl is better finished by Newton).
         * Above {@code newtonMaxDimension}, or without a Hessian, this is plain L-BFGS.
         */
        AUTO,
        /** L-BFGS with a strong-Wolfe line search only. */
        LBFGS,
        /** Trust-region Newton with the exact Hessian from the start. */
        NEWTON
    }

    public Options {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (!(gtol >= 0) || !(ftol >= 0) || !(acceptableGradient >= 0)) {
            throw new IllegalArgumentException("tolerances must be non-negative numbers");
        }
        if (maxIterations < 0 || maxEvaluations < 1 || memory < 1 || newtonMaxDimension < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (timeLimit.isNegative()) {
            throw new IllegalArgumentException("timeLimit must not be negative");
        }
    }

    /**
     * AUTO, gtol 1e-8, ftol 1e-12, acceptable gradient 1e-5, 10 000 iterations per phase, 100 000 evaluations,
     * 10 minutes, memory 10, Newton up to dimension 200.
     */
    public static Options defaults() {
        return new Options(Method.AUTO, 1e-8, 1e-12, 1e-5, 10_000, 100_000, Duration.ofMinutes(10), 10, 200);
    }

    public Options withMethod(Method m) {
        return new Options(m, gtol, ftol, acceptableGradient, maxIterations, maxEvaluations, timeLimit, memory,
                newtonMaxDimension);
    }

    public Options withGtol(double g) {
        return new Options(method, g, ftol, acceptableGradient, maxIterations, maxEvaluations, timeLimit, memory,
                newtonMaxDimension);
    }

    public Options withFtol(double f) {
        return new Options(method, gtol, f, acceptableGradient, maxIterations, maxEvaluations, timeLimit, memory,
                newtonMaxDimension);
    }

    public Options withAcceptableGradient(double a) {
        return new Options(method, gtol, ftol, a, maxIterations, maxEvaluations, timeLimit, memory,
                newtonMaxDimension);
    }

    public Options withMaxIterations(int n) {
        return new Options(method, gtol, ftol, acceptableGradient, n, maxEvaluations, timeLimit, memory,
                newtonMaxDimension);
    }

    public Options withMaxEvaluations(long n) {
        return new Options(method, gtol, ftol, acceptableGradient, maxIterations, n, timeLimit, memory,
                newtonMaxDimension);
    }

    public Options withTimeLimit(Duration t) {
        return new Options(method, gtol, ftol, acceptableGradient, maxIterations, maxEvaluations, t, memory,
                newtonMaxDimension);
    }

    public Options withMemory(int m) {
        return new Options(method, gtol, ftol, acceptableGradient, maxIterations, maxEvaluations, timeLimit, m,
                newtonMaxDimension);
    }

    public Options withNewtonMaxDimension(int d) {
        return new Options(method, gtol, ftol, acceptableGradient, maxIterations, maxEvaluations, timeLimit, memory,
                d);
    }
}
