package mle.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.LargeStack;
import mle.compiler.ast.Names;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.explain.Derivation;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Op;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Rows;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.Convexity;
import mle.compiler.lower.DataChecks;
import mle.compiler.lower.EquivalentLoss;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.Kinks;
import mle.compiler.lower.LinearModel;
import mle.compiler.lower.PredictorStructure;
import mle.compiler.lower.LeastSquares;
import mle.compiler.lower.Unconstrained;
import mle.compiler.source.Diagnostic;
import mle.compiler.source.SourceFile;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import mle.runtime.linear.Design;
import mle.runtime.linear.ExactLeastSquares;
import mle.runtime.linear.IterativelyReweighted;
import mle.runtime.linear.LeastAbsoluteDeviations;
import mle.runtime.linear.PenalizedLeastSquares;
import mle.runtime.linear.PredictorObjective;
import mle.runtime.linear.ProximalNewton;
import mle.runtime.ObjectiveFunction;
import mle.runtime.optim.LeastSquaresProblem;
import mle.runtime.optim.Minimizer;
import mle.runtime.optim.Verdict;
import mle.runtime.optim.MultiStart;
import mle.runtime.optim.Result;
import mle.runtime.stats.Inference;
import mle.runtime.stats.InformationCriteria;
import mle.runtime.stats.OptimumStatistics;
import mle.runtime.truffle.CompiledLeastSquares;
import mle.runtime.truffle.TruffleObjective;

