package mle.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import mle.api.Estimate;
import mle.api.FitOptions;
import mle.api.FitResult;
import mle.api.Model;
import mle.api.ProfileInterval;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Options;
import mle.runtime.optim.Progress;
import mle.runtime.optim.ProgressListener;
import mle.runtime.optim.Verdict;
import mle.runtime.optim.Result;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit a model to data: estimates, standard errors, 95%% intervals and the optimiser's verdict.",
                "Standard errors come from the inverse observed information (through constraints by the delta method). "
                        + "The table also gives the objective with every constant, the gradient, AIC and BIC in MLE mode, "
                        + "and the equivalent loss (MSE, MAE) where one applies.",
                "Converged means a strict local minimum; otherwise the verdict names the saddle point, the estimate that runs "
                        + "off or the flat direction. Models not proved to have a single minimum are searched from several starts.",
                "Exit status: 0 converged, 3 not converged (or the time limit was reached), 64 bad usage, 65 bad model or data (also an objective that is "
                        + "not finite at the start), 66 unreadable file, 73 an output file that cannot be written."})
final class FitCommand implements Callable<Integer> {
    @Mixin SingleModelOptions model;
    @Mixin DataOptions data;
    @Mixin TimeLimitOption limit;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--start", paramLabel = "NAME=VALUE", description = "a starting value, e.g. --start σ=1 or --start b1=500 (repeatable)")
    List<String> starts = List.of();

    @Option(names = "--method", paramLabel = "METHOD", description = "auto (Levenberg–Marquardt for least squares, else L-BFGS; then Newton with the exact Hessian, up to 200 parameters), lbfgs or newton; default auto")
    String method = "auto";

    @Option(names = "--max-iterations", paramLabel = "N", description = "iteration limit per phase (default 10000)")
    int maxIterations = Options.defaults().maxIterations();

    @Option(names = "--starts", paramLabel = "N", description = "starts of the multi-start for models not proved to have a single minimum: the given start and N − 1 spread around it (default 8; 1 turns it off)")
    int startCount = FitOptions.DEFAULT_STARTS;

    @Option(names = "--profile", arity = "0..1", fallbackValue = "", paramLabel = "NAMES",
            description = "also give 95%% profile-likelihood intervals, beside the Wald ones: for every parameter, or for the "
                    + "comma-separated NAMES; each end is found by fits with the parameter held fixed")
    String profile;

    @Option(names = "--report", preprocessor = DashedValue.class, paramLabel = "FILE.html", description = "also write an HTML page with the estimates, the "
            + "verdict and plots (residuals against fitted, a normal Q–Q plot, observed against fitted, the profile "
            + "likelihoods with --profile, the optimiser's trace): one self-contained file")
    java.nio.file.Path report;

    @Option(names = "--predictions", preprocessor = DashedValue.class, paramLabel = "FILE", description = "also write, per row, the observed value, the fitted "
            + "value, the residual, the standardized (Pearson) residual and the row's log-likelihood contribution, as CSV to FILE")
    java.nio.file.Path predictions;

    @Option(names = "--robust", description = "also give sandwich (robust, Huber–White HC0) standard errors, valid when the "
            + "model's variance is wrong: H⁻¹(Σ gᵢgᵢᵀ)H⁻¹ with the rows' scores gᵢ (MLE fits)")
    boolean robust;

