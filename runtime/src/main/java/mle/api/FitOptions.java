package mle.api;

import java.util.LinkedHashMap;
import java.util.Map;
import mle.compiler.ir.Objective;
import mle.runtime.optim.Options;
import mle.runtime.optim.ProgressListener;

/**
 * How to fit: MLE or MAP (null: MAP when the model has priors, which is MLE when it has none), starting
 * values by parameter name (`σ` or `beta[2]`; the rest start from their constraints' defaults), the
 * optimiser's settings (its time limit holds for the whole fit), a progress listener, whether to compute the expected
 * (Fisher) information too, and the most memory the fit may take beyond the data (0: the JVM's heap is the limit).
 */
public record FitOptions(Objective.Mode mode, Map<String, Double> start, Options optimizer, ProgressListener progress,
                         boolean expectedInformation, int starts, long memoryLimit) {

    /** The starts of a multi-start where the objective is not proved to have a single minimum. */
    public static final int DEFAULT_STARTS = 8;

    public FitOptions {
        start = Map.copyOf(start);
        if (starts < 1) throw new OptionException("starts must be at least 1, not " + starts);
        if (memoryLimit < 0) throw new OptionException("the memory limit must be 0 (none) or a number of bytes, not " + memoryLimit);
    }

    public static FitOptions defaults() {
        return new FitOptions(null, Map.of(), Options.defaults(), ProgressListener.NONE, false, DEFAULT_STARTS, 0);
    }

    public FitOptions withMode(Objective.Mode m) { return new FitOptions(m, start, optimizer, progress, expectedInformation, starts, memoryLimit); }

    public FitOptions withStart(String name, double value) {
        Map<String, Double> s = new LinkedHashMap<>(start);
        s.put(name, value);
        return new FitOptions(mode, s, optimizer, progress, expectedInformation, starts, memoryLimit);
    }

    public FitOptions withStart(Map<String, Double> values) {
        Map<String, Double> s = new LinkedHashMap<>(start);
        s.putAll(values);
        return new FitOptions(mode, s, optimizer, progress, expectedInformation, starts, memoryLimit);
    }

    public FitOptions withOptimizer(Options o) { return new FitOptions(mode, start, o, progress, expectedInformation, starts, memoryLimit); }

    public FitOptions withProgress(ProgressListener p) { return new FitOptions(mode, start, optimizer, p, expectedInformation, starts, memoryLimit); }

    /**
     * How many starts to run where the objective is not proved to have a single minimum: the given start and
     * n − 1 spread around it (1 turns the multi-start off). Models proved convex always run one.
     */
    public FitOptions withStarts(int n) { return new FitOptions(mode, start, optimizer, progress, expectedInformation, n, memoryLimit); }

    /** Also compute standard errors from the expected information (Gauss–Newton for least squares). */
    public FitOptions withExpectedInformation(boolean e) { return new FitOptions(mode, start, optimizer, progress, e, starts, memoryLimit); }

    /**
     * The most memory, in bytes, the fit may allocate beyond the data it is given (0: no limit but the JVM's heap). The
     * fit estimates what its method needs before it starts and refuses with a {@link MemoryLimitException} above it.
     */
    public FitOptions withMemoryLimit(long bytes) {
        return new FitOptions(mode, start, optimizer, progress, expectedInformation, starts, bytes);
    }
}
