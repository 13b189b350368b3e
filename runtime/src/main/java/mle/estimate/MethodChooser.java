package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import mle.compiler.LargeStack;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.GroupedLinearModel;
import mle.compiler.lower.LinearModel;
import mle.runtime.linear.Design;
import mle.runtime.optim.Options;
import mle.runtime.parts.PartedRows;
import mle.runtime.stats.Inference;

/**
 * The choice of method, in one place, and why. A model whose structure a direct solver knows is solved exactly: a
 * Gaussian likelihood with a mean linear in its parameters by ordinary least squares (or from the parts' sums when the
 * rows are in parts), the same with Laplace or Gaussian priors on its coefficients by penalised least squares, a
 * Laplace likelihood with a linear location by least absolute deviations, a canonical-link GLM of a linear predictor by
 * Newton's method on XᵀWX (its lasso by proximal Newton). A design with more columns than rows has no estimate, said
 * before any work. Each direct solver may decline (a design of deficient rank, an optimum at infinity), and
 * everything else goes to the general search, which names what the direct solvers cannot (the flat direction, the
 * parameter that runs off). A method other than AUTO asked for by the caller always means the search.
 */
public final class MethodChooser {
    private MethodChooser() {}

    /**
     * What the fit ran and why, as Ceres' solver summary does.
     *
     * @param answer the optimum found, or why the fit cannot be made
     * @param why    each method asked, in order, with why it was asked and, where it declined, why
     */
    public record Choice(Attempt answer, List<String> why) {}

    /** Fits the problem with the first method that answers. */
    public static Choice fit(FitProblem problem) {
        List<String> why = new ArrayList<>();
        if (problem.objective().hasRandomEffects()) {
            why.add("the Laplace approximation: the model has random effects, integrated out of the likelihood");
            return new Choice(new LaplaceApproximation().estimate(problem), List.copyOf(why));
        }
        if (problem.settings().optimizer().method() == Options.Method.AUTO) {
            // At most one direct solver per structure: the linear model's, then the GLM's, the second looked for
            // only when the first does not answer (building a design costs a pass over the data).
            List<Supplier<Candidate>> candidates = problem.columns() == null ? List.of(() -> fromParts(problem))
                    : List.of(() -> linear(problem), () -> generalizedLinear(problem));
            for (Supplier<Candidate> next : candidates) {
                Candidate c = next.get();
                if (c == null) continue;
                why.add(c.reason());
                Attempt answer = c.estimator().estimate(problem);
                if (!(answer instanceof Attempt.Declined declined)) return new Choice(answer, List.copyOf(why));
                why.add("declined: " + declined.reason());
            }
        } else {
            why.add("the search: the optimiser's method was set to " + problem.settings().optimizer().method());
        }
        if (why.isEmpty() || why.getLast().startsWith("declined")) {
            why.add("the search: " + (why.isEmpty() ? "no direct solver knows this model's structure"
                    : "the direct solver declined") + "; its local method as the search's account says");
        }
        return new Choice(new GeneralSearch().estimate(problem), List.copyOf(why));
    }

    /** A method to ask, and why it applies. */
    private record Candidate(Estimator estimator, String reason) {}