    @Option(names = "--expected", description = "also give standard errors from the expected (Fisher) information: for least squares, Gauss–Newton with σ² = RSS/(n − p), NIST's convention")
    boolean expected;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        CommandLine cl = spec.commandLine();
        try {
            // Before any work: no output may replace an input or another output.
            // An output sent to standard output (-) has it to itself: the table goes to standard error then.
            PrintWriter tableOut = OutputFiles.beforeWork(cl, out, err, OutputFiles.named("the model", model.model, "--data", data.data),
                    OutputFiles.named("--json", data.json, "--predictions", predictions, "--report", report));
            limit.total(cl);
            String compiling = "compiling " + Main.shown(model.model);
            Model m = limit.run(compiling, cl, err, () -> Model.from(model.compile(cl, err)));
            mle.runtime.Phases.ended("compiling the model");
            // Started without the JIT for a large file: a model that no direct solver finishes restarts with it at once.
            if (mle.runtime.truffle.MleEngine.jitOnDemand() && !limit.run(compiling, cl, err, () -> m.solvedDirectly(data.mode()))) {
                return Main.RESTART_WITH_JIT;
            }
            DataTable table = data.read(m, cl, err, limit);
            mle.runtime.Phases.ended("reading the data (the rest)");
            // The first start's iterations, for the report's trace (the other starts of a search report none).
            List<mle.runtime.optim.Progress> trace = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            ProgressLine line = new ProgressLine(err);
            FitOptions options = FitOptions.defaults()
                    .withMode(data.mode())
                    .withStart(DataOptions.values(starts, "--start", cl))
                    .withOptimizer(optimizerOptions(cl))
                    .withProgress(progress -> {
                        trace.add(progress);
                        line.onIteration(progress);
                    })
                    .withExpectedInformation(expected)
                    .withStarts(startCount(cl))
                    // What the heap can hold: a fit that needs more is refused before the work, not part-way through it.
                    .withMemoryLimit(Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));
            FitResult result = DataOptions.run(() -> limit.kept(err, () -> m.fit(table, options)), cl, err);
            mle.runtime.Phases.ended("the fit (the rest)");
            List<String> names = profile == null || profile.isBlank() ? List.of()
                    : java.util.Arrays.stream(profile.split(",")).map(String::strip).toList();
            // A profile cut short by the time limit still comes with the fit: its ends not reached are marked so.
            String[] profileCut = new String[1];
            List<ProfileInterval> intervals = profile == null || !result.converged() ? null : DataOptions.run(() -> {
                try {
                    return m.profile(table, result, names, limit.remaining(cl));
                } catch (mle.api.TimeLimitException e) {
                    profileCut[0] = e.step() == null ? "the profile" : e.step();
                    return null;
                }
            }, cl, err);
            if (intervals != null) {
                intervals.stream().filter(ProfileInterval::cutShort).findFirst()
                        .ifPresent(p -> profileCut[0] = "the profile of " + p.name());
            }
            List<Estimate> sandwich = robust ? limit.run("the sandwich standard errors", cl, err,
                    () -> DataOptions.run(() -> m.robust(table, result), cl, err)) : null;
            Extras extras = new Extras(levels(m, table), table.droppedLines(), profile != null, intervals, sandwich);
            if (data.json != null) {
                Map<String, Object> json = json(result, m, extras);
                if (data.dropIncomplete) json.put("dropped_lines", java.util.Arrays.stream(extras.dropped()).boxed().toList());
                JsonOutput.write(data.json, json, out, err);
                mle.runtime.Phases.ended("the JSON");
            }
            mle.api.Predictions rows = predictions != null || report != null ? limit.run("the predictions", cl, err,
                    () -> DataOptions.run(() -> m.predictions(table, result), cl, err)) : null;
            if (report != null) {
                String modelText = readModelText();
                String title = m.name() != null ? m.name() : String.valueOf(model.model.getFileName());
                String html = HtmlReport.of(result, title, modelText, data.data.toString(), rows, List.copyOf(trace), intervals);
                OutputFiles.write(report, "--report", w -> w.write(html), out, err);
            }
            if (predictions != null) OutputFiles.write(predictions, "--predictions", rows::writeCsv, out, err);
            long[] dropped = extras.dropped();
            tableOut.print(table(result, m, Main.shown(data.data) + (dropped.length > 0 ? " (" + droppedSentence(dropped) + ")" : ""), extras));
            tableOut.flush();
            mle.runtime.Phases.ended("the output");
            if (profileCut[0] != null) {
                tableOut.flush();
                throw limit.cutShort(profileCut[0], intervals == null ? "" : " (the ends it did not reach are marked so)", err);
            }
            return result.converged() ? Main.OK : Main.NOT_CONVERGED;
        } catch (ModelOptions.Exit e) {
            return e.code;
        }
    }


    private int startCount(CommandLine cl) {
        if (startCount < 1) throw new CommandLine.ParameterException(cl, "--starts must be at least 1");
        return startCount;
    }

    private Options optimizerOptions(CommandLine cl) {
        Options.Method m = switch (method.toLowerCase()) {
            case "auto" -> Options.Method.AUTO;
            case "lbfgs", "l-bfgs" -> Options.Method.LBFGS;
            case "newton" -> Options.Method.NEWTON;
            default -> throw new CommandLine.ParameterException(cl, "--method is auto, lbfgs or newton, not `" + method + "`");
        };
        if (maxIterations < 1) throw new CommandLine.ParameterException(cl, "--max-iterations must be at least 1");
        // What is left of the command's time limit after compiling and reading the data.
        return Options.defaults().withMethod(m).withMaxIterations(maxIterations).withTimeLimit(limit.remaining(cl));
    }

    /**
     * What the table and the JSON show beside the fit: the level names of columns read as names, the lines left out
     * for missing values, and the profile intervals when asked for ({@code intervals} null when the fit did not converge).
     */
    record Extras(Map<String, List<String>> levels, long[] dropped, boolean profileAsked, List<ProfileInterval> intervals,
                  List<Estimate> robust) {}

    /** "3 incomplete rows left out (lines 5, 9, 12)", the lines shortened beyond ten. */
    static String droppedSentence(long[] lines) {
        List<String> shown = java.util.Arrays.stream(lines).limit(10).mapToObj(String::valueOf).toList();
        return lines.length + (lines.length == 1 ? " incomplete row" : " incomplete rows") + " left out (line"
                + (lines.length == 1 ? " " : "s ") + String.join(", ", shown) + (lines.length > 10 ? ", …" : "") + ")";
    }

    /** The level names of the model's columns that were read as names (`region` → east, north, …). */
    static Map<String, List<String>> levels(Model m, DataTable table) {
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (String column : m.objective().levelColumns()) {
            List<String> names = table.levels(column);
            if (names != null) levels.put(column, names);
        }
        return levels;
    }

    static String table(FitResult r, Model m, String dataName, Extras extras) {
        StringBuilder s = new StringBuilder();
        String objectiveName = r.mode() == Objective.Mode.MLE ? "NLL" : "NLP";
        s.append(m.name() == null ? "model" : m.name()).append(": ").append(r.mode()).append(" fit of ")
                .append(r.estimates().size()).append(" parameter").append(r.estimates().size() == 1 ? "" : "s")
                .append(" to ").append(r.rows()).append(" row").append(r.rows() == 1 ? "" : "s").append(" of ").append(dataName).append("\n\n");
        int width = Math.max(9, r.estimates().stream().mapToInt(e -> e.name().length()).max().orElse(0));
        s.append(String.format("%-" + width + "s  %15s  %12s  %s%n", "parameter", "estimate", "std. error", "95% interval"));
        // A fit that ended before any method ran (more coefficients than rows) has no point to show: its verdict says why.
        boolean noPoint = !r.estimates().isEmpty() && r.estimates().stream().allMatch(e -> Double.isNaN(e.value()));
        if (noPoint) {
            s.append("(no estimates: the verdict below says why)\n");
        } else {
            rows(r.estimates(), width, s);
        }
        if (extras.intervals() != null) {
            s.append("\nprofile-likelihood 95% intervals (each end where the objective rises by χ²₁(0.95)/2 with the parameter held):\n");
            for (ProfileInterval p : extras.intervals()) {
                s.append(String.format("%-" + width + "s  [%s, %s]%s%n", p.name(), end(p.lower()), end(p.upper()),
                        p.note().isEmpty() ? "" : "  " + p.note()));
            }
        } else if (extras.profileAsked() && r.converged()) {
            s.append("profile     not computed: the time limit was reached first\n");
        } else if (extras.profileAsked()) {
            s.append("profile     not computed: profile intervals need a converged fit\n");
        }
        extras.levels().forEach((column, names) -> {
            StringBuilder line = new StringBuilder("levels of " + column + ":");
            boolean shortened = names.size() > SHOWN_ELEMENTS;
            for (int k = 0; k < names.size(); k++) {
                if (shortened && k == 5) {
                    line.append(String.format(Locale.ROOT, ", … (%,d more, every one in the JSON of --json)", names.size() - 6));
                    k = names.size() - 1;
                }
                line.append(k == 0 ? " " : ", ").append(k + 1).append(" = ").append(names.get(k));
            }
            s.append(line).append(" (names in sorted order)\n");
        });
        if (!r.derived().isEmpty()) {
            s.append("\nderived quantities (standard errors by the delta method):\n");
            int w = Math.max(width, r.derived().stream().mapToInt(e -> e.name().length()).max().orElse(0));
            for (Estimate e : r.derived()) s.append(row(e, w, 4));
            if (r.derivedNote() != null) s.append("note        ").append(r.derivedNote()).append('\n');
        }
        if (!r.randomEffects().isEmpty()) s.append(randomEffects(r.randomEffects(), width));
        if (extras.robust() != null) {
            s.append("\nsandwich (robust, Huber–White HC0) standard errors:\n");
            for (Estimate e : extras.robust()) s.append(row(e, width, 4));
        }
        if (r.expected() != null) {
            s.append("\nstandard errors from the expected information (Gauss–Newton, σ² = RSS/(n − p)):\n");
            for (Estimate e : r.expected()) s.append(row(e, width, 6));
        }
        s.append('\n');
        if (!noPoint) {
            s.append(r.mode() == Objective.Mode.MLE
                    ? "objective   NLL = " + Numbers.sig(r.objective(), 12) + " (negative log-likelihood, every constant included)\n"
                    : "objective   NLP = " + Numbers.sig(r.objective(), 12) + " (negative log-posterior, every constant included); NLL = "
                    + Numbers.sig(r.nll(), 12) + "\n");
            s.append("gradient    max |∂").append(objectiveName).append("/∂θ| = ").append(Numbers.sig(r.gradientNorm(), 3)).append('\n');
        }
        Result o = r.optimizer();
        s.append("optimiser   ").append(o.verdict().converged() ? "" : "WARNING: ").append(o.message()).append("; ")
                .append(Numbers.sig(o.elapsed().toNanos() / 1e9, 3)).append(" s\n");
        if (r.verdict() != o.verdict() || !r.converged() && !r.message().equals(o.message())) {
            s.append("verdict     WARNING: ").append(r.message()).append('\n');
        }
        s.append("method      ").append(r.search().method()).append('\n');
        s.append("search      ").append(r.search().sentence()).append('\n');
        List<String> transformed = m.objective().params().stream().filter(Objective.Parameter::isConstrained)
                .map(p -> p.name()).toList();
        if (!transformed.isEmpty() && !noPoint) {
            s.append("note        the 95% intervals of ").append(String.join(", ", transformed))
                    .append(" are taken on the optimiser's unconstrained scale and mapped back, so they respect the constraints\n");
        }
        if (!r.kinks().isEmpty() && (!r.converged() || !r.statistics().positiveDefinite())) {
            s.append("note        ").append(String.join(", ", r.kinks())).append(r.kinks().size() == 1 ? " appears" : " appear")
                    .append(" inside an absolute value (a Laplace location or a lasso term): the objective has kinks there, so a\n")
                    .append("            gradient-based optimiser may stall beside the optimum, and the Hessian, zero along a kink, gives no standard error\n");
        }
        if (!r.jitCompiled() && mle.runtime.truffle.MleEngine.interpretedOnPurpose()) {
            s.append("note        the objective ran in Truffle's interpreter, which starts faster than the JIT: chosen for a small data file\n");
        } else if (!r.jitCompiled()) {
            s.append("WARNING     the objective ran in Truffle's interpreter (").append(r.engine())
                    .append("), not compiled by Graal: start mle through bin/mle\n");
        }
        // At a boundary, or where the numbers are not finite, the verdict already says that no standard error means
        // anything; the Hessian adds nothing.
        boolean diagnosed = !r.statistics().positiveDefinite() && r.verdict() != Verdict.AT_BOUNDARY
                && r.verdict() != Verdict.NON_FINITE && !noPoint;
        if (diagnosed) s.append("WARNING     ").append(r.statistics().diagnosis()).append('\n');
        // The diagnosis ends with the warnings; where it is not printed, each is a note of its own.
        if (!diagnosed && !noPoint) for (String w : r.statistics().warnings()) s.append("note        ").append(w).append('\n');
        if (r.criteria() != null && !noPoint) {
            s.append("criteria    AIC = ").append(Numbers.sig(r.criteria().aic(), 10)).append("   BIC = ")
                    .append(Numbers.sig(r.criteria().bic(), 10)).append('\n');
        }
        if (r.loss() != null && !noPoint) {
            s.append("loss        ").append(r.loss().name()).append(r.converged() ? " at optimum = " : " at the final point = ").append(Numbers.sig(r.loss().value(), 6)).append('\n');
        }
        return s.toString();
    }

    /** An end of a profile interval: NaN where the time limit came before it was found. */
    private static String end(double value) {
        return Double.isNaN(value) ? mle.api.ProfileInterval.NOT_REACHED : Numbers.sig(value, 6);
    }

    /** One line of an estimates table: name, estimate, standard error to {@code digits} digits, 95% interval. */
    /** Vectors longer than this are summarised in the table (their first elements and the last); the JSON has all. */
    static final int SHOWN_ELEMENTS = 50;

    /**
     * The estimates' rows, a vector of more than {@link #SHOWN_ELEMENTS} elements (100,000 group effects) shortened to
     * its first five and its last, with a line that says how many are left out and where they are.
     */
    private static void rows(List<Estimate> estimates, int width, StringBuilder s) {
        for (int i = 0; i < estimates.size(); ) {
            String vector = vectorOf(estimates.get(i).name());
            int end = i + 1;
            while (vector != null && end < estimates.size() && vector.equals(vectorOf(estimates.get(end).name()))) end++;
            if (end - i <= SHOWN_ELEMENTS) {
                for (int j = i; j < end; j++) s.append(row(estimates.get(j), width, 4));
            } else {
                for (int j = i; j < i + 5; j++) s.append(row(estimates.get(j), width, 4));
                s.append(String.format(Locale.ROOT, "%-" + width + "s  (%,d more elements of %s, every one in the JSON of --json)%n", "…", end - i - 6, vector));
                s.append(row(estimates.get(end - 1), width, 4));
            }
            i = end;
        }
    }

    /**
     * The random effects at the estimates: each one when there are few, else per vector how many, the range of their
     * conditional modes and of their conditional standard deviations.
     */
    private static String randomEffects(List<FitResult.RandomEffect> effects, int width) {
        StringBuilder s = new StringBuilder("\nrandom effects (integrated out; conditional modes at the estimates, with their "
                + "conditional standard deviations):\n");
        if (effects.size() <= SHOWN_ELEMENTS) {
            int w = Math.max(width, effects.stream().mapToInt(e -> e.name().length()).max().orElse(0));
            for (FitResult.RandomEffect e : effects) {
                s.append(String.format("%-" + w + "s  %15s  %12s%n", e.name(), Numbers.sig(e.mode(), 9), Numbers.sig(e.standardDeviation(), 4)));
            }
            return s.toString();
        }
        Map<String, List<FitResult.RandomEffect>> byVector = new LinkedHashMap<>();
        for (FitResult.RandomEffect e : effects) {
            String v = vectorOf(e.name());
            byVector.computeIfAbsent(v == null ? e.name() : v, k -> new java.util.ArrayList<>()).add(e);
        }
        byVector.forEach((name, list) -> {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, sdLo = Double.POSITIVE_INFINITY, sdHi = 0;
            for (FitResult.RandomEffect e : list) {
                lo = Math.min(lo, e.mode());
                hi = Math.max(hi, e.mode());
                sdLo = Math.min(sdLo, e.standardDeviation());
                sdHi = Math.max(sdHi, e.standardDeviation());
            }
            s.append(String.format("%-" + width + "s  %,d effects, modes from %s to %s, standard deviations %s to %s%n", name,
                    list.size(), Numbers.sig(lo, 4), Numbers.sig(hi, 4), Numbers.sig(sdLo, 3), Numbers.sig(sdHi, 3)));
        });
        s.append("            every one in the JSON of --json\n");
        return s.toString();
    }

    /** `a` for `a[12]`, null for a scalar. */
    private static String vectorOf(String name) {
        int bracket = name.indexOf('[');
        return bracket > 0 ? name.substring(0, bracket) : null;
    }

    private static String row(Estimate e, int width, int digits) {
        return String.format("%-" + width + "s  %15s  %12s  [%s, %s]%n", e.name(), Numbers.sig(e.value(), 9),
                Numbers.sig(e.standardError(), digits), Numbers.sig(e.lower(), 6), Numbers.sig(e.upper(), 6));
    }

    static Map<String, Object> json(FitResult r, Model m, Extras extras) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", m.name());
        root.put("mode", r.mode().name());
        root.put("rows", r.rows());
        root.put("converged", r.converged());
        root.put("verdict", r.verdict().name());
        root.put("message", r.message());
        root.put("optimizer_verdict", r.optimizer().verdict().name());
        root.put("optimizer_message", r.optimizer().message());
        root.put("estimates", estimates(r.estimates()));
        if (!r.derived().isEmpty()) root.put("derived", estimates(r.derived()));
        if (!r.randomEffects().isEmpty()) {
            root.put("random_effects", r.randomEffects().stream().map(e -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", e.name());
                x.put("mode", JsonOutput.number(e.mode()));
                x.put("sd", JsonOutput.number(e.standardDeviation()));
                return x;
            }).toList());
        }
        if (extras.robust() != null) root.put("robust_estimates", estimates(extras.robust()));
        root.put("covariance", matrix(r.statistics().covariance(), r));
        root.put("correlation", matrix(r.statistics().correlation(), r));
        if (!extras.levels().isEmpty()) root.put("levels", extras.levels());
        if (extras.profileAsked()) {
            root.put("profile", extras.intervals() == null ? null : extras.intervals().stream().map(p -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", p.name());
                x.put("lower95", JsonOutput.number(p.lower()));
                x.put("upper95", JsonOutput.number(p.upper()));
                List<String> notReached = new java.util.ArrayList<>();
                if (Double.isNaN(p.lower())) notReached.add("lower");
                if (Double.isNaN(p.upper())) notReached.add("upper");
                x.put("not_reached_within_time_limit", notReached);
                x.put("fits", p.fits());
                x.put("note", p.note());
                // The profile's points, for a plot: the value and 2·(NLL − min NLL), the interval's ends where it is 3.8415.
                x.put("curve", java.util.Arrays.stream(p.curve()).map(q -> Map.of("value", q[0], "deviance", q[1])).toList());
                return x;
            }).toList());
        }
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("method", r.search().method());
        search.put("global", r.search().global());
        search.put("why_global", r.search().convexity());
        search.put("starts", r.search().planned());
        search.put("starts_run", r.search().run());
        search.put("best_start", r.search().bestStart());
        search.put("distinct_optima", r.search().optima().stream().map(JsonOutput::number).toList());
        search.put("summary", r.search().sentence());
        root.put("search", search);
        if (r.expected() != null) root.put("expected_information_estimates", estimates(r.expected()));
        root.put("objective", JsonOutput.number(r.objective()));
        root.put("nll", JsonOutput.number(r.nll()));
        root.put("gradient_norm", JsonOutput.number(r.gradientNorm()));
        root.put("iterations", r.optimizer().iterations());
        root.put("evaluations", r.optimizer().evaluations());
        root.put("seconds", r.optimizer().elapsed().toNanos() / 1e9);
        root.put("hessian_positive_definite", r.statistics().positiveDefinite());
        root.put("hessian_eigenvalues", java.util.Arrays.stream(r.statistics().eigenvalues()).mapToObj(JsonOutput::number).toList());
        if (r.criteria() != null) {
            root.put("aic", JsonOutput.number(r.criteria().aic()));
            root.put("bic", JsonOutput.number(r.criteria().bic()));
        }
        if (r.loss() != null) root.put(r.loss().name().toLowerCase(), JsonOutput.number(r.loss().value()));
        root.put("engine", r.engine());
        root.put("parameters_inside_absolute_values", r.kinks());
        return root;
    }

    /** Above this many parameters the JSON leaves the k×k matrices out (a million numbers is enough for a file). */
    static final int MATRIX_LIMIT = 1000;

    /** A covariance or correlation matrix as rows of numbers (null where not defined), by the estimates' order. */
    private static Object matrix(double[][] m, FitResult r) {
        if (m == null || m.length == 0 || m.length > MATRIX_LIMIT) return null;
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (double[] row : m) rows.add(java.util.Arrays.stream(row).mapToObj(JsonOutput::number).toList());
        return rows;
    }

    /** Each estimate as {name, estimate, std_error, lower95, upper95}. */
    private static JsonOutput.Objects<Estimate> estimates(List<Estimate> estimates) {
        return new JsonOutput.Objects<>(estimates, (e, json) -> {
            json.string("name", e.name());
            json.number("estimate", e.value());
            json.number("std_error", e.standardError());
            json.number("lower95", e.lower());
            json.number("upper95", e.upper());
        });
    }

    /** A progress line on stderr, once a second, for fits that take longer than a second. */
    static final class ProgressLine implements ProgressListener {
        private final PrintWriter err;
        private long nextNanos = 1_000_000_000L;

        ProgressLine(PrintWriter err) { this.err = err; }

        @Override
        public void onIteration(Progress p) {
            long elapsed = p.elapsed().toNanos();
            if (elapsed < nextNanos) return;
            nextNanos = elapsed + 1_000_000_000L;
            err.printf("  … %s iteration %d: objective %s, max |gradient| %s, %.1f s%n", p.phase(), p.iteration(),
                    Numbers.sig(p.value(), 10), Numbers.sig(p.gradientNorm(), 3), elapsed / 1e9);
            err.flush();
        }
    }

    /** The model's text for the report; a file read a moment ago, so an error here is unlikely and not fatal. */
    private String readModelText() {
        try {
            return java.nio.file.Files.readString(model.model);
        } catch (java.io.IOException e) {
            return "(" + Main.shown(model.model) + " could not be read again: " + Main.ioReason(e, model.model) + ")";
        }
    }
}