/**
 * A compiled model: the public entry point for Java programs (the CLI is built on it).
 *
 * <pre>{@code
 * Model model = Model.compile(Path.of("model.mle"));
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
    public static Model compile(SourceFile source, Map<String, double[]> constants, java.time.Duration limit) {
        try {
            return from(Compiler.compile(source, constants, limit));
        } catch (mle.compiler.interrupt.Interruption.Stopped stopped) {
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
        java.util.Set<Integer> drawn = new java.util.HashSet<>();
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
        return DataTable.readCsv(csv, dataColumns(), rename, objective.levelColumns(), dropIncomplete);
    }

    public DataTable readData(Path csv) { return readData(csv, Map.of()); }

    // ---- fitting ------------------------------------------------------------------------------

    public FitResult fit(DataTable data) { return fit(data, FitOptions.defaults()); }

    /**
     * Fits on a thread with a large stack (see {@link LargeStack}): the IR's derivatives recurse over the model. The
     * optimiser's time limit holds for the whole fit: the optimisers stop at it with their point ("not converged: the
     * time limit was reached"), and a direct solver still running shortly after it stops between two of its steps
     * with a {@link TimeLimitException}.
     */
    public FitResult fit(DataTable data, FitOptions options) {
        java.time.Duration limit = options.optimizer().timeLimit();
        // The optimisers watch the limit themselves; the watchdog is for the rest (the direct solvers, the derivatives,
        // the standard errors), so it comes a little later.
        return withinTimeLimit("the fit", ", so there is no estimate", limit, () -> fitHere(data, options));
    }

    /** After a limit passes, how long work may take to stop by itself before its caller stops waiting for it. */
    private static final java.time.Duration STOPPING = java.time.Duration.ofMillis(500);

    /**
     * The work on a thread of its own, interrupted {@link #STOPPING} after the limit (an optimiser stops at the limit
     * itself, between two evaluations) and ended as much later whatever it is doing: each of its steps that is
     * interrupted stops with an exception naming itself, which becomes a {@link TimeLimitException} that says which
     * step it was; a step that does not stop is left to finish in the background.
     *
     * @param what what the work is, for the message: "the fit", "the profile"
     * @param lost what is lost, for the message: ", so there is no estimate", or nothing
     */
    private static <T> T withinTimeLimit(String what, String lost, java.time.Duration limit, java.util.function.Supplier<T> work) {
        // No number: on the command line the limit given here is what the command's own had left.
        java.util.function.Function<String, TimeLimitException> cut = step -> new TimeLimitException(what
                + " reached its time limit before " + step + " finished" + lost + "; give it more time (the optimiser's "
                + "time limit, --time-limit on the command line)", step);
        try {
            return LargeStack.callWithin(work, limit.plus(STOPPING), STOPPING);
        } catch (mle.compiler.interrupt.Interruption.Stopped stopped) {
            throw cut.apply(stopped.step == null ? what : stopped.step);
        } catch (RuntimeException e) {
            if (mle.compiler.interrupt.Interruption.causedByInterrupt(e)) throw cut.apply(what);
            throw e;
        }
    }

    /**
     * Refuses a fit whose method would need more than {@code limit} bytes beyond the data, estimated from its shape
     * before anything is allocated: a method on the design matrix holds it (m×p) and a working copy (the QR's, or
     * √W·X) and about four p×p matrices (R or XᵀWX, an inverse, the covariance, the Hessian); the general method about
     * five k×k ones (its Hessians, covariance and eigenvectors), and its symbolic Hessian below 200 parameters.
     */
    private void checkMemory(Objective.Mode mode, int rows, long limit) {
        int k = objective.params().size();
        java.util.Optional<LinearModel> linear = LinearModel.of(objective, mode);
        int[] coefficients = linear.map(LinearModel::location)
                .or(() -> GeneralizedLinearModel.of(objective, mode).map(GeneralizedLinearModel::location)).orElse(null);
        double bytes, m = rows;
        String what;
        if (coefficients != null) {
            double p = coefficients.length;
            bytes = 8 * (2 * m * p + 4 * p * p);
            what = "a direct solve on the " + rows + "×" + coefficients.length + " design matrix";
        } else {
            bytes = 8 * 5.0 * k * k + (k <= Inference.EIGENVECTOR_LIMIT ? 512.0 * k * k : 8 * m * k);
            what = "the general method with " + k + " parameters (its k×k Hessians and covariance)";
        }
        if (bytes > limit) {
            throw new MemoryLimitException("this fit needs about " + size(bytes) + " for " + what + ", more than the "
                    + "memory limit of " + size(limit) + "; raise the limit, or fit fewer parameters");
        }
    }

    /**
     * BIC's n, the number of observations: a row of a vector likelihood `y[3] ~ …` holds three, a row of a likelihood
     * written with `target +=` alone one, and a weighted row as many as its frequency weight (as statsmodels counts
     * freq_weights).
     */
    private double observations(Rows rows) {
        double n = 0;
        for (Objective.Likelihood l : objective.likelihoods()) {
            if (l.weight() == null) {
                n += (double) rows.count() * l.targets().size();
                continue;
            }
            Node sum;
            synchronized (objective.builder()) {
                sum = objective.builder().rowSum(l.weight());
            }
            n += evaluate(sum, new double[objective.params().size()], rows);
        }
        return objective.likelihoods().isEmpty() ? rows.count() : n;
    }

    /**
     * 95% profile-likelihood intervals of the named parameters (all when {@code names} is empty) at a converged fit of
     * these data: each end is where fitting the other parameters with this one held fixed raises twice the objective
     * by χ²₁(0.95) (the likelihood in MLE mode; the posterior density in MAP mode). Each point is a full fit, so this
     * costs some tens of fits per parameter; all of them share the optimiser's default time limit.
     */
    public List<ProfileInterval> profile(DataTable data, FitResult fit, List<String> names) {
        return profile(data, fit, names, mle.runtime.optim.Options.defaults().timeLimit());
    }

    /**
     * {@link #profile(DataTable, FitResult, List)} within a time limit for all of it: an end not reached by then is
     * NaN in its interval ({@link ProfileInterval#cutShort}); the intervals of the names not started are NaN on both
     * sides. A step that does not stop at the limit ends the profile with a {@link TimeLimitException}.
     */
    public List<ProfileInterval> profile(DataTable data, FitResult fit, List<String> names, java.time.Duration limit) {
        if (!fit.converged()) {
            throw new OptionException("profile intervals need a converged fit, and this one did not converge: " + fit.message());
        }
        List<Integer> which = new ArrayList<>(), derived = new ArrayList<>();
        List<String> wanted = new ArrayList<>(names);
        if (wanted.isEmpty()) {
            wanted.addAll(parameterNames());
            objective.derived().forEach(d -> wanted.add(d.name()));
        }
        for (String name : wanted) {
            String key = Names.canonical(name);
            int index = -1, quantity = -1;
            for (Objective.Parameter p : objective.params()) if (Names.canonical(p.name()).equals(key)) index = p.index();
            for (int d = 0; d < objective.derived().size(); d++) if (Names.canonical(objective.derived().get(d).name()).equals(key)) quantity = d;
            if (index < 0 && quantity < 0) throw new OptionException("the model has no parameter or reported quantity called `" + name + "`");
            if (index >= 0) which.add(index);
            else derived.add(quantity);
        }
        long deadline = System.nanoTime() + LargeStack.nanos(limit);
        return withinTimeLimit("the profile", "", limit, () -> {
            double[][] columns = bind(data);
            double[] theta = estimates(fit), seU = new double[theta.length];
            double[] u = unconstrained(theta);
            for (Objective.Parameter p : objective.params()) {
                seU[p.index()] = fit.estimates().get(p.index()).standardError() / Math.abs(Unconstrained.transform(p, u[p.index()])[1]);
            }
            try (TruffleObjective f = new TruffleObjective(objective, fit.mode(), columns, data.rowCount())) {
                mle.runtime.optim.Options inner = mle.runtime.optim.Options.defaults();
                java.util.function.Supplier<mle.runtime.optim.Options> left = () -> inner.withTimeLimit(
                        java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                List<ProfileInterval> out = new ArrayList<>(ProfileLikelihood.of(objective, f, u, f.value(u), seU, which, left.get()));
                if (!derived.isEmpty()) {
                    List<Node> gu = new ArrayList<>();
                    synchronized (objective.builder()) {
                        for (int d : derived) gu.add(Unconstrained.rewrite(objective, objective.derived().get(d).value()));
                    }
                    out.addAll(ProfileLikelihood.ofDerived(objective, f, u, f.value(u),
                            derived.stream().map(d -> objective.derived().get(d).name()).toList(), gu,
                            derived.stream().mapToDouble(d -> fit.derived().get(d).standardError()).toArray(), left.get()));
                }
                return out;
            }
        });
    }

    /**
     * The fit's per-row values on these data: each observation, its fitted value, residual and standardized (Pearson)
     * residual, and the row's log-likelihood contribution; see {@link Predictions}.
     */
    public Predictions predictions(DataTable data, FitResult fit) {
        return LargeStack.call(() -> {
            double[][] columns = bind(data);
            int rows = data.rowCount();
            double[] theta = estimates(fit);
            List<String> header = new ArrayList<>(List.of("line"));
            List<Node> outputs = new ArrayList<>();
            IrBuilder b = objective.builder();
            boolean single = objective.likelihoods().size() == 1 && objective.likelihoods().getFirst().targets().size() == 1;
            synchronized (b) {
                for (Objective.Likelihood l : objective.likelihoods()) {
                    for (int e = 0; e < l.targets().size(); e++) {
                        Node y = l.targets().get(e);
                        List<Node> args = new ArrayList<>();
                        for (int a = 0; a < l.arguments().size(); a++) args.add(l.argument(a, e));
                        Node mean = l.distribution().mean(b, args), variance = l.distribution().variance(b, args);
                        String name = IrPrinter.inline(y, objective.naming()).replace("ᵢ", "");
                        String suffix = single ? "" : "_" + name;
                        header.addAll(List.of(name, "fitted" + suffix, "residual" + suffix, "std_residual" + suffix));
                        outputs.addAll(List.of(y, mean, b.sub(y, mean),
                                variance == null ? b.constant(Double.NaN) : b.div(b.sub(y, mean), b.apply(Op.SQRT, variance))));
                    }
                }
            }
            header.add("loglik");
            double[][] out = new double[outputs.size() + 1][rows];
            new Evaluator(new Schedule(outputs)).forEachRow(theta, columns, rows, (row, values) -> {
                for (int c = 0; c < values.length; c++) out[c][row] = values[c];
                return true;
            });
            // A row's contribution: the NLL of that row alone (every term, `target +=` and censoring included).
            double[] loglik = out[outputs.size()];
            eachRowAlone(List.of(objective.nll()), theta, columns, rows, (values, r) -> loglik[r] = -values[0]);
            long[] lines = new long[rows];
            for (int r = 0; r < rows; r++) lines[r] = data.lineOf(r);
            return new Predictions(List.copyOf(header), lines, out);
        });
    }

    /**
     * Draws the data of the model's `~` statements at the given parameter values (every parameter, by its name or its
     * vector's), with the other data columns taken from {@code covariates} (null when the model has none; then
     * {@code rows} says how many rows to draw, else it must be the covariates' rows). The same seed gives the same
     * table.
     */
    public DataTable simulate(Map<String, Double> parameters, DataTable covariates, int rows, long seed) {
        if (covariates != null && covariates.rowCount() != rows) {
            throw new OptionException("the covariates have " + covariates.rowCount() + " rows, not " + rows);
        }
        if (rows < 1) throw new OptionException("simulate needs at least one row, not " + rows);
        for (String name : parameters.keySet()) {
            String key = Names.canonical(name);
            if (objective.params().stream().noneMatch(p -> Names.canonical(p.name()).equals(key) || Names.canonical(p.baseName()).equals(key))) {
                throw new OptionException("the model has no parameter called `" + name + "`");
            }
        }
        double[] theta = new double[objective.params().size()];
        for (Objective.Parameter p : objective.params()) {
            Double v = lookup(parameters, p);
            if (v == null) throw new OptionException("simulate needs a value for every parameter, and `" + p.name() + "` has none");
            if (!p.admits(v)) {
                throw new OptionException("the value " + IrPrinter.number(v) + " for `" + p.name() + "` is outside its constraint " + p.constraint());
            }
            theta[p.index()] = v;
        }
        return LargeStack.call(() -> Simulation.draw(objective, theta, covariates, rows, seed));
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
        return LargeStack.call(() -> {
            double[][] columns = bind(data);
            int k = objective.params().size(), rows = data.rowCount();
            double[] theta = estimates(fit);
            List<Node> score;
            synchronized (objective.builder()) {
                score = List.of(new mle.compiler.ir.Differentiator(objective.builder()).gradient(objective.nll(), k));
            }
            // The meat: Σᵢ gᵢgᵢᵀ, each row's score from that row alone.
            double[][] meat = new double[k][k];
            eachRowAlone(score, theta, columns, rows, (g, r) -> {
                for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) meat[i][j] += g[i] * g[j];
            });
            double[][] bread = fit.statistics().covariance();
            double[] u = unconstrained(theta);
            List<Estimate> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                double variance = 0;
                for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) variance += bread[i][a] * meat[a][b] * bread[b][i];
                out.add(estimate(i, u, Math.sqrt(variance)));
            }
            return List.copyOf(out);
        });
    }

    /** θ̂ of a fit, by parameter index. */
    private double[] estimates(FitResult fit) {
        double[] theta = new double[objective.params().size()];
        for (Objective.Parameter p : objective.params()) theta[p.index()] = fit.estimates().get(p.index()).value();
        return theta;
    }

    /**
     * The values of {@code outputs} on each row as if it were the only one (n = 1): a row's own share of sums over the
     * rows, such as its log-likelihood contribution or its score.
     */
    private static void eachRowAlone(List<Node> outputs, double[] theta, double[][] columns, int rows,
                                     java.util.function.ObjIntConsumer<double[]> perRow) {
        Evaluator evaluator = new Evaluator(new Schedule(outputs));
        double[][] one = new double[columns.length][1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.length; c++) one[c][0] = columns[c][r];
            perRow.accept(evaluator.evaluate(theta, one, 1), r);
        }
    }

    /** Names for a message: all of them up to 8, else the first 6 and how many more. */
    static String listed(List<String> names) {
        if (names.size() <= 8) return String.join(", ", names);
        return String.join(", ", names.subList(0, 6)) + " and " + (names.size() - 6) + " more";
    }

    /** Bytes as MB, or as GB or TB when large. */
    private static String size(double bytes) {
        double mb = bytes / (1 << 20);
        return mb < 10_240 ? String.format(java.util.Locale.ROOT, "%.0f MB", mb)
                : mb < 10_485_760 ? String.format(java.util.Locale.ROOT, "%.0f GB", mb / 1024)
                : String.format(java.util.Locale.ROOT, "%.0f TB", mb / 1_048_576);
    }

    private static String seconds(java.time.Duration d) {
        return IrPrinter.number(d.toMillis() / 1000.0) + " s";
    }

    private FitResult fitHere(DataTable data, FitOptions options) {
        double[][] columns = bind(data);
        Magnitudes.check(objective, data, columns);
        int rows = data.rowCount();
        Rows memory = Rows.inMemory(columns, rows);
        Objective.Mode mode = options.mode() != null ? options.mode() : defaultMode();
        if (options.memoryLimit() > 0) checkMemory(mode, rows, options.memoryLimit());
        double[] theta0 = startingValues(options.start());
        // The choice of method and search, in one place: a direct solve where the model is ordinary least squares;
        // else Levenberg–Marquardt where the likelihood is least squares, L-BFGS and Newton otherwise; one start
        // where the objective is proved to have a single minimum, a multi-start otherwise.
        if (options.optimizer().method() == mle.runtime.optim.Options.Method.AUTO) {
            LargeStack.step("the direct solve");
            java.util.Optional<LinearModel> linear = LinearModel.of(objective, mode);
            java.util.Optional<Design> design = linear.flatMap(l -> Design.of(l, columns, rows));
            if (design.isPresent() && !linear.get().penalties().any() && design.get().columns > design.get().rows) {
                return moreCoefficientsThanRows(design.get(), mode, memory);
            }
            FitResult exact = design.isEmpty() ? null
                    : linear.get().penalties().any() ? fitPenalized(linear.get(), design.get(), mode, memory, options)
                    : linear.get().loss() == mle.compiler.ir.Distribution.ResidualLoss.Kind.SQUARED
                    ? fitLeastSquares(linear.get(), design.get(), mode, memory, options)
                    : fitLeastAbsoluteDeviations(linear.get(), design.get(), mode, memory, options);
            if (exact != null) return exact;
            java.util.Optional<GeneralizedLinearModel> glm = GeneralizedLinearModel.of(objective, mode);
            java.util.Optional<Design> glmDesign = glm.flatMap(g -> Design.of(g, columns, rows));
            if (glmDesign.isPresent() && !glm.get().penalties().any() && glmDesign.get().columns > glmDesign.get().rows) {
                return moreCoefficientsThanRows(glmDesign.get(), mode, memory);
            }
            FitResult newton = glmDesign.isEmpty() ? null : fitGeneralizedLinear(glm.get(), glmDesign.get(), mode, memory);
            if (newton != null) return newton;
        }
        // Many coefficients entering through one linear predictor: the chain rule through η, with X products in
        // EJML, instead of k compiled derivatives and a Hessian by differences.
        int k = objective.params().size();
        PredictorObjective throughPredictor = k <= Inference.EIGENVECTOR_LIMIT ? null
                : PredictorStructure.of(objective, mode).map(s -> PredictorObjective.of(s, k, columns, rows)).orElse(null);
        LargeStack.step("the objective's compilation for the engine");
        try (TruffleObjective truffle = throughPredictor == null ? new TruffleObjective(objective, mode, columns, rows) : null) {
            ObjectiveFunction f = throughPredictor != null ? throughPredictor : truffle;
            LeastSquaresProblem leastSquares = truffle == null ? null
                    : CompiledLeastSquares.of(objective, mode, truffle, rows).orElse(null);
            // Through the predictor the exact Hessian is cheap at any size: let the Newton polish finish.
            FitOptions search = throughPredictor == null ? options : options.withOptimizer(options.optimizer()
                    .withNewtonMaxDimension(Math.max(options.optimizer().newtonMaxDimension(), k)));
            String how = throughPredictor != null ? "; the gradient and Hessian by the chain rule through the linear "
                    + "predictor η = offset + Xβ (Xᵀℓ′ and XᵀWX), exactly"
                    : k > Inference.EIGENVECTOR_LIMIT ? "; the standard errors from a Hessian by central "
                    + "differences of the exact gradient (its k² symbolic entries cost more than the fit)" : "";
            return fitBySearch(mode, search, theta0, memory, f, leastSquares, how, truffle != null && k > Inference.EIGENVECTOR_LIMIT,
                    row -> "row " + (row + 1) + (data.source() == null ? "" : " (line " + data.lineOf(row) + " of " + mle.compiler.source.DiagnosticRenderer.escape(data.source().toString()) + ")"),
                    truffle != null ? truffle.engine().getImplementationName() : "none (the linear predictor's chain rule)",
                    MultiStart.BUDGET_FACTOR);
        }
    }

    /**
     * The rows of a data set wherever they are ({@link Rows}: in memory, or in parts such as a Spark DataFrame's
     * partitions, {@link mle.runtime.parts.PartedRows}). Ordinary least squares on parts is solved from XᵀX and Xᵀy
     * summed exactly where the rows are ({@link mle.runtime.parts.PartedLeastSquares}); every other model is searched,
     * each pass of the optimiser summing the objective's row sums where the rows are and finishing here (the other
     * direct solvers hold the design in memory). The same verdict and statistics as {@link #fit(DataTable, FitOptions)}.
     */
    public FitResult fit(Rows rows, FitOptions options) {
        return LargeStack.call(() -> fitRowsHere(rows, options));
    }

    private FitResult fitRowsHere(Rows rows, FitOptions options) {
        if (rows.count() == 0) {
            throw new DataException(DataException.Kind.NO_ROWS, null, 0, null, "the data have no rows", "add data rows");
        }
        DataChecks.Violation v = DataChecks.first(objective, rows);
        if (v != null) {
            // Without a file, the place is the row in the whole table.
            throw new DataException(DataException.Kind.OUT_OF_SUPPORT, null, v.row() + 1L, v.column(), v.message(), v.hint());
        }
        Objective.Mode mode = options.mode() != null ? options.mode() : defaultMode();
        double[] theta0 = startingValues(options.start());   // checks the names given, whichever method runs
        // Ordinary least squares from the rows' sums XᵀX and Xᵀy, in a few passes; the rest by the search.
        java.util.Optional<LinearModel> linear = LinearModel.of(objective, mode);
        if (options.optimizer().method() == mle.runtime.optim.Options.Method.AUTO && linear.isPresent()
                && rows instanceof mle.runtime.parts.PartedRows parted
                && !linear.get().penalties().any() && linear.get().loss() == mle.compiler.ir.Distribution.ResidualLoss.Kind.SQUARED) {
            long t0 = System.nanoTime();
            java.util.Optional<mle.runtime.parts.PartedLeastSquares.Solution> solved =
                    mle.runtime.parts.PartedLeastSquares.solve(linear.get(), parted);
            if (solved.isPresent()) {
                mle.runtime.parts.PartedLeastSquares.Solution r = solved.get();
                return leastSquaresResult(linear.get(), r.solution(), r.observations(), r.crossResiduals(), r.sumOfSquares(),
                        mode, rows, options, t0);
            }
        }
        ObjectiveFunction f = new mle.runtime.parts.ObjectiveOverRows(objective, mode, rows);
        return fitBySearch(mode, options, theta0, rows, f, null,
                "; each pass sums the rows where they are", objective.params().size() > Inference.EIGENVECTOR_LIMIT,
                row -> "row " + (row + 1), "Truffle, compiled where the rows are",
                // A pass over parts costs its jobs' overhead more than its work: the starts share the whole time limit.
                Double.POSITIVE_INFINITY);
    }

    /**
     * The search from θ₀ on f, checked: a multi-start of the optimisers (one start where the objective is proved to
     * have a single minimum), the Hessian at the optimum, and the verdict ({@link Verification}, an exact fit, a kink,
     * an argument out of its domain).
     *
     * @param how       what the search's description adds about how f is computed
     * @param byDifferences the Hessian from differences of the exact gradient (k above the symbolic Hessian's limit)
     * @param where     a row's place in the data, for messages
     * @param startsBudget the multi-start's extra starts' time as a multiple of the first run's ({@link MultiStart})
     */
    private FitResult fitBySearch(Objective.Mode mode, FitOptions options, double[] theta0, Rows rows, ObjectiveFunction f,
                                  LeastSquaresProblem leastSquares, String how, boolean byDifferences,
                                  java.util.function.IntFunction<String> where, String engine, double startsBudget) {
        double[] u0 = unconstrained(theta0);
        double f0 = f.value(u0);
        if (!Double.isFinite(f0)) throw notFinite(f0, theta0, mode, rows, where);
        String convexity = Convexity.proof(objective, mode, rows).orElse(null);
        mle.runtime.optim.Options optimizer = options.optimizer();
        LargeStack.step("the search");
        MultiStart.Runs searched = MultiStart.run(f, leastSquares, u0, optimizer, options.progress(),
                convexity != null ? 1 : options.starts(), startsBudget);
        Result result = searched.best();
        Search search = new Search(Minimizer.plan(optimizer, u0.length, leastSquares) + how, convexity,
                searched.planned(), searched.run(), searched.bestStart(), searched.optima());
        double[] u = result.u();
        double[] theta = constrained(u);
        // A run stopped before its first evaluation (a tiny time limit) has no value or gradient yet.
        double[] gradientU = result.gradient();
        double value = result.value();
        if (!Double.isFinite(value) || java.util.Arrays.stream(gradientU).anyMatch(g -> !Double.isFinite(g))) {
            value = f.valueAndGradient(u, gradientU);
        }
        double[][] hessianU = new double[u.length][u.length];
        LargeStack.step("the standard errors");
        try {
            if (byDifferences) hessianByDifferences(f, u, hessianU);
            else f.hessian(u, hessianU);
        } catch (mle.compiler.interrupt.Interruption.Stopped stopped) {
            throw new mle.compiler.interrupt.Interruption.Stopped("the standard errors (the Hessian at the estimate)");
        }
        double[][] hessian = Unconstrained.hessianInModelSpace(objective.params(), u, gradientU, hessianU);
        double[] gradient = gradientInModelSpace(u, gradientU);
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, parameterNames());
        Verification.Outcome verdict = Verification.verify(objective, f, result, u, value, stats,
                at -> gradientInTheta(at, mode, rows));
        if (leastSquares != null && verdict.verdict() != Verdict.AT_BOUNDARY && leastSquares.fitsExactly(u)) {
            verdict = exactFit();
        }
        if (verdict.verdict() != Verdict.AT_BOUNDARY && verdict.verdict() != Verdict.NON_FINITE) {
            String kink = kink(mode, theta, rows);
            if (kink != null) {
                verdict = new Verification.Outcome(Verdict.NOT_SMOOTH, Verdict.NOT_SMOOTH.sentence() + ": " + kink,
                        new java.util.TreeSet<>(Kinks.parametersInsideAbsoluteValues(objective.objective(mode)).stream()
                                .boxed().toList()));
            }
        }
        if (verdict.verdict() == Verdict.NON_FINITE) {
            DataChecks.Violation v = DataChecks.firstAt(objective, theta, rows);
            if (v != null) {
                verdict = new Verification.Outcome(verdict.verdict(), verdict.sentence() + "; at the final point "
                        + v.role() + " (" + v.span() + ") is " + IrPrinter.number(v.value()) + " at row "
                        + (v.row() + 1) + ", but it " + v.must(),
                        verdict.meaningless());
            }
        }
        List<Estimate> expected = options.expectedInformation() ? expectedInformation(theta, rows, mode) : null;
        return assemble(mode, rows, result, value, gradient, stats, verdict, search, expected, engine);
    }

    /**
     * Why θ sits on a kink of the objective, or null: a Laplace likelihood whose location moves with the parameters
     * has a kink wherever a residual is 0 and its optimum always lies on some of them; a lasso term |β| has its kink
     * at β = 0. A gradient-based optimiser cannot certify a minimum there (nor can the Hessian give standard errors).
     */
    private String kink(Objective.Mode mode, double[] theta, Rows rows) {
        List<Node> arguments = Kinks.absoluteArguments(objective.objective(mode));
        double size = 1;
        for (double t : theta) size = Math.max(size, Math.abs(t));
        for (Node a : arguments) {
            if (a.rowVarying) {
                return "the absolute values |" + IrPrinter.inline(a, objective.naming()) + "| of a Laplace likelihood "
                        + "have a kink wherever a residual is 0, and the optimum lies on some of them; a location "
                        + "linear in its parameters is solved exactly (a vertex of a linear program), this one is not, "
                        + "so the estimates are approximate and their standard errors mean nothing";
            }
            double v = evaluate(a, theta, rows);
            if (Math.abs(v) <= 1e-7 * size) {
                return "`" + IrPrinter.inline(a, objective.naming()) + "` is " + IrPrinter.number(v) + ", at the kink of "
                        + "its absolute value (a lasso term whose optimum is exactly 0, most likely); the estimate is "
                        + "approximate and its standard error means nothing";
            }
        }
        return null;
    }

    /**
     * The Hessian in u by central differences of the exact gradient, symmetrised: 2k gradient passes and memory
     * linear in k, where the symbolic Hessian has k² entries. Steps of ε^⅓·max(1, |uᵢ|) balance truncation and
     * rounding, for about 7 correct digits.
     */
    static void hessianByDifferences(ObjectiveFunction f, double[] u, double[][] into) {
        int k = u.length;
        double[] plus = new double[k], minus = new double[k], x = u.clone();
        for (int i = 0; i < k; i++) {
            mle.compiler.interrupt.Interruption.check("the Hessian by differences");
            double h = Math.cbrt(Math.ulp(1.0)) * Math.max(1, Math.abs(u[i]));
            x[i] = u[i] + h;
            f.valueAndGradient(x, plus);
            x[i] = u[i] - h;
            f.valueAndGradient(x, minus);
            x[i] = u[i];
            for (int j = 0; j < k; j++) into[j][i] = (plus[j] - minus[j]) / (2 * h);
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) into[i][j] = into[j][i] = 0.5 * (into[i][j] + into[j][i]);
        }
    }

    /** The verdict for a least-squares fit whose residuals are at the rounding level of the data. */
    private Verification.Outcome exactFit() {
        return new Verification.Outcome(Verdict.AT_BOUNDARY, Verdict.AT_BOUNDARY.sentence() + ": the model fits the "
                + "data exactly (the residuals are at the rounding level of the data), so the scale's optimum is 0 and "
                + "the likelihood grows without bound; the mean's estimates are the exact fit, but no standard error "
                + "means anything.", allParameters());
    }

    /**
     * Ordinary least squares solved directly ({@link ExactLeastSquares}): β̂ by QR with iterative refinement in
     * double-double, σ̂² = RSS/m, and the covariance σ̂²(XᵀX)⁻¹ refined the same way. The observed information is
     * XᵀX/σ̂² for β and 2m/σ̂² for σ, with no cross terms at the optimum. Null when the design's rank is deficient.
     */
    private FitResult fitLeastSquares(LinearModel linear, Design design, Objective.Mode mode, Rows rows, FitOptions options) {
        long t0 = System.nanoTime();
        ExactLeastSquares.Solution solution = ExactLeastSquares.solve(design);
        // A design of deficient rank has no unique solution: the general path finds one and names the flat direction.
        if (solution.dependentColumn() >= 0) return null;
        return leastSquaresResult(linear, solution, design.rows, design.crossResiduals(solution.coefficients()),
                design.sumOfSquares, mode, rows, options, t0);
    }

    /**
     * A least-squares solution as a fit: β̂, σ̂² = RSS/m, the observed information XᵀX/σ̂² and 2m/σ̂² for σ.
     *
     * @param m     the observations
     * @param cross Xᵀr at β̂, for the gradient
     * @param sumOfSquares Σy², the yardstick of an exact fit
     */
    private FitResult leastSquaresResult(LinearModel linear, ExactLeastSquares.Solution solution, int m, double[] cross,
                                         double sumOfSquares, Objective.Mode mode, Rows rows, FitOptions options, long t0) {
        int k = objective.params().size();
        double[] theta = new double[k];
        int[] location = linear.location();
        for (int j = 0; j < location.length; j++) theta[location[j]] = solution.coefficients()[j];
        double rss = solution.rss();
        int scale = linear.scaleParameter();
        double sigma = scale >= 0 ? Math.sqrt(rss / m) : evaluate(linear.knownScale(), theta, rows);
        if (scale >= 0) theta[scale] = sigma;
        double[] u = unconstrained(theta);
        double value = evaluate(objective.objective(mode), theta, rows);
        // The gradient in closed form: −Xᵀr/σ² for the coefficients, m/σ − RSS/σ³ for σ (0 at σ̂² = RSS/m).
        double[] gradient = new double[k];
        for (int j = 0; j < location.length; j++) gradient[location[j]] = -cross[j] / (sigma * sigma);
        if (scale >= 0) gradient[scale] = m / sigma - rss / (sigma * sigma * sigma);
        double[][] hessian = new double[k][k];
        double[][] covariance = new double[k][k];
        double[][] gram = solution.gram();
        for (int a = 0; a < location.length; a++) {
            for (int b = 0; b < location.length; b++) {
                hessian[location[a]][location[b]] = gram[a][b] / (sigma * sigma);
                covariance[location[a]][location[b]] = sigma * sigma * solution.covariance()[a][b];
            }
        }
        if (scale >= 0) {
            hessian[scale][scale] = 2.0 * m / (sigma * sigma);
            covariance[scale][scale] = sigma * sigma / (2.0 * m);
        }
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, parameterNames(), covariance);
        String how = solution.method() + " with " + solution.refinements() + " steps of iterative refinement in "
                + "double-double precision" + (solution.refined() ? "" : String.format(java.util.Locale.ROOT, " that did not converge "
                + "(condition number ≥ %.2g): the last digits are those of plain QR", solution.conditionEstimate()));
        Verdict v = Verdict.EXACT;
        Verification.Outcome verdict = new Verification.Outcome(v, v.sentence() + " (" + how + ")", java.util.Set.of());
        if (scale >= 0 && rss <= Math.pow(16 * Math.ulp(1.0), 2) * sumOfSquares) {
            verdict = exactFit();
        }
        double[] gradientU = new double[k];
        for (Objective.Parameter p : objective.params()) {
            gradientU[p.index()] = gradient[p.index()] * Unconstrained.transform(p, u[p.index()])[1];
        }
        Result result = new Result(u, value, gradientU, solution.refinements(), 0, 0, v, verdict.sentence(),
                java.time.Duration.ofNanos(System.nanoTime() - t0),
                List.of(new Result.Phase(solution.phase(), solution.refinements(), 0, v, value, 0)));
        Search search = new Search("a direct solve: the likelihood is Gaussian with a mean linear in its parameters "
                + "(ordinary least squares), so β̂ is the least-squares solution and σ̂² = RSS/m", "the mean is linear "
                + "in its parameters, so the residual sum of squares is convex, and the scale's optimum follows from it "
                + "(σ̂² = RSS/m)", 1, 1, 0, List.of(value));
        List<Estimate> expected = null;
        if (options.expectedInformation()) {
            // NIST's convention: σ² = RSS/(m − p) for the coefficients; the scale's Fisher information 2m/σ².
            double nist = rss / (m - location.length);
            expected = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                int at = indexOf(location, i);
                double se = at >= 0 ? Math.sqrt(nist * solution.covariance()[at][at])
                        : i == scale ? sigma / Math.sqrt(2.0 * m) : Double.NaN;
                expected.add(estimate(i, u, se));
            }
        }
        return assemble(mode, rows, result, value, gradient, stats, verdict, search, expected,
                "none (a direct solve)");
    }

    /**
     * A Gaussian linear model with Laplace and Gaussian priors on its coefficients (lasso, ridge, elastic net) solved
     * exactly ({@link PenalizedLeastSquares}), with its certificate for the coefficients held at 0 and standard
     * errors for the others only, conditional on which are 0 (the curvature of the smooth part there, with σ's).
     */
    private FitResult fitPenalized(LinearModel linear, Design design, Objective.Mode mode, Rows rows,
                                   FitOptions options) {
        long t0 = System.nanoTime();
        LinearModel.Penalties pen = linear.penalties();
        int scale = linear.scaleParameter();
        int k = objective.params().size(), m = design.rows;
        int[] location = linear.location();
        double known = scale >= 0 ? Double.NaN : evaluate(linear.knownScale(), new double[k], rows);
        PenalizedLeastSquares.Solution solution = PenalizedLeastSquares.solve(design, pen, known);
        double sigma = solution.sigma();
        double[] theta = new double[k];
        for (int j = 0; j < location.length; j++) theta[location[j]] = solution.coefficients()[j];
        if (scale >= 0) theta[scale] = sigma;
        double[] u = unconstrained(theta);
        double value = evaluate(objective.objective(mode), theta, rows);
        // The smooth part's curvature: XᵀX/σ² + diag(q) for the coefficients, σ's own and the cross terms.
        double[][] gram = ExactLeastSquares.gram(design);
        double[] smooth = PenalizedLeastSquares.smoothGradient(design, solution.coefficients(), sigma, pen);
        double[][] hessian = new double[k][k];
        double s2 = sigma * sigma;
        for (int a = 0; a < location.length; a++) {
            for (int c = 0; c < location.length; c++) {
                hessian[location[a]][location[c]] = gram[a][c] / s2 + (a == c ? pen.l2Precision()[a] : 0);
            }
            if (scale >= 0) {
                // ∂²/∂β∂σ of ‖r‖²/(2σ²) is 2·(−∂/∂β of the likelihood part)/σ: −2·(smooth − q(β − m))/σ.
                double likelihoodGradient = smooth[a] - pen.l2Precision()[a] * (solution.coefficients()[a] - pen.l2Center()[a]);
                hessian[location[a]][scale] = hessian[scale][location[a]] = -2 * likelihoodGradient / sigma;
            }
        }
        if (scale >= 0) hessian[scale][scale] = -m / s2 + 3 * solution.rss() / (s2 * s2);
        // The covariance conditional on the zeros: the inverse of the Hessian of the active coefficients (and σ).
        java.util.Set<Integer> zeros = new java.util.TreeSet<>();
        for (int j = 0; j < location.length; j++) if (!solution.active()[j]) zeros.add(location[j]);
        OptimumStatistics stats = Inference.conditionalOn(hessian, theta, parameterNames(), zeros);
        Verdict v = solution.exact() ? Verdict.EXACT : Verdict.STALLED;
        String how = String.format(java.util.Locale.ROOT, "coordinate descent (%d sweeps) with an exact solve on the "
                + "active set; certificate: for each of the %d coefficients at 0, |∂(smooth part)/∂β| ≤ 1/b "
                + "(largest ratio %.3g); standard errors only for the others, conditional on which are 0",
                solution.sweeps(), zeros.size(), solution.certificate());
        Verification.Outcome verdict = new Verification.Outcome(v, v.sentence() + " (" + how + ")", zeros);
        if (scale >= 0 && (solution.sigmaToZero() || solution.rss() <= Math.pow(16 * Math.ulp(1.0), 2) * design.sumOfSquares)) {
            verdict = exactFit();
        }
        double[] gradient = new double[k];
        Result result = new Result(u, value, new double[k], solution.sweeps(), 0, 0, v, verdict.sentence(),
                java.time.Duration.ofNanos(System.nanoTime() - t0),
                List.of(new Result.Phase("coordinate descent", solution.sweeps(), 0, v, value, 0)));
        String kind = pen.lasso() ? (java.util.Arrays.stream(pen.l2Precision()).anyMatch(q -> q > 0) ? "elastic net" : "lasso") : "ridge";
        Search search = new Search("an exact solve of the " + kind + ": the likelihood is Gaussian with a mean linear in "
                + "its parameters and the priors on the coefficients are Laplace or Gaussian with constant arguments, so "
                + "for each σ the MAP is a penalised least-squares problem, solved by coordinate descent and an exact "
                + "active-set solve" + (scale >= 0 ? ", alternating with σ̂² = RSS/m" : "") + glmnetEquivalent(pen, sigma, m),
                scale >= 0 ? null : "the penalised sum of squares is convex in the coefficients", 1, 1, 0, List.of(value),
                scale >= 0 ? String.format(java.util.Locale.ROOT, "σ searched: the profile over σ (for each σ a convex "
                        + "problem solved exactly) on a grid of 61 values over 7 decades, each local minimum refined; %d "
                        + "found, the lowest reported", solution.profileMinima()) : null);
        List<Estimate> expected = null;
        if (options.expectedInformation()) {
            expected = new ArrayList<>();
            List<Estimate> all = expectedInformation(theta, rows, mode);
            for (int i = 0; i < k; i++) expected.add(zeros.contains(i) ? estimate(i, u, Double.NaN) : all.get(i));
        }
        return assemble(mode, rows, result, value, gradient, stats, verdict, search, expected,
                "none (a direct solve)");
    }

    /**
     * A canonical-link GLM of a linear predictor (logistic or Poisson regression) by Newton's method on XᵀWX
     * ({@link IterativelyReweighted}); the objective is convex, the optimum global. Null where the optimum may not
     * exist (separation, all-zero counts): the general path then names the cause.
     */
    private FitResult fitGeneralizedLinear(GeneralizedLinearModel glm, Design design, Objective.Mode mode,
                                           Rows rows) {
        long t0 = System.nanoTime();
        if (glm.penalties().lasso()) return fitLassoGlm(glm, design, mode, rows, t0);
        IterativelyReweighted.Solution solution = IterativelyReweighted.solve(design, glm.family(), glm.penalties());
        int k = objective.params().size();
        // Where the optimum is not attained, the general path names the parameter that runs off; above 200
        // parameters its exact Hessian costs too much, so the verdict comes from here.
        if (solution == null || (solution.runaway() != null && k <= Inference.EIGENVECTOR_LIMIT)) return null;
        if (solution.runaway() != null) return runawayGlm(glm, design, solution, mode, rows, t0);
        int[] location = glm.location();
        double[] theta = new double[k];
        double[][] hessian = new double[k][k], covariance = new double[k][k];
        double[] gradient = new double[k];
        for (int a = 0; a < location.length; a++) {
            theta[location[a]] = solution.coefficients()[a];
            gradient[location[a]] = solution.gradient()[a];
            for (int c = 0; c < location.length; c++) {
                hessian[location[a]][location[c]] = solution.hessian()[a][c];
                covariance[location[a]][location[c]] = solution.covariance()[a][c];
            }
        }
        double[] u = unconstrained(theta);
        double value = evaluate(objective.objective(mode), theta, rows);
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, parameterNames(), covariance);
        Verdict v = Verdict.CONVERGED_NEWTON_DECREMENT;
        Verification.Outcome verdict = new Verification.Outcome(v, String.format(java.util.Locale.ROOT,
                "%s (%d Newton steps on XᵀWX; gᵀH⁻¹g = %.3g)", v.sentence(), solution.iterations(), solution.decrement()),
                java.util.Set.of());
        Result result = new Result(u, value, gradient, solution.iterations(), solution.iterations(), solution.iterations(),
                v, verdict.sentence(), java.time.Duration.ofNanos(System.nanoTime() - t0),
                List.of(new Result.Phase("IRLS", solution.iterations(), solution.iterations(), v, value, 0)));
        String kind = glm.family() == GeneralizedLinearModel.Family.LOGISTIC ? "logistic" : "Poisson";
        Search search = new Search("Newton's method on XᵀWX (iteratively reweighted least squares): a " + kind
                + " regression with its canonical link, whose gradient Xᵀ(μ − y) and Hessian XᵀWX come from the design",
                "the objective is convex (a canonical-link likelihood of a linear predictor"
                        + (glm.penalties().any() ? ", Gaussian priors" : "") + ")", 1, 1, 0, List.of(value));
        return assemble(mode, rows, result, value, gradient, stats, verdict, search, null,
                "none (a direct solve)");
    }

    /**
     * The lasso of a logistic or Poisson regression, exactly ({@link ProximalNewton}): exact zeros with no standard
     * error, the others' conditional on which are 0. Null when it does not confirm the optimum (the general path then
     * says what it can).
     */
    private FitResult fitLassoGlm(GeneralizedLinearModel glm, Design design, Objective.Mode mode, Rows rows, long t0) {
        ProximalNewton.Solution solution = ProximalNewton.solve(design, glm.family(), glm.penalties());
        if (solution == null || !solution.exact()) return null;
        int k = objective.params().size();
        int[] location = glm.location();
        double[] theta = new double[k];
        double[][] hessian = new double[k][k];
        java.util.Set<Integer> zeros = new java.util.TreeSet<>();
        for (int a = 0; a < location.length; a++) {
            theta[location[a]] = solution.coefficients()[a];
            if (!solution.active()[a]) zeros.add(location[a]);
            for (int c = 0; c < location.length; c++) hessian[location[a]][location[c]] = solution.hessian()[a][c];
        }
        double[] u = unconstrained(theta);
        double value = evaluate(objective.objective(mode), theta, rows);
        OptimumStatistics stats = Inference.conditionalOn(hessian, theta, parameterNames(), zeros);
        Verdict v = Verdict.EXACT;
        Verification.Outcome verdict = new Verification.Outcome(v, String.format(java.util.Locale.ROOT,
                "%s (proximal Newton, %d steps, with an exact solve on the active set; certificate: for each of the %d "
                        + "coefficients at 0, |∂(smooth part)/∂β| ≤ 1/b (largest ratio %.3g); standard errors only for "
                        + "the others, conditional on which are 0)", v.sentence(), solution.iterations(), zeros.size(),
                solution.certificate()), zeros);
        Result result = new Result(u, value, new double[k], solution.iterations(), solution.iterations(), 0, v,
                verdict.sentence(), java.time.Duration.ofNanos(System.nanoTime() - t0),
                List.of(new Result.Phase("proximal Newton", solution.iterations(), solution.iterations(), v, value, 0)));
        String kind = glm.family() == GeneralizedLinearModel.Family.LOGISTIC ? "logistic" : "Poisson";
        Search search = new Search("an exact solve of the lasso of a " + kind + " regression: proximal Newton (the "
                + "quadratic model XᵀWX minimised with the penalties by coordinate descent, as glmnet does) and an exact "
                + "solve on the active set", "the objective is convex (a canonical-link likelihood of a linear predictor, "
                + "Laplace and Gaussian priors)", 1, 1, 0, List.of(value));
        return assemble(mode, rows, result, value, new double[k], stats, verdict, search, null,
                "none (a direct solve)");
    }

    /**
     * A design with more columns than rows, said before any search: its rank is at most the rows, so at least
     * columns − rows combinations of the coefficients are flat and there is no estimate to find (a search would list
     * each flat direction, with thousands of terms each, and the time to find them).
     */
    private FitResult moreCoefficientsThanRows(Design design, Objective.Mode mode, Rows rows) {
        int k = objective.params().size();
        double[] nothing = new double[k];
        java.util.Arrays.fill(nothing, Double.NaN);
        double[][] nan = new double[k][k];
        for (double[] row : nan) java.util.Arrays.fill(row, Double.NaN);
        OptimumStatistics stats = Inference.atOptimum(nan, nothing, parameterNames());
        Verdict v = Verdict.NOT_IDENTIFIABLE;
        String sentence = String.format(java.util.Locale.ROOT, "%s: %,d rows cannot determine %,d coefficients (the "
                + "design matrix is %,d × %,d, so its rank is at most %,d, and at least %,d combinations of the "
                + "coefficients are flat); there is no estimate. Fit fewer coefficients, give them more rows, or give "
                + "them a prior (a ridge or a lasso).", v.sentence(), design.rows, design.columns, design.rows,
                design.columns, design.rows, design.columns - design.rows);
        Verification.Outcome verdict = new Verification.Outcome(v, sentence, allParameters());
        Result result = new Result(nothing, Double.NaN, new double[k], 0, 0, 0, v, "no method ran: the design has more "
                + "columns than rows", java.time.Duration.ZERO, List.of());
        Search search = new Search("none: the design has more columns than rows", null, 0, 0, 0, List.of(),
                "none: the coefficients cannot all be determined from these rows");
        return assemble(mode, rows, result, Double.NaN, nothing, stats, verdict, search, null, "none (no fit)");
    }

    /** A GLM whose optimum is at infinity (separation, counts that are all zero), said so: not converged. */
    private FitResult runawayGlm(GeneralizedLinearModel glm, Design design, IterativelyReweighted.Solution solution,
                                 Objective.Mode mode, Rows rows, long t0) {
        int k = objective.params().size();
        double[] theta = new double[k], gradient = new double[k];
        double[] slopes = IterativelyReweighted.gradient(design, glm.family(), glm.penalties(), solution.coefficients(),
                design.predictor(solution.coefficients()));
        for (int a = 0; a < glm.location().length; a++) {
            theta[glm.location()[a]] = solution.coefficients()[a];
            gradient[glm.location()[a]] = slopes[a];
        }
        double[] u = unconstrained(theta);
        double value = evaluate(objective.objective(mode), theta, rows);
        double[][] nan = new double[k][k];
        for (double[] row : nan) java.util.Arrays.fill(row, Double.NaN);
        OptimumStatistics stats = Inference.atOptimum(nan, theta, parameterNames());
        Verdict v = Verdict.AT_BOUNDARY;
        String cause = glm.family() == GeneralizedLinearModel.Family.LOGISTIC
                ? "separation: a combination of predictors predicts those outcomes perfectly"
                : "counts that are all zero, overall or in a group";
        Verification.Outcome verdict = new Verification.Outcome(v, v.sentence() + ": " + solution.runaway() + " ("
                + cause + "); the estimates shown are where Newton stopped, and no standard error means anything",
                allParameters());
        Result result = new Result(u, value, gradient, solution.iterations(), solution.iterations(), 0, v,
                verdict.sentence(), java.time.Duration.ofNanos(System.nanoTime() - t0),
                List.of(new Result.Phase("IRLS", solution.iterations(), solution.iterations(), v, value, Double.NaN)));
        Search search = new Search("Newton's method on XᵀWX (iteratively reweighted least squares)", null, 1, 1, 0,
                List.of(), "the objective is convex, but its infimum is at infinity");
        return assemble(mode, rows, result, value, gradient, stats, verdict, search, null,
                "none (a direct solve)");
    }

    /** For a lasso whose Laplace priors share one scale b and centre 0: the same fit in glmnet and scikit-learn. */
    private static String glmnetEquivalent(LinearModel.Penalties pen, double sigma, int m) {
        double b = pen.commonLassoScale();
        if (Double.isNaN(b)) return "";
        double lambda = sigma * sigma / (m * b);
        return String.format(java.util.Locale.ROOT, "; at this σ̂ the same as glmnet(x, y, lambda = %.6g, standardize = "
                + "FALSE) and scikit-learn's Lasso(alpha = %.6g), with the coefficients without a prior unpenalised", lambda, lambda);
    }

    /**
     * Least absolute deviations solved exactly ({@link LeastAbsoluteDeviations}): β̂ a vertex of the linear program,
     * with its certificate, b̂ = SAE/m, standard errors for β as statsmodels' QuantReg gives them at the median and
     * for b from its Fisher information m/b². Null when the design's rank is deficient.
     */
    private FitResult fitLeastAbsoluteDeviations(LinearModel linear, Design design, Objective.Mode mode,
                                                 Rows rows, FitOptions options) {
        long t0 = System.nanoTime();
        ExactLeastSquares.Solution start = ExactLeastSquares.solve(design);
        if (start.dependentColumn() >= 0) return null;
        LeastAbsoluteDeviations.Solution solution = LeastAbsoluteDeviations.solve(design, start.coefficients());
        if (solution == null) return null;
        int k = objective.params().size(), m = design.rows;
        int[] location = linear.location();
        double[] theta = new double[k];
        for (int j = 0; j < location.length; j++) theta[location[j]] = solution.coefficients()[j];
        double sae = solution.sumOfAbsoluteResiduals();
        int scale = linear.scaleParameter();
        double b = scale >= 0 ? sae / m : evaluate(linear.knownScale(), theta, rows);
        if (scale >= 0) theta[scale] = b;
        double[] u = unconstrained(theta);
        double value = evaluate(objective.objective(mode), theta, rows);
        double[][] betaCovariance = LeastAbsoluteDeviations.covariance(solution.residuals(), design.response(),
                start.covariance());
        boolean noStandardErrors = Double.isNaN(betaCovariance[0][0]);
        double[][] covariance = new double[k][k], hessian = new double[k][k];
        // The curvature for the diagnostics: the inverse covariance, or XᵀX where there is none.
        double[][] precision = noStandardErrors ? ExactLeastSquares.gram(design) : Inference.inverse(betaCovariance);
        for (int a = 0; a < location.length; a++) {
            for (int c = 0; c < location.length; c++) {
                covariance[location[a]][location[c]] = betaCovariance[a][c];
                hessian[location[a]][location[c]] = precision[a][c];
            }
        }
        if (scale >= 0) {
            covariance[scale][scale] = b * b / m;
            hessian[scale][scale] = m / (b * b);
        }
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, parameterNames(), covariance);
        Verdict v = solution.optimal() ? Verdict.EXACT : Verdict.MAX_ITERATIONS;
        String how = String.format(java.util.Locale.ROOT, "a vertex of the linear program after %d simplex steps from "
                + "the least-squares fit; certificate: the %d observations fitted exactly have subgradient weights in "
                + "[−1, 1] (largest %.3g)", solution.iterations(), location.length, solution.largestWeight());
        if (solution.largestWeight() >= 1 - 1e-9) {
            how += "; a weight at ±1 means the solution may not be unique: along that edge the sum of absolute residuals "
                    + "stays the same (as the median of an even number of values)";
        }
        if (noStandardErrors) how += "; too few rows for the density estimate behind the standard errors";
        java.util.Set<Integer> withoutStandardErrors = new java.util.TreeSet<>();
        if (noStandardErrors) for (int j : location) withoutStandardErrors.add(j);
        Verification.Outcome verdict = new Verification.Outcome(v, v.sentence() + " (" + how + ")", withoutStandardErrors);
        if (scale >= 0 && sae == 0) verdict = exactFit();
        double[] gradient = new double[k];   // zero in the subgradient sense: the certificate says so
        Result result = new Result(u, value, new double[k], solution.iterations(), 0, 0, v, verdict.sentence(),
                java.time.Duration.ofNanos(System.nanoTime() - t0),
                List.of(new Result.Phase("LP vertex", solution.iterations(), 0, v, value, 0)));
        Search search = new Search("an exact solve of least absolute deviations: the likelihood is Laplace with a "
                + "location linear in its parameters (median regression), so β̂ minimises the sum of absolute residuals, "
                + "a linear program solved to its optimal vertex, and b̂ = SAE/m; standard errors for the coefficients as "
                + "statsmodels' QuantReg gives them at the median (Koenker–Bassett, with an Epanechnikov kernel estimate "
                + "of the residuals' density at 0 and the Hall–Sheather bandwidth)", "the sum of absolute residuals is "
                + "convex in the coefficients, and the scale's optimum follows from it (b̂ = SAE/m)", 1, 1, 0, List.of(value));
        return assemble(mode, rows, result, value, gradient, stats, verdict, search, null,
                "none (a direct solve)");
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) if (values[i] == v) return i;
        return -1;
    }

    /** The result of a fit from its optimum, whichever method found it. */
    private FitResult assemble(Objective.Mode mode, Rows rows, Result result, double value,
                               double[] gradient, OptimumStatistics stats, Verification.Outcome verdict, Search search,
                               List<Estimate> expected, String engine) {
        double[] u = result.u();
        double[] theta = constrained(u);
        double nll = mode == Objective.Mode.MLE ? value : evaluate(objective.nll(), theta, rows);
        verdict = Verification.finalCheck(verdict, parameterNames(), theta, value, nll, stats);
        List<Estimate> estimates = new ArrayList<>();
        for (int i = 0; i < theta.length; i++) {
            estimates.add(estimate(i, u, verdict.meaningless().contains(i) ? Double.NaN : stats.standardErrors()[i]));
        }
        double observations = observations(rows);
        InformationCriteria criteria = mode == Objective.Mode.MLE && observations > 0
                ? InformationCriteria.of(nll, theta.length, observations) : null;
        FitResult.Loss loss = EquivalentLoss.of(objective)
                .map(l -> new FitResult.Loss(l.name(), evaluate(l.sum(), theta, rows) / ((double) l.perRow() * rows.count())))
                .orElse(null);
        List<String> kinks = Kinks.parametersInsideAbsoluteValues(objective.objective(mode)).stream()
                .mapToObj(i -> parameterNames().get(i)).toList();
        return new FitResult(name(), mode, rows.count(), List.copyOf(estimates), value, nll, max(gradient), result,
                stats, criteria, loss, expected, engine, kinks, verdict.verdict(), verdict.sentence(), search,
                derived(theta, stats.covariance(), verdict.meaningless()));
    }

    /**
     * The `report` quantities g(θ̂), each with its delta-method standard error √(∇gᵀ·Σ·∇g) (Σ the estimates' covariance,
     * ∇g exact) and 95% Wald interval; NaN where g moves with an estimate whose interval means nothing, and where g or
     * its gradient is not finite at θ̂ ({@link FitResult#derivedNote}).
     */
    private List<Estimate> derived(double[] theta, double[][] covariance, java.util.Set<Integer> meaningless) {
        List<Estimate> out = new ArrayList<>();
        for (Objective.Derived d : objective.derived()) {
            List<Node> nodes = new ArrayList<>(List.of(d.value()));
            synchronized (objective.builder()) {
                nodes.addAll(List.of(new mle.compiler.ir.Differentiator(objective.builder()).gradient(d.value(), theta.length)));
            }
            double[] v = new Evaluator(new Schedule(nodes)).evaluate(theta, new double[objective.columns().size()][0], 0);
            double variance = 0;
            for (int i = 0; i < theta.length; i++) {
                if (v[i + 1] == 0) continue;
                if (meaningless.contains(i)) variance = Double.NaN;
                for (int j = 0; j < theta.length; j++) if (v[j + 1] != 0) variance += v[i + 1] * covariance[i][j] * v[j + 1];
            }
            // Where g or its gradient is not a number at θ̂ (`log(−σ)`, `1/(μ − μ)`), neither is the delta method's answer.
            boolean finite = Double.isFinite(v[0]) && Double.isFinite(variance);
            double se = finite ? Math.sqrt(variance) : Double.NaN;
            out.add(new Estimate(d.name(), v[0], se, v[0] - Inference.Z95 * se, v[0] + Inference.Z95 * se));
        }
        return List.copyOf(out);
    }

    /**
     * Standard errors from the expected information, for models whose likelihood is least squares: for the
     * location parameters JᵀJ/σ̂² with σ̂² = RSS/(m − p) (m observations, p location parameters: NIST's
     * convention), for the scale's parameters their Fisher information 2m·∇s∇sᵀ/s², and in MAP mode the
     * prior's Hessian added. Null for other models; NaN standard errors where that information is singular.
     */
    private List<Estimate> expectedInformation(double[] theta, Rows rows, Objective.Mode mode) {
        double[][] info = expectedInformationMatrix(theta, rows, mode, true);
        if (info == null) return null;
        OptimumStatistics s = Inference.atOptimum(info, theta, parameterNames());
        List<Estimate> out = new ArrayList<>();
        double[] u = unconstrained(theta);
        for (int i = 0; i < theta.length; i++) out.add(estimate(i, u, s.standardErrors()[i]));
        return List.copyOf(out);
    }

    /**
     * The expected information at θ for a least-squares model (null for others). With {@code nistVariance}
     * the location block uses σ̂² = RSS/(m − p) in place of the model's scale, as NIST's certified standard
     * deviations do; in MAP mode the Hessian of the negative log-prior is added.
     */
    private double[][] expectedInformationMatrix(double[] theta, Rows rows, Objective.Mode mode,
                                                 boolean nistVariance) {
        LeastSquares ls = LeastSquares.of(objective).orElse(null);
        if (ls == null) return null;
        int k = theta.length;
        List<Node> outputs = new ArrayList<>(ls.flatten(ls.gaussNewton()));
        outputs.addAll(ls.flatten(ls.fisherInformation()));
        outputs.add(ls.rss());
        double[] v = new Evaluator(new Schedule(outputs)).evaluate(theta, rows);
        int observations = objective.likelihoods().getFirst().targets().size() * rows.count();
        double sigma2 = v[2 * k * k] / (observations - ls.locationParameterCount());
        double[][] info = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                boolean bothLocation = ls.locationParameters().get(i) && ls.locationParameters().get(j);
                info[i][j] = nistVariance && bothLocation ? v[i * k + j] / sigma2 : v[k * k + i * k + j];
            }
        }
        if (mode == Objective.Mode.MAP && objective.hasPriors()) {
            double[][] prior = ReferenceObjective.priorHessian(objective, theta);
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) info[i][j] += prior[i][j];
        }
        return info;
    }

    /**
     * θᵢ with its standard error and 95% Wald interval. For a constrained parameter the interval is taken on
     * the optimiser's unconstrained scale and mapped back (the delta-method SE there is SE/|dθ/du|), so that it
     * respects the constraint: σ's interval stays above 0, a probability's inside (0, 1).
     */
    private Estimate estimate(int i, double[] u, double standardError) {
        Objective.Parameter p = objective.params().get(i);
        double[] t = Unconstrained.transform(p, u[i]);
        if (!p.isConstrained()) {
            return new Estimate(p.name(), t[0], standardError, t[0] - Inference.Z95 * standardError, t[0] + Inference.Z95 * standardError);
        }
        double[] interval = Inference.intervalThroughTransform(u[i], standardError / Math.abs(t[1]),
                x -> Unconstrained.transform(p, x)[0]);
        return new Estimate(p.name(), t[0], standardError, interval[0], interval[1]);
    }

    /**
     * Why the objective is f0 (not finite) at θ: the first argument of a likelihood outside its domain, at its
     * place in the model with the row and the value; else the first term that is not finite.
     */
    private NumericalException notFinite(double f0, double[] theta, Objective.Mode mode, Rows rows,
                                          java.util.function.IntFunction<String> place) {
        String at = startDescription(theta);
        DataChecks.Violation v = DataChecks.firstAt(objective, theta, rows);
        if (v != null) {
            String where = place.apply(v.row());
            String signature = objective.likelihoods().stream().filter(l -> l.line() == v.line()).findFirst()
                    .map(l -> l.distribution().name() + "(" + String.join(", ", l.distribution().parameters().stream()
                            .map(mle.compiler.ir.DistributionParameter::name).toList()) + ")").orElse("");
            return new NumericalException(Diagnostic.error(v.span(),
                    v.role() + " is " + IrPrinter.number(v.value()) + " at " + where + ", but it " + v.must()
                            + ", so the objective is " + IrPrinter.number(f0) + " at the start (" + at + ")",
                    "check the order of the arguments (" + signature + "), the starting values (--start), and the "
                            + "constraints that keep the argument in range (e.g. `param σ > 0`)"));
        }
        for (Objective.Term t : objective.terms()) {
            if (mode == Objective.Mode.MLE && t.kind() == Objective.Kind.PRIOR) continue;
            double value = evaluate(t.value(), theta, rows);
            if (!Double.isFinite(value)) {
                String row = firstNonFiniteRow(t.value(), theta, rows, place);
                return new NumericalException("the objective is " + IrPrinter.number(f0) + " at the start (" + at
                        + "): the " + (t.kind() == Objective.Kind.PRIOR ? "prior" : "likelihood") + " of line " + t.line()
                        + ", `" + t.statement() + "`, is " + IrPrinter.number(-value) + (row.isEmpty() ? " there" : row)
                        + "; " + (row.isEmpty() ? "" : "correct the data, or ") + "give starting values (--start) where it is finite");
            }
        }
        return new NumericalException("the objective is " + IrPrinter.number(f0) + " at the start (" + at
                + "); give starting values (--start) where it is finite");
    }

    /**
     * Where a term's row sums are first not finite at θ: " at row 2 (line 3 of data.csv), where `y` is 1", or "" for a
     * term without rows. An objective infinite whatever the parameters is most often one row's data out of a formula's
     * range, which the person then finds at once.
     */
    private String firstNonFiniteRow(Node term, double[] theta, Rows rows, java.util.function.IntFunction<String> place) {
        Schedule schedule = new Schedule(List.of(term));
        List<Node> outputs = new ArrayList<>();
        for (Node sum : schedule.rowSums) outputs.add(sum.arg(0));
        if (outputs.isEmpty()) return "";
        int bodies = outputs.size();
        List<Node> data = schedule.leaves.stream().filter(n -> n.op == Op.DATA).toList();
        outputs.addAll(data);
        Rows.Found found = rows.first(outputs, theta, new AllFinite(bodies));
        if (found == null) return "";
        List<String> values = new ArrayList<>();
        for (int k = 0; k < data.size(); k++) {
            values.add("`" + objective.columns().get(data.get(k).index).name() + "` is " + IrPrinter.number(found.values()[bodies + k]));
        }
        return " at " + place.apply(found.row()) + (values.isEmpty() ? "" : ", where " + String.join(" and ", values));
    }

    /** Whether the first {@code count} values of a row are finite. */
    private record AllFinite(int count) implements Rows.Test {
        @Override
        public boolean accepts(double[] values) {
            for (int i = 0; i < count; i++) if (!Double.isFinite(values[i])) return false;
            return true;
        }
    }

    private java.util.Set<Integer> allParameters() {
        java.util.Set<Integer> all = new java.util.TreeSet<>();
        for (int i = 0; i < objective.params().size(); i++) all.add(i);
        return all;
    }

    /** "a = 0, b = 0, σ = 1". */
    private String startDescription(double[] theta) {
        List<String> parts = new ArrayList<>();
        for (Objective.Parameter p : objective.params()) parts.add(p.name() + " = " + IrPrinter.number(theta[p.index()]));
        return String.join(", ", parts);
    }

    // ---- evaluation ---------------------------------------------------------------------------

    /** The objective, the NLL, the gradient (score) and the Hessian at θ, in the model's parameters. */
    public record Evaluation(Objective.Mode mode, Map<String, Double> at, double objective, double nll, double[] gradient,
                             double[][] hessian, double[][] expectedInformation) {}

    /**
     * Whether a fit in this mode is finished by a direct solver (least squares, least absolute deviations, the lasso,
     * a GLM's Newton steps on XᵀWX), which needs no compiled objective: known from the model alone, before any data.
     */
    public boolean solvedDirectly(Objective.Mode mode) {
        return LinearModel.of(objective, mode).isPresent() || GeneralizedLinearModel.of(objective, mode).isPresent();
    }

    /** Evaluates the objective and its exact derivatives at θ given by name (every parameter must be given). */
    public Evaluation evaluate(DataTable data, Map<String, Double> at, Objective.Mode mode) {
        return LargeStack.call(() -> evaluateHere(data, at, mode));
    }

    private Evaluation evaluateHere(DataTable data, Map<String, Double> at, Objective.Mode mode) {
        double[][] columns = bind(data);
        int rows = data.rowCount();
        double[] theta = startingValues(at);
        List<String> missing = new ArrayList<>();
        for (Objective.Parameter p : objective.params()) {
            if (lookup(at, p) == null) missing.add(p.name());
        }
        if (!missing.isEmpty()) throw new OptionException("give a value for " + String.join(", ", missing));
        double[] u = unconstrained(theta);
        Rows memory = Rows.inMemory(columns, rows);
        try (TruffleObjective f = new TruffleObjective(objective, mode, columns, rows)) {
            double[] gu = new double[u.length];
            double value = f.valueAndGradient(u, gu);
            double[][] hu = new double[u.length][u.length];
            f.hessian(u, hu);
            double nll = mode == Objective.Mode.MLE ? value : evaluate(objective.nll(), theta, memory);
            double[][] fisher = expectedInformationMatrix(theta, memory, mode, false);
            return new Evaluation(mode, Map.copyOf(at), value, nll, gradientInModelSpace(u, gu),
                    Unconstrained.hessianInModelSpace(objective.params(), u, gu, hu), fisher);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The model's columns from the table, in the objective's order, checked against the model's supports. */
    private double[][] bind(DataTable data) {
        double[][] columns = new double[objective.columns().size()][];
        for (Objective.Column c : objective.columns()) {
            if (!data.hasColumn(c.name())) {
                throw new DataException(DataException.Kind.MISSING_COLUMN, data.source(), 0, c.name(),
                        "the data have no column `" + c.name() + "`", "add it, or map another column to it");
            }
            columns[c.index()] = data.columnForReading(c.name());   // read, never written
        }
        for (Objective.Column c : objective.columns()) {
            List<String> levels = data.levels(c.name());
            if (levels != null) checkLevels(data.source(), c.name(), levels);
        }
        if (data.rowCount() == 0) {
            throw new DataException(DataException.Kind.NO_ROWS, data.source(), 0, null, "the data have no rows", "add data rows");
        }
        DataChecks.Violation v = DataChecks.first(objective, columns, data.rowCount());
        if (v != null) {
            throw new DataException(DataException.Kind.OUT_OF_SUPPORT, data.source(), data.lineOf(v.row()), v.column(),
                    v.message(), v.hint());
        }
        return columns;
    }

    /**
     * Checks that a column read as names has as many levels as each vector it indexes has elements.
     *
     * @param source the data's file for messages, or null
     * @throws DataException when it has more or fewer
     */
    public void checkLevels(Path source, String column, List<String> levels) {
        for (Objective.Lookup l : objective.lookups()) {
            if (l.index().op != mle.compiler.ir.Op.DATA || !objective.columns().get(l.index().index).name().equals(column)) continue;
            if (levels.size() != l.size()) {
                String problem = "`" + column + "` has " + levels.size() + " levels (" + listed(levels) + "), but `" + l.vector()
                        + "` has " + l.size() + " elements (line " + l.span().line() + ": " + l.span().text() + ")";
                // Propose only a size the language accepts.
                String hint;
                if (levels.size() > mle.compiler.check.Checker.MAX_SIZE) {
                    hint = "a vector holds at most " + mle.compiler.check.Checker.MAX_SIZE + " elements, one per level: "
                            + "group the names into fewer levels, or check that `" + column + "` is the grouping meant.";
                } else if (objective.params().stream().anyMatch(p -> p.baseName().equals(l.vector()))) {
                    hint = "declare one element per level: `param " + l.vector() + "[" + levels.size() + "]`.";
                } else {
                    hint = "give `" + l.vector() + "` one element per level, " + levels.size() + " in all.";
                }
                throw new DataException(DataException.Kind.OUT_OF_SUPPORT, source, 0, column, problem, hint);
            }
        }
    }

    /** The data columns that may hold names, each read as its levels 1..K in sorted order. */
    public java.util.Set<String> levelColumns() { return objective.levelColumns(); }

    /** θ from the given values by name, the rest from their constraints: 0, lo + 1, hi − 1, or the midpoint. */
    private double[] startingValues(Map<String, Double> given) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : given.keySet()) {
            String key = Names.canonical(name);
            if (!seen.add(key)) throw new OptionException("a value for `" + name + "` is given twice (ASCII and Greek spellings are one name)");
            boolean known = objective.params().stream().anyMatch(p -> Names.canonical(p.name()).equals(key)
                    || Names.canonical(p.baseName()).equals(key));
            if (!known) {
                String suggestion = mle.compiler.check.Suggestions.closest(name, parameterNames());
                throw new OptionException("the model has no parameter called `" + name + "`"
                        + (suggestion != null ? "; did you mean `" + suggestion + "`?" : ""));
            }
        }
        double[] theta = new double[objective.params().size()];
        for (Objective.Parameter p : objective.params()) {
            Double v = lookup(given, p);
            double lo = p.lower(), hi = p.upper();
            if (v == null) {
                v = lo > Double.NEGATIVE_INFINITY && hi < Double.POSITIVE_INFINITY ? (lo + hi) / 2
                        : lo > Double.NEGATIVE_INFINITY ? lo + 1 : hi < Double.POSITIVE_INFINITY ? hi - 1 : 0;
            } else if (!p.admits(v)) {
                throw new OptionException("the value " + IrPrinter.number(v) + " for `" + p.name()
                        + "` is outside its constraint " + p.constraint());
            }
            theta[p.index()] = v;
        }
        return theta;
    }

    /** The value given for a parameter: by its own name (`β[2]`) first, else by its vector's name (`β`). */
    private static Double lookup(Map<String, Double> given, Objective.Parameter p) {
        Double byVector = null;
        for (Map.Entry<String, Double> e : given.entrySet()) {
            String key = Names.canonical(e.getKey());
            if (key.equals(Names.canonical(p.name()))) return e.getValue();
            if (key.equals(Names.canonical(p.baseName()))) byVector = e.getValue();
        }
        return byVector;
    }

    private double[] unconstrained(double[] theta) {
        double[] u = new double[theta.length];
        for (Objective.Parameter p : objective.params()) u[p.index()] = Unconstrained.toUnconstrained(p, theta[p.index()]);
        return u;
    }

    private double[] constrained(double[] u) {
        double[] theta = new double[u.length];
        for (Objective.Parameter p : objective.params()) theta[p.index()] = Unconstrained.transform(p, u[p.index()])[0];
        return theta;
    }

    private double[] gradientInModelSpace(double[] u, double[] gradientU) {
        double[] g = new double[u.length];
        for (Objective.Parameter p : objective.params()) g[p.index()] = gradientU[p.index()] / Unconstrained.transform(p, u[p.index()])[1];
        return g;
    }

    /** ∂objective/∂θ at θ by the reference evaluator (for points the optimiser's coordinates cannot reach). */
    private double[] gradientInTheta(double[] theta, Objective.Mode mode, Rows rows) {
        List<Node> gradient;
        synchronized (objective.builder()) {
            gradient = List.of(new mle.compiler.ir.Differentiator(objective.builder())
                    .gradient(objective.objective(mode), theta.length));
        }
        return new Evaluator(new Schedule(gradient)).evaluate(theta, rows);
    }

    private double evaluate(Node node, double[] theta, Rows rows) {
        return new Evaluator(new Schedule(List.of(node))).evaluate(theta, rows)[0];
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }
}