    private static Candidate linear(FitProblem problem) {
        LargeStack.step("the direct solve");
        Optional<GroupedLinearModel> grouped = GroupedLinearModel.of(problem.objective(), problem.mode());
        if (grouped.isPresent()) {
            Optional<Design> shared = Design.of(grouped.get().shared(), problem.columns(), problem.rows().count());
            if (shared.isEmpty()) return null;
            return new Candidate(new GroupedRegression(grouped.get(), shared.get()), "least squares with the groups' "
                    + "effects eliminated, solved directly: a Gaussian likelihood with a mean linear in its parameters, "
                    + "and " + grouped.get().levels() + " effects of " + (grouped.get().factors().size() == 1 ? "one grouping"
                    : "two groupings") + ", too many for a column each");
        }
        Optional<LinearModel> model = LinearModel.of(problem.objective(), problem.mode());
        Optional<Design> design = model.flatMap(l -> Design.of(l, problem.columns(), problem.rows().count()));
        if (design.isEmpty()) return null;
        LinearModel l = model.get();
        Design d = design.get();
        if (!l.penalties().any() && TooFewRows.applies(d)) {
            return new Candidate(new TooFewRows(d), "no estimate: the design has more columns than rows");
        }
        if (l.penalties().any()) {
            return new Candidate(new PenalizedRegression(l, d), "penalised least squares, solved directly: a Gaussian "
                    + "likelihood with a mean linear in its parameters, and Laplace or Gaussian priors on its coefficients");
        }
        if (l.loss() == Distribution.ResidualLoss.Kind.SQUARED) {
            return new Candidate(OrdinaryLeastSquares.inMemory(l, d), "ordinary least squares, solved directly: a "
                    + "Gaussian likelihood with a mean linear in its parameters");
        }
        return new Candidate(new MedianRegression(l, d), "least absolute deviations, solved directly: a Laplace "
                + "likelihood with a location linear in its parameters");
    }

    private static Candidate generalizedLinear(FitProblem problem) {
        Optional<GeneralizedLinearModel.Grouped> grouped = GeneralizedLinearModel.Grouped.of(problem.objective(), problem.mode());
        if (grouped.isPresent()) {
            Optional<Design> shared = Design.of(grouped.get().shared(), problem.columns(), problem.rows().count());
            if (shared.isEmpty()) return null;
            return new Candidate(new GroupedGlm(grouped.get(), shared.get()), "Newton's method with the groups' effects "
                    + "eliminated: a canonical-link GLM of a linear predictor with " + grouped.get().levels()
                    + " effects of " + (grouped.get().factors().size() == 1 ? "one grouping" : "two groupings")
                    + ", too many for a column each");
        }
        Optional<GeneralizedLinearModel> model = GeneralizedLinearModel.of(problem.objective(), problem.mode());
        Optional<Design> design = model.flatMap(g -> Design.of(g, problem.columns(), problem.rows().count()));
        if (design.isEmpty()) return null;
        GeneralizedLinearModel g = model.get();
        Design d = design.get();
        if (!g.penalties().any() && TooFewRows.applies(d)) {
            return new Candidate(new TooFewRows(d), "no estimate: the design has more columns than rows");
        }
        if (g.penalties().lasso()) {
            return new Candidate(new LassoGlm(g, d), "the lasso of a canonical-link GLM, solved by proximal Newton: "
                    + "Laplace priors on the coefficients of a linear predictor");
        }
        return new Candidate(new NewtonGlm(g, d), "Newton's method on XᵀWX: a canonical-link GLM of a linear predictor"
                + (g.penalties().any() ? " with Gaussian priors" : ""));
    }

    /** Rows in parts: ordinary least squares from their sums; every other model by the search where they are. */
    private static Candidate fromParts(FitProblem problem) {
        Optional<LinearModel> model = LinearModel.of(problem.objective(), problem.mode());
        if (model.isPresent() && problem.rows() instanceof PartedRows && !model.get().penalties().any()
                && model.get().loss() == Distribution.ResidualLoss.Kind.SQUARED) {
            return new Candidate(OrdinaryLeastSquares.parted(model.get()), "ordinary least squares from the parts' "
                    + "sums XᵀX and Xᵀy: a Gaussian likelihood with a mean linear in its parameters");
        }
        return null;
    }

    /**
     * Whether a fit in this mode is finished by a direct solver (least squares, least absolute deviations, the lasso,
     * a GLM's Newton steps on XᵀWX), which needs no compiled objective: known from the model alone, before any data.
     */
    public static boolean solvedDirectly(Objective objective, Objective.Mode mode) {
        return GroupedLinearModel.of(objective, mode).isPresent() || LinearModel.of(objective, mode).isPresent()
                || GeneralizedLinearModel.Grouped.of(objective, mode).isPresent()
                || GeneralizedLinearModel.of(objective, mode).isPresent();
    }

