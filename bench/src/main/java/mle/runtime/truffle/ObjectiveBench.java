package mle.runtime.truffle;

import java.util.Arrays;
import java.util.Random;
import mle.compiler.ir.Objective;

/**
 * f + gradient of a 2,000,000-row Gaussian regression with 3 predictors, y ~ Normal(α + dot(X, β), σ), in
 * the optimiser's coordinates (log σ), through {@link TruffleObjective} and through a hand-written Java loop
 * computing the same numbers, side by side in one JVM after warm-up. Prints the median (and fastest) ms
 * per pass of each. Run by bin/bench, which passes the JIT flags.
 *
 * <p>The objective runs a pass in blocks of rows on every core; a fourth loop runs the same compiled blocks one after
 * another on one thread, which is the objective on one core.
 *
 * <p>The straightforward hand-written loop keeps five sums (Σr, Σr·Xⱼ, Σr²). The compiled objective needs
 * four a pass: its IR writes Σr as Σy − nα − βΣX, sums over the data that it computes once when the data
 * are bound. A third loop, hand-written with those same four sums, isolates the cost of Truffle itself.
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
        mle.compiler.Compiler.Compilation compiled = mle.compiler.Compiler.compile(new mle.compiler.source.SourceFile("bench.mle", MODEL), java.util.Map.of());
        if (!compiled.succeeded()) throw new IllegalStateException(compiled.diagnostics().sorted().toString());
        Objective objective = compiled.objective();
        double[][] columns = data(objective, rows);
        int x1 = column(objective, "X1"), x2 = column(objective, "X2"), x3 = column(objective, "X3"), y = column(objective, "y");
        HandWrittenGaussian java = new HandWrittenGaussian(columns[x1], columns[x2], columns[x3], columns[y], rows);
        FourSums four = new FourSums(columns[x1], columns[x2], columns[x3], columns[y], rows);
        int[] order = {parameter(objective, "α"), parameter(objective, "β[1]"), parameter(objective, "β[2]"),
                parameter(objective, "β[3]"), parameter(objective, "σ")};

        System.out.printf("Truffle runtime: %s; %,d rows, 3 predictors; %d measured rounds after warm-up%n",
                TruffleObjective.implementationName(), rows, rounds);
        try (TruffleObjective truffle = new TruffleObjective(objective, Objective.Mode.MLE, columns, rows);
             org.graalvm.polyglot.Context context = org.graalvm.polyglot.Context.newBuilder(MleLanguage.ID).engine(MleEngine.shared()).build()) {
            context.initialize(MleLanguage.ID);
            context.enter();
            ObjectiveCode oneCore;
            try {
                oneCore = ObjectiveCode.build(MleLanguage.get(null), objective, Objective.Mode.MLE,
                        mle.compiler.eval.ReferenceObjective.Space.UNCONSTRAINED, columns, rows, ObjectiveCode.Blocks.IN_TURN);
            } finally {
                context.leave();
            }
            // Each pass takes u = (α, β₁, β₂, β₃, log σ) and writes the gradient in that order.
            Pass[] passes = {
                (u, g) -> {
                    double[] inModelOrder = new double[5], gradient = new double[5];
                    for (int i = 0; i < 5; i++) inModelOrder[order[i]] = u[i];
                    double f = truffle.valueAndGradient(inModelOrder, gradient);
                    for (int i = 0; i < 5; i++) g[i] = gradient[order[i]];
                    return f;
                },
                java::valueAndGradient,
                four::valueAndGradient,
                (u, g) -> {
                    double[] inModelOrder = new double[5], gradient = new double[5];
                    for (int i = 0; i < 5; i++) inModelOrder[order[i]] = u[i];
                    context.enter();
                    try {
                        double f = oneCore.valueAndGradient(inModelOrder, gradient);
                        for (int i = 0; i < 5; i++) g[i] = gradient[order[i]];
                        return f;
                    } finally {
                        context.leave();
                    }
                }};
            String[] names = {"Truffle objective", "hand-written Java, 5 sums", "hand-written Java, the IR's 4 sums",
                "Truffle objective on one core"};
            Random random = new Random(7);
            long start = System.nanoTime();
            int warmUp = 0;
            for (; warmUp < 60 || System.nanoTime() - start < 8_000_000_000L && warmUp < 400; warmUp++) {
                double[] u = point(random);
                for (Pass pass : passes) pass.run(u, new double[5]);
            }
            System.out.printf("warm-up: %d passes each, %.1f s%n", warmUp, (System.nanoTime() - start) / 1e9);

            double[][] ms = new double[passes.length][rounds];
            double largestDifference = 0;
            for (int round = 0; round < rounds; round++) {
                double[] u = point(random);
                double[] f = new double[passes.length];
                double[][] g = new double[passes.length][5];
                // Rotate which goes first, so that none always finds the caches as another left them.
                for (int k = 0; k < passes.length; k++) {
                    int p = (round + k) % passes.length;
                    long t0 = System.nanoTime();
                    f[p] = passes[p].run(u, g[p]);
                    ms[p][round] = (System.nanoTime() - t0) / 1e6;
                }
                for (int p = 1; p < passes.length; p++) {
                    largestDifference = Math.max(largestDifference, Math.abs(f[p] - f[0]) / Math.abs(f[0]));
                    for (int i = 0; i < 5; i++) {
                        double scale = Math.max(Math.abs(g[0][i]), 1e-6 * Math.abs(f[0]));
                        largestDifference = Math.max(largestDifference, Math.abs(g[p][i] - g[0][i]) / scale);
                    }
                }
            }
            for (int p = 0; p < passes.length; p++) {
                System.out.printf("%-36s median %6.2f ms per pass (fastest %6.2f)%n", names[p] + ":", median(ms[p]), min(ms[p]));
            }
            for (int p = 1; p < passes.length; p++) {
                System.out.printf("Truffle / %s: %.2f (medians), %.2f (fastest)%n", names[p],
                        median(ms[0]) / median(ms[p]), min(ms[0]) / min(ms[p]));
            }
            System.out.printf("Truffle on %d cores is %.2f times as fast as on one%n", Runtime.getRuntime().availableProcessors(),
                    median(ms[3]) / median(ms[0]));
            System.out.printf("largest relative difference of f and gradient between them: %.1e%n", largestDifference);
            if (largestDifference > 1e-8) throw new AssertionError("the loops disagree: the benchmark compares different things");
        }
    }

    private interface Pass {
        double run(double[] u, double[] gradient);
    }

    private static double[] point(Random random) {
        double[] u = new double[5];
        for (int i = 0; i < 5; i++) u[i] = 0.5 + 0.1 * random.nextGaussian();
        return u;
    }

    /** The same f and gradient in u = (α, β₁, β₂, β₃, log σ), the way one would write it by hand: 5 sums. */
    /** The same f and gradient from the four sums a pass that the compiled IR keeps; Σy and ΣXⱼ summed once. */
    private static final class FourSums {
        private final double[] x1, x2, x3, y;
        private final int n;
        private final double sy, s1, s2, s3;

        FourSums(double[] x1, double[] x2, double[] x3, double[] y, int n) {
            this.x1 = x1;
            this.x2 = x2;
            this.x3 = x3;
            this.y = y;
            this.n = n;
            double a = 0, b = 0, c = 0, d = 0;
            for (int i = 0; i < n; i++) {
                a += y[i];
                b += x1[i];
                c += x2[i];
                d += x3[i];
            }
            sy = a;
            s1 = b;
            s2 = c;
            s3 = d;
        }

        double valueAndGradient(double[] u, double[] gradient) {
            double a = u[0], b1 = u[1], b2 = u[2], b3 = u[3];
            double sr1 = 0, sr2 = 0, sr3 = 0, srr = 0;
            for (int i = 0; i < n; i++) {
                double r = y[i] - (a + x1[i] * b1 + x2[i] * b2 + x3[i] * b3);
                sr1 += r * x1[i];
                sr2 += r * x2[i];
                sr3 += r * x3[i];
                srr += r * r;
            }
            double variance = Math.exp(2 * u[4]);
            gradient[0] = -(sy - (n * a + b1 * s1 + b2 * s2 + b3 * s3)) / variance;
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
