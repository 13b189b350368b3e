package mle.runtime.optim;

import mle.runtime.ObjectiveFunction;

/**
 * Counts evaluations and enforces the evaluation, time and interruption limits: every evaluation goes through
 * here, and an exhausted budget throws {@link Stop}, which the drivers catch to return the current iterate.
 */
final class Budget {
    /** Thrown (without a stack trace) when a limit is reached. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final Verdict verdict;

        Stop(Verdict verdict) {
            super(verdict.name(), null, false, false);
            this.verdict = verdict;
        }
    }

    private final ObjectiveFunction f;
    private final long maxEvaluations;
    private final long startNanos;
    private final long limitNanos;
    private long evaluations;
    private int hessians;

    Budget(ObjectiveFunction f, long maxEvaluations, long limitNanos) {
        this.f = f;
        this.maxEvaluations = maxEvaluations;
        this.limitNanos = limitNanos;
        this.startNanos = System.nanoTime();
    }

    int dimension() {
        return f.dimension();
    }

    /** Throws {@link Stop} when out of time or interrupted. */
    void checkTime() {
        if (System.nanoTime() - startNanos >= limitNanos) {
            throw new Stop(Verdict.TIME_LIMIT);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new Stop(Verdict.INTERRUPTED);
        }
    }

    double valueAndGradient(double[] u, double[] g) {
        if (evaluations >= maxEvaluations) {
            throw new Stop(Verdict.MAX_EVALUATIONS);
        }
        checkTime();
        evaluations++;
        return f.valueAndGradient(u, g);
    }

    /** One evaluation of a least-squares system: the RSS, its gradient and the Gauss–Newton matrix. */
    double leastSquares(LeastSquaresProblem problem, double[] u, double[] gradient, double[][] gaussNewton) {
        if (evaluations >= maxEvaluations) {
            throw new Stop(Verdict.MAX_EVALUATIONS);
        }
        checkTime();
        evaluations++;
        return problem.evaluate(u, gradient, gaussNewton);
    }

    /** The Hessian; throws UnsupportedOperationException when the objective has none. */
    void hessian(double[] u, double[][] h) {
        checkTime();
        f.hessian(u, h);
        hessians++;
    }

    long evaluations() {
        return evaluations;
    }

    int hessians() {
        return hessians;
    }

    /** Nanoseconds left of the time limit (negative once it has passed). */
    long nanosLeft() {
        return limitNanos - (System.nanoTime() - startNanos);
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
