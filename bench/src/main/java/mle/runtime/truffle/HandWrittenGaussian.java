package mle.runtime.truffle;

/**
 * f and its gradient for a Gaussian regression on three predictors, y ~ Normal(a + b₁x₁ + b₂x₂ + b₃x₃, σ), in the
 * optimiser's coordinates u = (a, b₁, b₂, b₃, log σ), as one writes the loop by hand: five sums a pass (Σr, Σr·xⱼ, Σr²).
 * The baseline of both benchmarks of the compiled objective.
 */
record HandWrittenGaussian(double[] x1, double[] x2, double[] x3, double[] y, int n) {
    double valueAndGradient(double[] u, double[] gradient) { return valueAndGradient(u, gradient, 0, n); }

    /** The same over the rows from {@code from} to {@code to} − 1 alone: f and ∇f add up over parts of the rows. */
    double valueAndGradient(double[] u, double[] gradient, int from, int to) {
        int n = to - from;
        double a = u[0], b1 = u[1], b2 = u[2], b3 = u[3];
        double sr = 0, sr1 = 0, sr2 = 0, sr3 = 0, srr = 0;
        for (int i = from; i < to; i++) {
            double r = y[i] - (a + x1[i] * b1 + x2[i] * b2 + x3[i] * b3);
            sr += r;
            sr1 += r * x1[i];
            sr2 += r * x2[i];
            sr3 += r * x3[i];
            srr += r * r;
        }
        double variance = Math.exp(2 * u[4]);
        gradient[0] = -sr / variance;
        gradient[1] = -sr1 / variance;
        gradient[2] = -sr2 / variance;
        gradient[3] = -sr3 / variance;
        gradient[4] = n - srr / variance;
        return n * u[4] + 0.5 * n * Math.log(2 * Math.PI) + srr / (2 * variance);
    }
}
