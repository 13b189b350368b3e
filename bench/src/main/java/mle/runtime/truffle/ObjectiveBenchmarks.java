package mle.runtime.truffle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mle.compiler.Compiler;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import org.graalvm.polyglot.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * One pass of f and its gradient over a large table, for four models: a Gaussian, a logistic and a Poisson regression
 * on three predictors, and an exponential decay (nonlinear). Each is timed four ways: the compiled objective on every
 * core, the same compiled blocks in turn on one thread, and a hand-written Java loop computing the same f and gradient
 * as one would write it (the data's own sums, such as Σ log k!, computed once beforehand), on one thread and in the same
 * blocks on every core. Each model's setup checks that all four agree before anything is timed.
 *
 * <p>Run by {@code bin/bench jmh [rows [MODEL ...]]}, whose JVM flags turn the Graal JIT on; they are passed on to
 * JMH's forked JVM. The main method prints JMH's table and then the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ObjectiveBenchmarks {

    /** A model, its data, and the hand-written f and gradient in the optimiser's coordinates u. */
    public enum Workload {
        GAUSSIAN("data x1, x2, x3, y\nparam a, b1, b2, b3\nparam σ > 0\ny ~ Normal(a + b1 * x1 + b2 * x2 + b3 * x3, σ)\n",
                new String[] {"a", "b1", "b2", "b3", "σ"}),
        LOGISTIC("data x1, x2, x3, y\nparam a, b1, b2, b3\ny ~ BernoulliLogit(a + b1 * x1 + b2 * x2 + b3 * x3)\n",
                new String[] {"a", "b1", "b2", "b3"}),
        POISSON("data x1, x2, x3, y\nparam a, b1, b2, b3\ny ~ Poisson(exp(a + b1 * x1 + b2 * x2 + b3 * x3))\n",
                new String[] {"a", "b1", "b2", "b3"}),
        DECAY("data x1, x2, x3, y\nparam a, b\nparam σ > 0\ny ~ Normal(a * exp(-b * x1), σ)\n",
                new String[] {"a", "b", "σ"});

        final String text;
        final String[] parameters;

        Workload(String text, String[] parameters) {
            this.text = text;
            this.parameters = parameters;
        }
    }

    @Param({"GAUSSIAN", "LOGISTIC", "POISSON", "DECAY"})
    public Workload model;

    @Param({"2000000"})
    public int rows;

    private double[] x1, x2, x3, y;
    private double logFactorials;   // Σ log yᵢ!, the Poisson's term of the data alone
    private TruffleObjective everyCore;
    private Context oneCoreContext;
    private ObjectiveCode oneCore;
    private int[] order;            // u in the order of Workload.parameters → the objective's parameter index
    private final double[] u = new double[5], inModelOrder = new double[5], gradient = new double[5];

    @Setup(Level.Trial)
    public void setUp() {
        Compiler.Compilation c = Compiler.compile(new SourceFile(model.name().toLowerCase(Locale.ROOT) + ".mle", model.text), Map.of());
        if (!c.succeeded()) throw new IllegalStateException(c.diagnostics().sorted().toString());
        Objective objective = c.objective();
        SplittableRandom random = new SplittableRandom(42);
        x1 = new double[rows];
        x2 = new double[rows];
        x3 = new double[rows];
        y = new double[rows];
        for (int i = 0; i < rows; i++) {
            x1[i] = model == Workload.DECAY ? 5 * random.nextDouble() : random.nextGaussian();
            x2[i] = random.nextGaussian();
            x3[i] = random.nextGaussian();
            double eta = 0.3 + 0.5 * x1[i] - 0.4 * x2[i] + 0.2 * x3[i];
            y[i] = switch (model) {
                case GAUSSIAN -> eta + random.nextGaussian();
                case LOGISTIC -> random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
                case POISSON -> poisson(random, Math.exp(eta));
                case DECAY -> 3 * Math.exp(-0.7 * x1[i]) + 0.1 * random.nextGaussian();
            };
            if (model == Workload.POISSON) logFactorials += mle.compiler.ir.Functions.lgamma(y[i] + 1);
        }
        double[][] columns = new double[objective.columns().size()][];
        for (Objective.Column col : objective.columns()) {
            columns[col.index()] = switch (col.name()) {
                case "x1" -> x1;
                case "x2" -> x2;
                case "x3" -> x3;
                default -> y;
            };
        }
        order = new int[model.parameters.length];
        for (int i = 0; i < order.length; i++) {
            String name = model.parameters[i];
            order[i] = objective.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().index();
        }
        everyCore = new TruffleObjective(objective, Objective.Mode.MLE, columns, rows);
        oneCoreContext = Context.newBuilder(MleLanguage.ID).engine(MleEngine.shared()).build();
        oneCoreContext.initialize(MleLanguage.ID);
        oneCoreContext.enter();
        try {
            oneCore = ObjectiveCode.build(MleLanguage.get(null), objective, Objective.Mode.MLE, Space.UNCONSTRAINED, columns,
                    rows, ObjectiveCode.Blocks.IN_TURN);
        } finally {
            oneCoreContext.leave();
        }
        for (int i = 0; i < u.length; i++) u[i] = 0.1 * (i + 1);
        agree();
    }

    private static double poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean), product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** The four ways give the same f and gradient: otherwise they would time different things. */
    private void agree() {
        int k = model.parameters.length;
        double[] g1 = new double[k], g2 = new double[k], g3 = new double[k];
        double f1 = truffle(g1, true), f2 = truffle(g2, false), f3 = handWritten(g3, 0, rows);
        double f4 = handWrittenJavaOnEveryCore();
        if (Math.abs(f4 - f3) > 1e-9 * Math.abs(f3)) throw new IllegalStateException(model + ": hand-written blocks: " + f4 + ", " + f3);
        for (int i = 0; i < k; i++) {
            double scale = Math.max(Math.abs(g3[i]), 1e-9 * Math.abs(f3));
            if (Math.abs(gradient[i] - g3[i]) > 1e-8 * scale) throw new IllegalStateException(model + ": hand-written blocks' gradient at " + i);
            if (Math.abs(g1[i] - g3[i]) > 1e-8 * scale || g1[i] != g2[i]) {
                throw new IllegalStateException(model + ": gradients disagree at " + i + ": " + g1[i] + ", " + g2[i] + ", " + g3[i]);
            }
        }
        if (Math.abs(f1 - f3) > 1e-9 * Math.abs(f3) || f1 != f2) {
            throw new IllegalStateException(model + ": values disagree: " + f1 + ", " + f2 + ", " + f3);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        everyCore.close();
        oneCoreContext.close();
    }

    @Benchmark
    public double compiledOnEveryCore() { return truffle(gradient, true); }

    @Benchmark
    public double compiledOnOneCore() { return truffle(gradient, false); }

    @Benchmark
    public double handWrittenJava() { return handWritten(gradient, 0, rows); }

    /**
     * The hand-written loop on every core: blocks of {@link mle.compiler.ir.Schedule#BLOCK_ROWS} rows in parallel, their
     * f and ∇f added in block order, as the compiled objective does. What two cores can do for this loop on this
     * machine (memory's speed included) is the measure of the compiled objective's speed-up.
     */
    @Benchmark
    public double handWrittenJavaOnEveryCore() {
        int block = mle.compiler.ir.Schedule.BLOCK_ROWS, count = (rows + block - 1) / block, k = model.parameters.length;
        double[][] parts = new double[count][k + 1];
        java.util.stream.IntStream.range(0, count).parallel().forEach(b -> {
            double[] g = new double[k];
            parts[b][k] = handWritten(g, b * block, Math.min(rows, (b + 1) * block));
            System.arraycopy(g, 0, parts[b], 0, k);
        });
        double f = 0;
        java.util.Arrays.fill(gradient, 0);
        for (double[] part : parts) {
            f += part[k];
            for (int i = 0; i < k; i++) gradient[i] += part[i];
        }
        return f;
    }

    private double truffle(double[] into, boolean parallel) {
        int k = model.parameters.length;
        for (int i = 0; i < k; i++) inModelOrder[order[i]] = u[i];
        double[] g = new double[k];
        double f;
        if (parallel) {
            f = everyCore.valueAndGradient(java.util.Arrays.copyOf(inModelOrder, k), g);
        } else {
            oneCoreContext.enter();
            try {
                f = oneCore.valueAndGradient(java.util.Arrays.copyOf(inModelOrder, k), g);
            } finally {
                oneCoreContext.leave();
            }
        }
        for (int i = 0; i < k; i++) into[i] = g[order[i]];
        return f;
    }

    /** f and ∂f/∂u as one writes them by hand, u = (a, b…, log σ) in Workload.parameters' order. */
    private double handWritten(double[] g, int from, int to) {
        double[] x1 = this.x1, x2 = this.x2, x3 = this.x3, y = this.y;
        int n = to - from;
        switch (model) {
            case GAUSSIAN -> {
                return new HandWrittenGaussian(x1, x2, x3, y, rows).valueAndGradient(u, g, from, to);
            }
            case LOGISTIC, POISSON -> {
                double a = u[0], b1 = u[1], b2 = u[2], b3 = u[3];
                double f = 0, s = 0, s1 = 0, s2 = 0, s3 = 0;
                boolean logistic = model == Workload.LOGISTIC;
                for (int i = from; i < to; i++) {
                    double eta = a + b1 * x1[i] + b2 * x2[i] + b3 * x3[i];
                    double mean;
                    if (logistic) {
                        f += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - y[i] * eta;
                        mean = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
                    } else {
                        mean = Math.exp(eta);
                        f += mean - y[i] * eta;
                    }
                    double r = mean - y[i];
                    s += r;
                    s1 += r * x1[i];
                    s2 += r * x2[i];
                    s3 += r * x3[i];
                }
                g[0] = s;
                g[1] = s1;
                g[2] = s2;
                g[3] = s3;
                // Σ log yᵢ! is added once, with the first rows.
                return logistic || from > 0 ? f : f + logFactorials;
            }
            case DECAY -> {
                double a = u[0], b = u[1];
                double srr = 0, sre = 0, srxe = 0;
                for (int i = from; i < to; i++) {
                    double e = Math.exp(-b * x1[i]);
                    double r = y[i] - a * e;
                    srr += r * r;
                    sre += r * e;
                    srxe += r * x1[i] * e;
                }
                double variance = Math.exp(2 * u[2]);
                g[0] = -sre / variance;
                g[1] = a * srxe / variance;
                g[2] = n - srr / variance;
                return n * u[2] + 0.5 * n * Math.log(2 * Math.PI) + srr / (2 * variance);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Runs the benchmarks in a JVM forked with this one's flags (the JIT's), then prints the ratios. With
     * {@code -Dmle.bench.rounds=R} the whole set runs R times over and the table gives each ratio's median over the
     * rounds: on a shared machine the speed of memory moves from minute to minute, and a ratio of two benchmarks timed
     * a minute apart moves with it.
     */
    public static void main(String[] args) throws RunnerException {
        List<String> flags = new ArrayList<>(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        int rounds = Integer.getInteger("mle.bench.rounds", 1);
        Map<String, Map<String, List<Double>>> byModel = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            OptionsBuilder options = new OptionsBuilder();
            options.include(ObjectiveBenchmarks.class.getSimpleName())
                    .forks(1)
                    .warmupIterations(5).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                    .jvmArgsAppend(flags.toArray(String[]::new));
            if (args.length > 0) options.param("rows", args[0]);
            if (args.length > 1) options.param("model", java.util.Arrays.copyOfRange(args, 1, args.length));
            for (RunResult r : new Runner(options.build()).run()) {
                String bench = r.getParams().getBenchmark();
                byModel.computeIfAbsent(r.getParams().getParam("model"), m -> new LinkedHashMap<>())
                        .computeIfAbsent(bench.substring(bench.lastIndexOf('.') + 1), b -> new ArrayList<>())
                        .add(r.getPrimaryResult().getScore());
            }
        }
        System.out.println();
        if (rounds > 1) System.out.printf(Locale.ROOT, "medians over %d rounds (each ratio the median of the rounds' ratios)%n", rounds);
        printHeader();
        for (var e : byModel.entrySet()) {
            double[] toJava = printRow(e.getKey(), times(e.getValue(), "compiledOnEveryCore"),
                    times(e.getValue(), "compiledOnOneCore"), times(e.getValue(), "handWrittenJava"),
                    times(e.getValue(), "handWrittenJavaOnEveryCore"));
            if (rounds > 1) {
                System.out.printf(Locale.ROOT, "%-9s one core/Java by round: %s%n", "", java.util.Arrays.stream(toJava)
                        .mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
            }
        }
    }

    private static double[] times(Map<String, List<Double>> byBenchmark, String benchmark) {
        return byBenchmark.get(benchmark).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The header of the ratio table that this class and {@link AlternatingPasses} print. */
    static void printHeader() {
        System.out.printf(Locale.ROOT, "%-9s %11s %11s %11s %11s %13s %9s %9s%n", "model", "every core", "one core",
                "Java, one", "Java, every", "one core/Java", "speed-up", "Java's");
    }

    /**
     * One model's line: the median time of each way (ms, one per round) and the median of each round's ratio.
     *
     * @return the rounds' ratios of the compiled objective on one core to hand-written Java
     */
    static double[] printRow(String model, double[] everyCore, double[] oneCore, double[] java, double[] javaEveryCore) {
        int rounds = oneCore.length;
        double[] toJava = new double[rounds], speedUp = new double[rounds], javaSpeedUp = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            toJava[r] = oneCore[r] / java[r];
            speedUp[r] = oneCore[r] / everyCore[r];
            javaSpeedUp[r] = java[r] / javaEveryCore[r];
        }
        System.out.printf(Locale.ROOT, "%-9s %8.2f ms %8.2f ms %8.2f ms %8.2f ms %13.2f %8.2fx %8.2fx%n", model,
                median(everyCore), median(oneCore), median(java), median(javaEveryCore), median(toJava), median(speedUp),
                median(javaSpeedUp));
        return toJava;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
