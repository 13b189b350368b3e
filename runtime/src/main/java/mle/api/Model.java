package mle.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import mle.compiler.Compiler;
import mle.compiler.LargeStack;
import mle.compiler.explain.Derivation;
import mle.compiler.interrupt.Interruption;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Rows;
import mle.compiler.lower.DataChecks;
import mle.compiler.lower.Unconstrained;
import mle.compiler.source.Diagnostic;
import mle.compiler.source.SourceFile;
import mle.estimate.Attempt;
import mle.estimate.ExpectedInformation;
import mle.estimate.FitProblem;
import mle.estimate.Magnitudes;
import mle.estimate.MethodChooser;
import mle.estimate.Optimum;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import mle.runtime.data.csv.CsvReader;
import mle.runtime.optim.Options;
import mle.runtime.truffle.TruffleObjective;

/**
 * A compiled model: the public entry point for Java programs (the CLI is built on it).
 *
 * <pre>{@code
 * ParsedModel model = Model.compile(Path.of("model.mle"));
 * DataTable data = model.readData(Path.of("data.csv"));
 * FitResult fit = model.fit(data, FitOptions.defaults().withStart("σ", 1.0));
 * double slope = fit.estimate("b").value();
 * }</pre>
 */
public final class Model {
    private final Compiler.Compilation compilation;
    private final Objective objective;

    private Model(Compiler.Compilation compilation) {
        this.compilation = compilation;
        this.objective = compilation.objective();
    }

    /** Compiles a model file; throws {@link ModelException} with every diagnostic when it has errors. */
    public static Model compile(Path file) throws IOException { return compile(file, Map.of()); }

    public static Model compile(Path file, Map<String, double[]> constants) throws IOException {
        return compile(SourceFile.read(file), constants);
    }

    /** Compiles model text (reported as "model.mle" in messages). */
    public static Model compile(String text) { return compile(new SourceFile("model.mle", text), Map.of()); }

    /**
     * @param constants values for the model's `const` declarations, by name (`--set` on the command line);
     *                  an unknown name is an error
     */
    public static Model compile(SourceFile source, Map<String, double[]> constants) {
        return from(Compiler.compile(source, constants));
    }

    /**
     * {@link #compile(SourceFile, Map)} within a time limit: a compilation still running when it has passed stops
     * between two statements with a {@link TimeLimitException}.
     */
    public static Model compile(SourceFile source, Map<String, double[]> constants, Duration limit) {
        try {
            return from(Compiler.compile(source, constants, limit));
        } catch (Interruption.Stopped stopped) {
            throw new TimeLimitException("compiling " + source.name() + " reached its time limit of " + seconds(limit)
                    + " before it finished", "compiling " + source.name());
        }
    }

    /** A model from a compilation already made (the CLI's, which has printed its diagnostics). */
    public static Model from(Compiler.Compilation c) {
        if (c.diagnostics().hasErrors()) throw new ModelException(c.diagnostics().sorted());
        if (!c.unknownOverrides().isEmpty()) {
            throw new OptionException("the model has no constant called " + String.join(", ", c.unknownOverrides()));
        }
        return new Model(c);
    }

    public String name() { return objective.modelName(); }

    /** The scalar parameters in order: `σ`, `β[1]`, …. */
    public List<String> parameterNames() { return objective.params().stream().map(Objective.Parameter::name).toList(); }

    /** The data columns that no `~` statement draws (the covariates a simulation takes from a file). */
    public List<String> covariateColumns() {
        Set<Integer> drawn = new HashSet<>();
        for (Objective.Likelihood l : objective.likelihoods()) for (Node y : l.targets()) if (y.op == Op.DATA) drawn.add(y.index);
        return objective.columns().stream().filter(c -> !drawn.contains(c.index())).map(Objective.Column::name).toList();
    }

    /** The data columns the model reads, as named in a CSV header (`X1` for `X[1]`). */
    public List<String> dataColumns() { return objective.columns().stream().map(Objective.Column::name).toList(); }

    /** Warnings of the compiler (errors make {@link #compile} throw). */
    public List<Diagnostic> warnings() { return compilation.diagnostics().sorted(); }

    public Objective objective() { return objective; }

    /** The explanation `mle derive` prints. */
    public String derivation() { return LargeStack.call(() -> Derivation.explain(compilation.checked(), objective)); }

    public boolean hasPriors() { return objective.hasPriors(); }

    /** MAP when the model has priors, else MLE (with no priors the two are the same). */
    public Objective.Mode defaultMode() { return objective.hasPriors() ? Objective.Mode.MAP : Objective.Mode.MLE; }

