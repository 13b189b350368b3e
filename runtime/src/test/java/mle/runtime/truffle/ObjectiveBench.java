package mle.runtime.truffle;

import java.util.Arrays;
import java.util.Random;
import mle.compiler.ir.Objective;

/**
 * f + gradient of a 2,000,000-row Gaussian regression with 3 predictors, y ~ Normal(α + dot(X, β), σ), in
 * the optimiser's coordinates (log σ), through {@link TruffleObjective} and through a hand-written Java loop
 * computing the same numbers, side by side in one JVM after warm-up. Prints the median (and fastest) ms
 * per pass of each. Run by bin/bench, which passes the JIT flags of surefire's argLine.
 *
 * <p>Arguments (optional): rows, measured rounds.
 */
public final class ObjectiveBench {
    private static final String MODEL = """
            model Bench
            data X[3], y
            param α
            param β[3]
            param σ > 0
            y ~ Normal(α + dot(X, β), σ)
            """;

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Objective objective = TestModels.compile("bench.mle", MODEL);
        double[][] columns = data(objective, rows);
        int x1 = column(objective, "X1"), x2 = column(objective, "X2"), x3 = column(objective, "X3"), y = column(objective, "y");
        HandWritten java = new HandWritten(columns[x1], columns[x2], columns[x3], columns[y], rows);
        int[] order = {parameter(objective, "α"), parameter(objective, "β[1]"), parameter(objective, "β[2]"),
                parameter(objective, "β[3]"), parameter(objective, "σ")};

        System.out.printf("Truffle runtime: %s; %,d rows, 3 predictors; %d measured rounds after warm-up%n",
                TruffleObjective.implementationName(), rows, rounds);
        try (TruffleObjective truffle = new TruffleObjective(objective, Objective.Mode.MLE, columns, rows)) {
            double[] u = new double[5];
            double[] truffleGradient = new double[5], javaGradient = new double[5];
            double[] parameterOrderU = new double[5];
            Random random = new Random(7);
            long start = System.nanoTime();
            int warmUp = 0;
            for (; warmUp < 60 || System.nanoTime() - start < 8_000_000_000L && warmUp < 400; warmUp++) {
                for (int i = 0; i < 5; i++) u[i] = 0.5 + 0.1 * random.nextGaussian();
                for (int i = 0; i < 5; i++) parameterOrderU[order[i]] = u[i];
                truffle.valueAndGradient(parameterOrderU, truffleGradient);
                java.valueAndGradient(u, javaGradient);
            }
            System.out.printf("warm-up: %d passes each, %.1f s%n", warmUp, (System.nanoTime() - start) / 1e9);

            double[] truffleMs = new double[rounds], javaMs = new double[rounds];
            double maxRelativeDifference = 0;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < 5; i++) u[i] = 0.5 + 0.1 * random.nextGaussian();
                for (int i = 0; i < 5; i++) parameterOrderU[order[i]] = u[i];
                // Alternate which goes first, so that neither always finds the columns warm in cache.
                double fTruffle, fJava;
                if (round % 2 == 0) {
                    long t0 = System.nanoTime();
                    fTruffle = truffle.valueAndGradient(parameterOrderU, truffleGradient);
                    long t1 = System.nanoTime();
                    fJava = java.valueAndGradient(u, javaGradient);
                    long t2 = System.nanoTime();
                    truffleMs[round] = (t1 - t0) / 1e6;
                    javaMs[round] = (t2 - t1) / 1e6;
                } else {
                    long t0 = System.nanoTime();
                    fJava = java.valueAndGradient(u, javaGradient);
                    long t1 = System.nanoTime();
                    fTruffle = truffle.valueAndGradient(parameterOrderU, truffleGradient);
                    long t2 = System.nanoTime();
                    javaMs[round] = (t1 - t0) / 1e6;
                    truffleMs[round] = (t2 - t1) / 1e6;
                }
                maxRelativeDifference = Math.max(maxRelativeDifference, Math.abs(fTruffle - fJava) / Math.abs(fJava));
                for (int i = 0; i < 5; i++) {
                    double scale = Math.max(Math.abs(javaGradient[i]), 1e-6 * Math.abs(fJava));
                    maxRelativeDifference = Math.max(maxRelativeDifference,
                            Math.abs(truffleGradient[order[i]] - javaGradient[i]) / scale);
                }
            }
            double truffleMedian = median(truffleMs), javaMedian = median(javaMs);
            System.out.printf("Truffle objective:   median %7.2f ms per pass (fastest %7.2f)%n", truffleMedian, min(truffleMs));
            System.out.printf("hand-written Java:   median %7.2f ms per pass (fastest %7.2f)%n", javaMedian, min(javaMs));
            System.out.printf("ratio Truffle/Java:  %.2f (median), %.2f (fastest)%n", truffleMedian / javaMedian,
                    min(truffleMs) / min(javaMs));
            System.out.printf("largest relative difference of f and gradient between the two: %.1e%n", maxRelativeDifference);
            if (maxRelativeDifference > 1e-8) throw new AssertionError("the two loops disagree: the benchmark compares different things");
        }
    }

    /** The same f and gradient in u = (α, β₁, β₂, β₃, log σ), the way one would write it by hand: 5 sums. */
    private record HandWritten(double[] x1, double[] x2, double[] x3, double[] y, int n) {
        double valueAndGradient(double[] u, double[] gradient) {
            double a = u[0], b1 = u[1], b2 = u[2], b3 = u[3];
            double sr = 0, sr1 = 0, sr2 = 0, sr3 = 0, srr = 0;
            for (int i = 0; i < n; i++) {
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

    private static double[][] data(Objective objective, int rows) {
        Random random = new Random(42);
        double[][] columns = new double[objective.columns().size()][rows];
        int y = column(objective, "y");
        int[] x = {column(objective, "X1"), column(objective, "X2"), column(objective, "X3")};
        double[] beta = {1.5, -2.0, 0.5};
        for (int r = 0; r < rows; r++) {
            double mean = 0.3;
            for (int j = 0; j < 3; j++) {
                double value = random.nextGaussian();
                columns[x[j]][r] = value;
                mean += beta[j] * value;
            }
            columns[y][r] = mean + 0.8 * random.nextGaussian();
        }
        return columns;
    }

    private static int column(Objective objective, String name) {
        return objective.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().index();
    }

    private static int parameter(Objective objective, String name) {
        return objective.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().index();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) { return Arrays.stream(values).min().orElse(Double.NaN); }
}