    /** What a fit's method needs beyond the data, estimated before anything is allocated: {@code bytes} for {@code what}. */
    public record MemoryNeed(double bytes, String what) {
        /** Bytes as MB, or as GB or TB when large: how a refusal for memory says a size. */
        public static String inWords(double bytes) {
            double mb = bytes / (1 << 20);
            return mb < 10_240 ? String.format(Locale.ROOT, "%.0f MB", mb)
                    : mb < 10_485_760 ? String.format(Locale.ROOT, "%.0f GB", mb / 1024)
                    : String.format(Locale.ROOT, "%.0f TB", mb / 1_048_576);
        }
    }

    /**
     * A refusal when the method chosen would need more than {@code limit} bytes beyond the data ({@link #memoryNeed}).
     */
    public static Optional<Attempt.Refused> overMemoryLimit(Objective objective, Objective.Mode mode, int rows, long limit) {
        if (limit <= 0) return Optional.empty();
        MemoryNeed need = memoryNeed(objective, mode, rows);
        if (need.bytes() <= limit) return Optional.empty();
        return Optional.of(new Attempt.Refused(Attempt.Refused.Reason.OVER_MEMORY_LIMIT, "this fit needs about "
                + MemoryNeed.inWords(need.bytes()) + " for " + need.what() + ", more than the memory limit of "
                + MemoryNeed.inWords(limit)
                + "; raise the limit, or fit fewer parameters", null));
    }

    /**
     * What the method chosen needs beyond the data, from the model's shape: a method on the design matrix holds a
     * working copy of it (m×p: the QR's, or √W·X), the design's columns that are not data columns themselves (an
     * intercept, x², all of them for a vector statement: a data column is its own column of the design) and about four
     * p×p matrices (R or XᵀWX, an inverse, the covariance, the Hessian); the general method about five k×k ones (its
     * Hessians, covariance and eigenvectors), and its symbolic Hessian below 200 parameters.
     */
    public static MemoryNeed memoryNeed(Objective objective, Objective.Mode mode, int rows) {
        int k = objective.params().size();
        OptionalInt levels = GroupedLinearModel.of(objective, mode).map(g -> OptionalInt.of(g.levels()))
                .or(() -> GeneralizedLinearModel.Grouped.of(objective, mode).map(g -> OptionalInt.of(g.levels())))
                .orElse(OptionalInt.empty());
        if (levels.isPresent()) {
            // The design of the shared coefficients and its working copy (the projected copy, with two groupings),
            // p×p matrices, a p-vector per level and the projections' vectors by level, and the estimates' k standard
            // errors, estimates and names.
            double p = k - levels.getAsInt(), m = rows;
            double bytes = 8 * (4 * m * p + 4 * p * p + 4 * m + 2 * p * levels.getAsInt() + 8.0 * levels.getAsInt()) + 200.0 * k;
            return new MemoryNeed(bytes, "a direct solve on the " + rows + "×" + (int) p + " design with "
                    + levels.getAsInt() + " group effects eliminated");
        }
        List<Node[]> columns = LinearModel.of(objective, mode).map(LinearModel::columns)
                .or(() -> GeneralizedLinearModel.of(objective, mode).map(GeneralizedLinearModel::columns)).orElse(null);
        double m = rows;
        if (columns != null) {
            Node[] first = columns.getFirst();
            double p = first.length, elements = columns.size();
            long computed = columns.size() > 1 ? first.length : java.util.Arrays.stream(first).filter(c -> c.op != Op.DATA).count();
            return new MemoryNeed(8 * (m * elements * (p + computed) + 4 * p * p), "a direct solve on the "
                    + (long) (m * elements) + "×" + first.length + " design matrix");
        }
        return new MemoryNeed(8 * 5.0 * k * k + (k <= Inference.EIGENVECTOR_LIMIT ? 512.0 * k * k : 8 * m * k),
                "the general method with " + k + " parameters (its k×k Hessians and covariance)");
    }
}