    /**
     * Reads the columns this model needs from a CSV file; {@code rename} maps data names to CSV headers. A column that
     * indexes a vector by itself (`g` in `m[g]`) may hold names, which stand for their levels 1..K in sorted order
     * ({@link DataTable#levels}).
     */
    public DataTable readData(Path csv, Map<String, String> rename) { return readData(csv, rename, false); }

    /**
     * {@link #readData(Path, Map)}, where with {@code dropIncomplete} a row with a missing value (an empty cell, NA,
     * NaN, …) in a column the model reads is left out rather than an error ({@link DataTable#droppedLines} says which).
     */
    public DataTable readData(Path csv, Map<String, String> rename, boolean dropIncomplete) {
        return CsvReader.read(csv, dataColumns(), rename, objective.levelColumns(), dropIncomplete);
    }

    public DataTable readData(Path csv) { return readData(csv, Map.of()); }

    // ---- fitting ------------------------------------------------------------------------------

    public FitResult fit(DataTable data) { return fit(data, FitOptions.defaults()); }

    /**
     * Fits on a thread with a large stack (see {@link LargeStack}): the IR's derivatives recurse over the model. The
     * optimiser's time limit holds for the whole fit: the optimisers stop at it with their point ("not converged: the
     * time limit was reached"), and a direct solver still running shortly after it stops between two of its steps
     * with a {@link TimeLimitException}. The method is chosen from the model's structure ({@link MethodChooser}).
     */
    public FitResult fit(DataTable data, FitOptions options) {
        // The optimisers watch the limit themselves; the watchdog is for the rest (the direct solvers, the derivatives,
        // the standard errors), so it comes a little later.
        return withinTimeLimit("the fit", ", so there is no estimate", options.optimizer().timeLimit(), () -> {
            double[][] columns = Binding.columns(objective, data);
            mle.runtime.Phases.ended("the data checked against the supports");
            Magnitudes.check(objective, data, columns);
            mle.runtime.Phases.ended("the data's magnitudes checked");
            Objective.Mode mode = modeOf(options);
            MethodChooser.overMemoryLimit(objective, mode, data.rowCount(), options.memoryLimit()).ifPresent(r -> {
                MethodChooser.MemoryNeed need = MethodChooser.memoryNeed(objective, mode, data.rowCount());
                throw new MemoryLimitException(r.message(), (long) need.bytes(), options.memoryLimit(), need.what());
            });
            double[] theta0 = Binding.startingValues(objective, options.start());
            return fitted(new FitProblem(objective, mode, Rows.inMemory(columns, data.rowCount()), columns,
                    row -> Binding.place(data, row), theta0, settings(options)));
        });
    }

    /**
     * The rows of a data set wherever they are ({@link Rows}: in memory, or in parts such as a Spark DataFrame's
     * partitions, {@link mle.runtime.parts.PartedRows}). Ordinary least squares on parts is solved from XᵀX and Xᵀy
     * summed exactly where the rows are ({@link mle.runtime.linear.PartedLeastSquares}); every other model is searched,
     * each pass of the optimiser summing the objective's row sums where the rows are and finishing here (the other
     * direct solvers hold the design in memory). The same verdict and statistics as {@link #fit(DataTable, FitOptions)}.
     */
    public FitResult fit(Rows rows, FitOptions options) {
        return LargeStack.call(() -> {
            if (rows.count() == 0) {
                throw new DataException(DataException.Kind.NO_ROWS, null, 0, null, "the data have no rows", "add data rows");
            }
            DataChecks.Violation v = DataChecks.first(objective, rows);
            if (v != null) {
                // Without a file, the place is the row in the whole table.
                throw new DataException(DataException.Kind.OUT_OF_SUPPORT, null, v.row() + 1L, v.column(), v.message(), v.hint());
            }
            double[] theta0 = Binding.startingValues(objective, options.start());   // checks the names, whichever method runs
            return fitted(new FitProblem(objective, modeOf(options), rows, null, row -> "row " + (row + 1), theta0,
                    settings(options)));
        });
    }

    private FitResult fitted(FitProblem problem) {
        Attempt answer = MethodChooser.fit(problem).answer();
        mle.runtime.Phases.ended("the method's answer");
        if (answer instanceof Optimum optimum) return FitAssembly.of(problem, optimum);
        throw refusal((Attempt.Refused) answer);
    }

    private Objective.Mode modeOf(FitOptions options) { return options.mode() != null ? options.mode() : defaultMode(); }

    private static FitProblem.Settings settings(FitOptions options) {
        return new FitProblem.Settings(options.optimizer(), options.progress(), options.starts(),
                options.expectedInformation());
    }

