package mle.runtime.truffle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The passes of {@link ObjectiveBenchmarks} timed by turns instead of one benchmark after another: after warm-up, each
 * round times one pass of every way (the compiled objective on every core and on one, hand-written Java on one core
 * and on every core), in a rotating order, and a ratio is the median of the rounds' ratios. On a machine shared with others the speed of memory
 * moves from second to second; timed by turns, both sides of a ratio see the same machine.
 *
 * <p>Run by {@code bin/bench alternate [rows [rounds [MODEL ...]]]}, with the JIT's flags.
 */
public final class AlternatingPasses {
    private AlternatingPasses() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<ObjectiveBenchmarks.Workload> models = new ArrayList<>();
        for (int i = 2; i < args.length; i++) models.add(ObjectiveBenchmarks.Workload.valueOf(args[i]));
        if (models.isEmpty()) models = List.of(ObjectiveBenchmarks.Workload.values());
        System.out.printf(Locale.ROOT, "%,d rows, %d rounds by turns after warm-up (medians; ms per pass)%n", rows, rounds);
        ObjectiveBenchmarks.printHeader();
        double sink = 0;
        for (ObjectiveBenchmarks.Workload model : models) {
            ObjectiveBenchmarks b = new ObjectiveBenchmarks();
            b.model = model;
            b.rows = rows;
            b.setUp();
            try {
                DoubleSupplier[] ways = {b::compiledOnEveryCore, b::compiledOnOneCore, b::handWrittenJava,
                        b::handWrittenJavaOnEveryCore};
                double[][] ms = new double[ways.length][rounds];
                for (int warm = 0; warm < Math.max(50, rounds / 2); warm++) for (DoubleSupplier way : ways) sink += way.getAsDouble();
                for (int r = 0; r < rounds; r++) {
                    for (int k = 0; k < ways.length; k++) {
                        int w = (r + k) % ways.length;
                        long start = System.nanoTime();
                        sink += ways[w].getAsDouble();
                        ms[w][r] = (System.nanoTime() - start) / 1e6;
                    }
                }
                ObjectiveBenchmarks.printRow(model.name(), ms[0], ms[1], ms[2], ms[3]);
            } finally {
                b.tearDown();
            }
        }
        if (Double.isNaN(sink)) System.out.println("(the passes returned NaN)");
    }
}
