package mle.runtime.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import mle.runtime.ObjectiveFunction;

/**
 * A deterministic multi-start for objectives not proved to have a single minimum: the given start, then starts
 * spread around it on the optimiser's unconstrained scale (each coordinate moved by max(1, |uᵢ|) times a standard
 * normal draw from a fixed seed, so every run of the same fit tries the same points), each run to its end by
 * {@link Minimizer}. The run that ends lowest is kept, and the distinct optima that converged runs reached are
 * counted by their objective values. The extra starts share a time budget of the first run's time (at least a
 * second) and run on every core, so a slow fit at most doubles; how many ran is reported.
 */
public final class MultiStart {
    /** Objective values closer than this (relative to max(1, |f|)) are one optimum. */
    static final double SAME_OPTIMUM = 1e-7;
    /**
     * The extra starts may take as long as the first run (at least {@link #MIN_BUDGET_NANOS}): a small fit runs all
     * its starts, a large one at most doubles its time.
     */
    public static final double BUDGET_FACTOR = 1;
    static final long MIN_BUDGET_NANOS = 1_000_000_000L;
    /** The seed of the spread: fixed, so that a fit is reproducible. */
    static final long SEED = 0x6d6c65L;

    private MultiStart() {
    }

    /**
     * @param best        the run kept: the one that ended lowest (the given start's on ties)
     * @param bestStart   which start it came from (0 is the given start)
     * @param planned     the starts asked for
     * @param run         the starts that ran (fewer than planned when the time budget ran out)
     * @param optima      the distinct optima among the converged runs, lowest first, by objective value
     */
    public record Runs(Result best, int bestStart, int planned, int run, List<Double> optima) {
        public Runs {
            optima = List.copyOf(optima);
        }
    }

    public static Runs run(ObjectiveFunction f, LeastSquaresProblem leastSquares, double[] start, Options options,
                              ProgressListener listener, int starts) {
        return run(f, leastSquares, start, options, listener, starts, BUDGET_FACTOR);
    }

    /**
     * @param budgetFactor the extra starts' time as a multiple of the first run's (at least a second), within the time
     *                     limit; infinite where each pass costs a fixed overhead rather than work (data on a cluster),
     *                     so that a start slower to converge than the first is not cut short
     */
    public static Runs run(ObjectiveFunction f, LeastSquaresProblem leastSquares, double[] start, Options options,
                              ProgressListener listener, int starts, double budgetFactor) {
        long t0 = System.nanoTime();
        Result first = Minimizer.minimize(f, leastSquares, start, options, listener);
        List<Result> results = new ArrayList<>();
        results.add(first);
        long firstNanos = System.nanoTime() - t0;
        double scaled = budgetFactor * firstNanos;
        long budget = scaled >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(MIN_BUDGET_NANOS, (long) scaled);
        long total = safeNanos(options);
        SplittableRandom random = new SplittableRandom(SEED);
        List<double[]> points = new ArrayList<>();
        for (int k = 1; k < starts; k++) {
            double[] u = new double[start.length];
            for (int i = 0; i < u.length; i++) u[i] = start[i] + Math.max(1, Math.abs(start[i])) * random.nextGaussian();
            points.add(u);
        }
        // The extra starts run on every core; each is deterministic, and their results are kept in start order, so
        // the outcome does not depend on the number of cores (short of the time budget).
        long deadline = t0 + firstNanos + Math.min(budget, Math.max(0, total - firstNanos));
        List<Result> extra = points.parallelStream().map(u -> {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) return null;
            return Minimizer.minimize(f, leastSquares, u, options.withTimeLimit(java.time.Duration.ofNanos(left)),
                    ProgressListener.NONE);
        }).toList();
        results.addAll(extra);   // null where the time budget ran out before the start
        // The lowest end wins, converged or not: a start that ends lower proves the others are not the global
        // optimum, and if it did not converge, that is what the verdict must say. Ends within rounding of each other
        // are one optimum, and the earlier start keeps it (the given start first).
        int bestIndex = 0;
        for (int k = 1; k < results.size(); k++) {
            if (results.get(k) == null) continue;
            double v = results.get(k).value(), b = results.get(bestIndex).value();
            if (Double.isFinite(v) && !(v >= b - SAME_OPTIMUM * Math.max(1, Math.abs(v)))) bestIndex = k;
        }
        Result best = results.get(bestIndex);
        List<Double> optima = new ArrayList<>();
        results.stream().filter(r -> r != null && r.converged()).mapToDouble(Result::value).filter(Double::isFinite).sorted()
                .forEach(v -> {
                    if (optima.isEmpty() || v - optima.getLast() > SAME_OPTIMUM * Math.max(1, Math.abs(v))) optima.add(v);
                });
        int run = (int) results.stream().filter(java.util.Objects::nonNull).count();
        return new Runs(best, bestIndex, starts, run, optima);
    }

    private static long safeNanos(Options options) {
        try {
            return options.timeLimit().toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