    /** A refusal of the estimation layer as the exception callers know. */
    private static RuntimeException refusal(Attempt.Refused refused) {
        return switch (refused.reason()) {
            case START_NOT_FINITE -> refused.located() != null ? new NumericalException(refused.located())
                    : new NumericalException(refused.message());
            case OVER_MEMORY_LIMIT -> new MemoryLimitException(refused.message(), -1, -1, null);
            case UNSUPPORTED -> new NumericalException("the random effects cannot be integrated out: " + refused.message());
        };
    }

    /** After a limit passes, how long work may take to stop by itself before its caller stops waiting for it. */
    private static final Duration STOPPING = Duration.ofMillis(500);

    /**
     * The work on a thread of its own, interrupted {@link #STOPPING} after the limit (an optimiser stops at the limit
     * itself, between two evaluations) and ended as much later whatever it is doing: each of its steps that is
     * interrupted stops with an exception naming itself, which becomes a {@link TimeLimitException} that says which
     * step it was; a step that does not stop is left to finish in the background.
     *
     * @param what what the work is, for the message: "the fit", "the profile"
     * @param lost what is lost, for the message: ", so there is no estimate", or nothing
     */
    private static <T> T withinTimeLimit(String what, String lost, Duration limit, Supplier<T> work) {
        // No number: on the command line the limit given here is what the command's own had left.
        Function<String, TimeLimitException> cut = step -> new TimeLimitException(what
                + " reached its time limit before " + step + " finished" + lost + "; give it more time (the optimiser's "
                + "time limit, --time-limit on the command line)", step);
        try {
            return LargeStack.callWithin(work, limit.plus(STOPPING), STOPPING);
        } catch (Interruption.Stopped stopped) {
            throw cut.apply(stopped.step == null ? what : stopped.step);
        } catch (RuntimeException e) {
            if (Interruption.causedByInterrupt(e)) throw cut.apply(what);
            throw e;
        }
    }

    /**
     * 95% profile-likelihood intervals of the named parameters (all when {@code names} is empty) at a converged fit of
     * these data: each end is where fitting the other parameters with this one held fixed raises twice the objective
     * by χ²₁(0.95) (the likelihood in MLE mode; the posterior density in MAP mode). Each point is a full fit, so this
     * costs some tens of fits per parameter; all of them share the optimiser's default time limit.
     */
    public List<ProfileInterval> profile(DataTable data, FitResult fit, List<String> names) {
        return profile(data, fit, names, Options.defaults().timeLimit());
    }

    /**
     * {@link #profile(DataTable, FitResult, List)} within a time limit for all of it: an end not reached by then is
     * NaN in its interval ({@link ProfileInterval#cutShort}); the intervals of the names not started are NaN on both
     * sides. A step that does not stop at the limit ends the profile with a {@link TimeLimitException}.
     */
    public List<ProfileInterval> profile(DataTable data, FitResult fit, List<String> names, Duration limit) {
        if (!fit.converged()) {
            throw new OptionException("profile intervals need a converged fit, and this one did not converge: " + fit.message());
        }
        notYetWithRandomEffects("--profile (profile intervals)");
        ProfileLikelihood.Wanted wanted = ProfileLikelihood.wanted(objective, fit.mode(), names);
        long deadline = System.nanoTime() + LargeStack.nanos(limit);
        return withinTimeLimit("the profile", "", limit, () -> ProfileLikelihood.atFit(objective,
                Binding.columns(objective, data), data.rowCount(), fit, wanted, deadline));
    }

    /**
     * The fit's per-row values on these data: each observation, its fitted value, residual and standardized (Pearson)
     * residual, and the row's log-likelihood contribution; see {@link Predictions}.
     */
    public Predictions predictions(DataTable data, FitResult fit) {
        return LargeStack.call(() -> RowValues.predictions(objective, data, Binding.columns(objective, data), estimates(fit)));
    }

    /**
     * Draws the data of the model's `~` statements at the given parameter values (every parameter, by its name or its
     * vector's), with the other data columns taken from {@code covariates} (null when the model has none; then
     * {@code rows} says how many rows to draw, else it must be the covariates' rows). The same seed gives the same
     * table.
     */
    public DataTable simulate(Map<String, Double> parameters, DataTable covariates, int rows, long seed) {
        notYetWithRandomEffects("simulation");
        return Simulation.draw(objective, parameters, covariates, rows, seed);
    }

    /**
     * Sandwich (robust, Huber–White HC0) standard errors of an MLE fit: the covariance H⁻¹·(Σᵢ gᵢgᵢᵀ)·H⁻¹ with H the
     * observed information and gᵢ the score of row i (the exact gradient of that row's negative log-likelihood). They
     * stay valid when the model's variance is wrong (heteroscedastic errors, overdispersed counts), where the usual
     * ones do not; statsmodels calls them cov_type="HC0". With their 95% Wald intervals, as for the usual ones.
     */
    public List<Estimate> robust(DataTable data, FitResult fit) {
        if (fit.mode() != Objective.Mode.MLE) {
            throw new OptionException("sandwich standard errors are for maximum-likelihood fits, and this one is MAP (use --mle)");
        }
        notYetWithRandomEffects("--robust (sandwich standard errors)");
        if (fit.statistics().covariance().length != objective.params().size()) {
            throw new OptionException("sandwich standard errors need the covariance of all " + objective.params().size()
                    + " estimates, which this fit does not form (its group effects were eliminated level by level)");
        }
        return LargeStack.call(() -> RowValues.robust(objective, Binding.columns(objective, data), data.rowCount(),
                estimates(fit), fit.statistics().covariance()));
    }

    /**
     * θ̂ of a fit, by parameter index, then the random effects' conditional modes: per-row values are conditional on
     * them, as lme4's fitted() and residuals() are.
     */
    private double[] estimates(FitResult fit) {
        double[] theta = new double[objective.variableCount()];
        for (Objective.Parameter p : objective.params()) theta[p.index()] = fit.estimates().get(p.index()).value();
        int k = objective.params().size();
        for (int j = 0; j < fit.randomEffects().size(); j++) theta[k + j] = fit.randomEffects().get(j).mode();
        return theta;
    }

    /** What a model with random effects cannot do yet: said as bad usage, before any work. */
    private void notYetWithRandomEffects(String what) {
        if (objective.hasRandomEffects()) {
            throw new OptionException(what + " is not available yet for a model with random effects");
        }
    }

    private static String seconds(Duration d) {
        return IrPrinter.number(d.toMillis() / 1000.0) + " s";
    }

    // ---- evaluation ---------------------------------------------------------------------------

    /** The objective, the NLL, the gradient (score) and the Hessian at θ, in the model's parameters. */
    public record Evaluation(Objective.Mode mode, Map<String, Double> at, double objective, double nll, double[] gradient,
                             double[][] hessian, double[][] expectedInformation) {}

    /**
     * Whether a fit in this mode is finished by a direct solver (least squares, least absolute deviations, the lasso,
     * a GLM's Newton steps on XᵀWX), which needs no compiled objective: known from the model alone, before any data.
     */
    public boolean solvedDirectly(Objective.Mode mode) { return MethodChooser.solvedDirectly(objective, mode); }

    /** Evaluates the objective and its exact derivatives at θ given by name (every parameter must be given). */
    public Evaluation evaluate(DataTable data, Map<String, Double> at, Objective.Mode mode) {
        notYetWithRandomEffects("eval (the objective at given values)");
        return LargeStack.call(() -> {
            double[][] columns = Binding.columns(objective, data);
            int rows = data.rowCount();
            double[] theta = Binding.startingValues(objective, at);
            List<String> missing = objective.params().stream().filter(p -> Binding.valueFor(at, p) == null)
                    .map(Objective.Parameter::name).toList();
            if (!missing.isEmpty()) throw new OptionException("give a value for " + String.join(", ", missing));
            double[] u = FitProblem.unconstrained(objective, theta);
            Rows memory = Rows.inMemory(columns, rows);
            try (TruffleObjective f = new TruffleObjective(objective, mode, columns, rows)) {
                double[] gu = new double[u.length];
                double value = f.valueAndGradient(u, gu);
                double[][] hu = new double[u.length][u.length];
                f.hessian(u, hu);
                double nll = mode == Objective.Mode.MLE ? value : FitProblem.value(objective.nll(), theta, memory);
                return new Evaluation(mode, Map.copyOf(at), value, nll, FitProblem.gradientInModelSpace(objective, u, gu),
                        Unconstrained.hessianInModelSpace(objective.params(), u, gu, hu),
                        ExpectedInformation.matrix(objective, theta, memory, mode, false));
            }
        });
    }

    // ---- data ---------------------------------------------------------------------------------

    /**
     * Checks that a column read as names has as many levels as each vector it indexes has elements.
     *
     * @param source the data's file for messages, or null
     * @throws DataException when it has more or fewer
     */
    public void checkLevels(Path source, String column, List<String> levels) {
        Binding.checkLevels(objective, source, column, levels);
    }

    /** The data columns that may hold names, each read as its levels 1..K in sorted order. */
    public Set<String> levelColumns() { return objective.levelColumns(); }
}
