package mle.compiler.explain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mle.compiler.ast.Expr;
import mle.compiler.check.CheckedModel;
import mle.compiler.check.Symbol;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Naming;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.lower.EquivalentLoss;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.LeastSquares;
import mle.compiler.lower.LinearModel;
import mle.compiler.lower.Unconstrained;

/**
 * `mle derive`: the objective in readable math, which terms are constant in which parameters, the
 * gradient, and the textbook equivalences that apply (least squares, least absolute deviations, ridge,
 * lasso, MAP = MLE), each with the condition under which it holds.
 */
public final class Derivation {
    /** Runs of at least this many elements of one vector print as one entry: β[1..50], one gradient line for ∂/∂β[j]. */
    private static final int RUN = 4;
    /** An expression is printed to about this many characters; the rest is an ellipsis. */
    private static final int LONGEST_EXPRESSION = 4000;
    private final CheckedModel model;
    final Objective objective;
    private final java.util.function.Function<Node, String> printer;
    /** The IR's variables by index: the parameters, then the random effects. */
    private final List<Objective.Parameter> variables;
    final StringBuilder out = new StringBuilder();

    private Derivation(CheckedModel model, Objective objective) {
        this.model = model;
        this.objective = objective;
        this.printer = IrPrinter.inliner(objective.naming(), LONGEST_EXPRESSION);
        this.variables = objective.variables();
    }

    public static String explain(CheckedModel model, Objective objective) {
        return new Derivation(model, objective).render();
    }

    private String render() {
        if (objective.hasRandomEffects()) return new MarginalDerivation(this).render();
        header();
        objectives();
        terms();
        gradient();
        equivalences();
        reported();
        solvers();
        return out.toString();
    }

    void header() {
        out.append("model ").append(model.name() == null ? "(unnamed)" : model.name()).append('\n');
        List<String> parameters = new ArrayList<>();
        for (int[] run : runs(java.util.stream.IntStream.range(0, objective.params().size()).toArray(), false)) {
            parameters.add(runName(run, false) + bounds(variables.get(run[0])));
        }
        out.append("  parameters: ").append(String.join(", ", parameters)).append('\n');
        out.append("  data:       ").append(names(java.util.stream.IntStream.range(0, objective.columns().size()).toArray(), true))
                .append("   (n rows; i runs over them)\n");
        List<String> constants = new ArrayList<>();
        for (Symbol s : model.symbols()) {
            if (s instanceof Symbol.Const c) {
                constants.add(c.name() + " = " + (c.isVector()
                        ? java.util.Arrays.stream(c.values()).mapToObj(IrPrinter::number).collect(Collectors.joining(", ", "[", "]"))
                        : IrPrinter.number(c.values()[0])));
            }
        }
        if (!constants.isEmpty()) out.append("  constants:  ").append(String.join(", ", constants)).append('\n');
        out.append('\n');
    }

    private static String bounds(Objective.Parameter p) {
        return p.isConstrained() ? "  (" + p.constraint() + "; optimised as " + Unconstrained.name(p) + ")" : "";
    }

    String args() {
        return names(java.util.stream.IntStream.range(0, objective.params().size()).toArray(), false);
    }

    /** Names of parameters (or data columns), in order, with long runs of one vector's elements as β[1..50]. */
    String names(int[] indices, boolean columns) {
        return runs(indices, columns).stream().map(r -> runName(r, columns)).collect(Collectors.joining(", "));
    }

    private String runName(int[] run, boolean columns) {
        String first = columns ? objective.columns().get(run[0]).display() : variables.get(run[0]).name();
        if (run.length == 1) return first;
        String last = columns ? objective.columns().get(run[run.length - 1]).display() : variables.get(run[run.length - 1]).name();
        return first.substring(0, first.lastIndexOf('[') + 1) + element(first) + ".." + element(last) + "]";
    }

    private static String element(String name) { return name.substring(name.lastIndexOf('[') + 1, name.length() - 1); }

    /**
     * The indices split into runs: consecutive elements of one vector with the same constraint, at least {@link #RUN}
     * long; every other index alone.
     */
    private List<int[]> runs(int[] indices, boolean columns) {
        java.util.function.IntFunction<String> group = columns
                ? i -> objective.columns().get(i).display().contains("[") ? objective.columns().get(i).vector() : null
                : i -> variables.get(i).name().contains("[")
                        ? variables.get(i).baseName() + bounds(variables.get(i)) : null;
        List<int[]> runs = new ArrayList<>();
        int from = 0;
        while (from < indices.length) {
            String g = group.apply(indices[from]);
            int to = from + 1;
            while (g != null && to < indices.length && indices[to] == indices[to - 1] + 1 && g.equals(group.apply(indices[to]))) to++;
            if (to - from < RUN) to = from + 1;
            runs.add(java.util.Arrays.copyOfRange(indices, from, to));
            from = to;
        }
        return runs;
    }

    private void objectives() {
        out.append("negative log-likelihood (the MLE objective):\n");
        out.append("  NLL(").append(args()).append(") = ").append(sumOfTerms(Objective.Kind.LIKELIHOOD)).append("\n\n");
        out.append("negative log-posterior (the MAP objective, up to the log-evidence):\n");
        if (objective.hasPriors()) {
            out.append("  NLP(").append(args()).append(") = NLL(").append(args()).append(") + ")
                    .append(sumOfTerms(Objective.Kind.PRIOR)).append("\n\n");
        } else {
            out.append("  NLP(").append(args()).append(") = NLL(").append(args()).append(")   (no priors)\n\n");
        }
    }

    String sumOfTerms(Objective.Kind kind) {
        return objective.terms().stream().filter(t -> t.kind() == kind).map(this::show)
                .collect(Collectors.joining(" + ")).replace("+ −", "− ");
    }

    private String show(Node n) { return printer.apply(n); }

    /**
     * A term as printed: a prior on a long vector whose elements' summands differ only in the element number is one
     * Σⱼ over them, e.g. Σⱼ 0.125·β[j]² for j in 1..20, so that the line does not grow with the vector.
     */
    private String show(Objective.Term t) {
        List<Node> elements = t.elements();
        if (elements.size() >= RUN) {
            String common = commonTemplate(elements.stream().map(this::show).toList(), k -> String.valueOf(k + 1));
            if (common != null && common.contains("[j]")) {
                return "Σⱼ " + (common.contains(" + ") || common.contains(" − ") ? "(" + common + ")" : common)
                        + " for j in 1.." + elements.size();
            }
        }
        return show(t.value());
    }

    void terms() {
        out.append("terms, and the parameters each depends on:\n");
        Map<String, List<Objective.Term>> byStatement = new LinkedHashMap<>();
        for (Objective.Term t : objective.terms()) byStatement.computeIfAbsent(t.line() + "\u0000" + t.statement(), k -> new ArrayList<>()).add(t);
        for (List<Objective.Term> group : byStatement.values()) {
            Objective.Term first = group.getFirst();
            out.append("  line ").append(first.line()).append(": ").append(first.statement())
                    .append(first.kind() == Objective.Kind.PRIOR ? "   (prior: MAP only)"
                            : first.kind() == Objective.Kind.RANDOM ? "   (random effects' density)" : "   (likelihood)").append('\n');
            List<String> shown = group.stream().map(this::show).toList();
            int width = shown.stream().mapToInt(String::length).max().orElse(0);
            for (int i = 0; i < group.size(); i++) {
                out.append("    ").append(shown.get(i)).append(" ".repeat(width - shown.get(i).length() + 3))
                        .append(dependence(group.get(i).value())).append('\n');
            }
        }
        out.append('\n');
    }

    private String dependence(Node n) {
        BitSet deps = n.parameters();
        if (deps.isEmpty()) return "constant: drops out of every optimisation";
        BitSet constantIn = new BitSet();
        constantIn.set(0, variables.size());
        constantIn.andNot(deps);
        return "depends on " + names(deps.stream().toArray(), false)
                + (constantIn.isEmpty() ? "" : "; constant in " + names(constantIn.stream().toArray(), false));
    }

    private void gradient() {
        Node target = objective.hasPriors() ? objective.negLogPosterior() : objective.nll();
        String of = objective.hasPriors() ? "NLP" : "NLL";
        out.append("gradient of the ").append(of).append(":\n");
        Differentiator d = new Differentiator(objective.builder());
        for (int[] run : runs(java.util.stream.IntStream.range(0, objective.params().size()).toArray(), false)) {
            List<String> lines = new ArrayList<>();
            for (int index : run) lines.add(show(d.derivative(target, index)));
            // One line for a vector whose elements' derivatives differ only in the element: ∂/∂β[j] = …X[j]ᵢ…
            String common = run.length > 1 ? commonTemplate(lines, k -> element(objective.params().get(run[k]).name())) : null;
            if (common != null) {
                String name = variables.get(run[0]).baseName();
                out.append("  ∂").append(of).append("/∂").append(name).append("[j] = ").append(common).append("   for j in ")
                        .append(element(variables.get(run[0]).name())).append("..")
                        .append(element(variables.get(run[run.length - 1]).name())).append('\n');
                continue;
            }
            for (int k = 0; k < run.length; k++) {
                out.append("  ∂").append(of).append("/∂").append(objective.params().get(run[k]).name()).append(" = ")
                        .append(lines.get(k)).append('\n');
            }
        }
        out.append('\n');
    }

    /**
     * The text every element's text becomes with its own element number written j ([7] → [j] and [gᵢ = 7] → [gᵢ = j]
     * for the 7th), or null
     * when two differ in anything else: then one line with j says what all of them say.
     */
    private static String commonTemplate(List<String> texts, java.util.function.IntFunction<String> elementNumber) {
        String common = null;
        for (int k = 0; k < texts.size(); k++) {
            // β[7] and a group's indicator [gᵢ = 7] alike
            String template = texts.get(k).replace("[" + elementNumber.apply(k) + "]", "[j]")
                    .replace(" = " + elementNumber.apply(k) + "]", " = j]");
            if (common == null) common = template;
            else if (!common.equals(template)) return null;
        }
        return common;
    }

    // ---- solvers ------------------------------------------------------------------------------

    /** Which method `mle fit` will use in each mode, chosen from the structure, and what other tools would call it. */
    /** The `report` quantities, as the fit computes them (with their delta-method standard errors). */
    void reported() {
        if (objective.derived().isEmpty()) return;
        out.append("\nreported (at the fit, with standard errors by the delta method):\n");
        for (Objective.Derived d : objective.derived()) out.append("  ").append(d.name()).append(" = ").append(show(d.value())).append('\n');
    }

    private void solvers() {
        out.append("\nsolver (what `mle fit` does, chosen from the structure):\n");
        for (Objective.Mode mode : objective.hasPriors() ? List.of(Objective.Mode.MLE, Objective.Mode.MAP) : List.of(Objective.Mode.MLE)) {
            bullet((objective.hasPriors() ? mode + ": " : "") + solver(mode));
        }
    }

    private String groupingName(mle.compiler.lower.GroupEffects.Factor factor) {
        return objective.columns().get(factor.index().index).name();
    }

    private String solver(Objective.Mode mode) {
        java.util.Optional<mle.compiler.lower.GroupedLinearModel> grouped = mle.compiler.lower.GroupedLinearModel.of(objective, mode);
        if (grouped.isPresent()) {
            List<mle.compiler.lower.GroupEffects.Factor> factors = grouped.get().factors();
            if (factors.size() == 2) {
                return "least squares with the " + factors.get(0).levels() + " effects of `" + groupingName(factors.get(0))
                        + "` and the " + factors.get(1).levels() + " of `" + groupingName(factors.get(1)) + "` eliminated: "
                        + "each column and y projected off both groupings (conjugate gradients on their normal equations), "
                        + "then least squares on what is left with iterative refinement in double-double precision; the effects are "
                        + "determined only up to a constant moved from one grouping to the other";
            }
            return "least squares with the " + factors.getFirst().levels() + " effects of `" + groupingName(factors.getFirst())
                    + "` eliminated, solved "
                    + "directly: the within transformation (each column and y minus its group's mean), then Householder "
                    + "QR with iterative refinement in double-double precision; each effect is its group's mean residual";
        }
        java.util.Optional<GeneralizedLinearModel.Grouped> groupedGlm = GeneralizedLinearModel.Grouped.of(objective, mode);
        if (groupedGlm.isPresent()) {
            List<mle.compiler.lower.GroupEffects.Factor> factors = groupedGlm.get().factors();
            if (factors.size() == 2) {
                return groupedGlm.get().shared().family().regression() + " regression with the " + factors.get(0).levels()
                        + " effects of `" + groupingName(factors.get(0)) + "` and the " + factors.get(1).levels() + " of `"
                        + groupingName(factors.get(1)) + "` eliminated: Newton's method, each step a weighted least-squares "
                        + "solve with both groupings projected off by conjugate gradients; the objective is convex, and the "
                        + "effects are determined only up to a constant moved from one grouping to the other";
            }
            return groupedGlm.get().shared().family().regression() + " regression with the " + groupedGlm.get().factor().levels() + " effects of `"
                    + groupingName(groupedGlm.get().factor()) + "` eliminated: Newton's "
                    + "method on the Schur complement of the levels' diagonal block; the objective is convex";
        }
        java.util.Optional<LinearModel> linear = LinearModel.of(objective, mode);
        if (linear.isPresent()) {
            LinearModel l = linear.get();
            if (l.penalties().any()) {
                String kind = l.penalties().lasso() ? "lasso" : "ridge";
                return "the " + kind + ", exactly: coordinate descent with soft-thresholding, an exact solve on the active "
                        + "set, and a certificate for the coefficients at 0" + (l.scaleParameter() >= 0
                        ? "; σ is estimated too, by a search of the profile over σ" : "") + lassoCalls(l);
            }
            return l.loss() == Distribution.ResidualLoss.Kind.SQUARED
                    ? "ordinary least squares, solved directly: Householder QR of the design with iterative refinement "
                            + "in double-double precision"
                    : "least absolute deviations (median regression), solved exactly as the optimal vertex of a linear "
                            + "program, with its certificate";
        }
        java.util.Optional<GeneralizedLinearModel> glm = GeneralizedLinearModel.of(objective, mode);
        if (glm.isPresent()) {
            String kind = glm.get().family().regression();
            return glm.get().penalties().lasso()
                    ? "the lasso of a " + kind + " regression, exactly: proximal Newton (coordinate descent on the "
                            + "quadratic model XᵀWX, as glmnet does), an exact solve on the active set and a certificate "
                            + "for the coefficients at 0; the objective is convex"
                    : kind + " regression: Newton's method on XᵀWX (iteratively reweighted least squares); the "
                            + "objective is convex";
        }
        boolean leastSquares = (mode == Objective.Mode.MLE || !objective.hasPriors()) && LeastSquares.of(objective).isPresent();
        int k = objective.params().size();
        return (leastSquares ? "Levenberg–Marquardt on the residual sum of squares, then Newton with the exact Hessian"
                : k <= 200 ? "L-BFGS, then Newton with the exact Hessian" : "L-BFGS")
                + "; a multi-start from 8 points unless the objective is proved to have a single minimum";
    }

    /** glmnet's λ and scikit-learn's alpha for a lasso whose Laplace priors share one scale b and centre 0. */
    private String lassoCalls(LinearModel l) {
        double scale = l.penalties().commonLassoScale();
        if (Double.isNaN(scale)) return "";
        String b = IrPrinter.number(scale);
        String sigma2 = l.knownScale() != null ? IrPrinter.number(Math.pow(l.knownScale().value, 2)) : "σ̂²";
        return ". It is the lasso of glmnet(x, y, lambda = " + sigma2 + "/(n·" + b + "), standardize = FALSE) and of "
                + "scikit-learn's Lasso(alpha = " + sigma2 + "/(n·" + b + ")), n the number of rows and the coefficients "
                + "without a prior unpenalised; glmnet standardises the columns by default, which changes the penalty";
    }

    // ---- equivalences -------------------------------------------------------------------------

    /** A likelihood statement whose distribution is a location-scale family with a residual loss. */
    private record LossTerm(CheckedModel.Sampling sampling, Distribution.ResidualLoss loss, String scale, boolean scaleIsParameter,
                            BitSet location) {}

    private void equivalences() {
        out.append("equivalences:\n");
        List<CheckedModel.Sampling> likelihoods = model.samplings().stream().filter(s -> s.kind() == CheckedModel.Kind.LIKELIHOOD).toList();
        List<CheckedModel.Sampling> priors = model.samplings().stream().filter(s -> s.kind() == CheckedModel.Kind.PRIOR).toList();
        List<CheckedModel.Increment> freeLikelihood = model.increments().stream().filter(i -> i.kind() == CheckedModel.Kind.LIKELIHOOD).toList();
        List<CheckedModel.Increment> freePriors = model.increments().stream().filter(i -> i.kind() == CheckedModel.Kind.PRIOR).toList();
        LossTerm single = null;
        if (!freeLikelihood.isEmpty()) {
            bullet("The `target +=` " + statements(freeLikelihood) + (freeLikelihood.size() == 1 ? " reads data: it adds" : " read data: they add")
                    + " to the likelihood, which is therefore none of the textbook losses (least squares, least absolute deviations).");
        } else {
            for (CheckedModel.Sampling s : likelihoods) {
                LossTerm lt = lossEquivalence(s, likelihoods.size() == 1);
                if (likelihoods.size() == 1) single = lt;
            }
        }
        for (CheckedModel.Sampling p : priors) priorEquivalence(p, single);
        if (penalties.size() > 1) {
            StringBuilder combined = new StringBuilder(penalties.getFirst().kernel());
            for (int i = 0; i < penalties.size(); i++) {
                combined.append(" + λ").append(subscriptDigit(i + 1)).append("·").append(penalties.get(i).term());
            }
            List<String> lambdas = new ArrayList<>();
            for (int i = 0; i < penalties.size(); i++) lambdas.add("λ" + subscriptDigit(i + 1) + " = " + penalties.get(i).lambda());
            String condition = penalties.getFirst().condition();
            bullet("Together, " + Character.toLowerCase(condition.charAt(0)) + condition.substring(1) + " MAP estimate minimises "
                    + combined + " (" + String.join(", ", lambdas) + ").");
        }
        if (!freePriors.isEmpty()) {
            bullet("The `target +=` " + statements(freePriors) + (freePriors.size() == 1 ? " depends on parameters alone: a prior term"
                    : " depend on parameters alone: prior terms") + ", in the MAP objective only.");
        }
        List<String> flat = new ArrayList<>();
        java.util.Set<String> withPrior = new java.util.HashSet<>();
        for (CheckedModel.Sampling p : priors) withPrior.add(mle.compiler.ast.Names.canonical(baseName(p.statement().target())));
        for (CheckedModel.Increment i : freePriors) for (Symbol.Param p : i.valueType().params()) withPrior.add(p.id().key());
        for (Symbol.Param p : model.params()) if (!withPrior.contains(p.id().key())) flat.add(p.name());
        if (priors.isEmpty() && freePriors.isEmpty()) {
            bullet("No priors (a flat prior on every parameter): the MAP estimate equals the MLE, and NLP = NLL.");
        } else if (!flat.isEmpty()) {
            bullet("No prior on " + String.join(", ", flat) + " (a flat prior): the prior terms do not depend on "
                    + (flat.size() == 1 ? "it" : "them") + ", so for fixed values of the others, MAP and MLE agree in "
                    + (flat.size() == 1 ? "it" : "them") + ".");
        }
    }

    private static String subscriptDigit(int i) { return i < 10 ? String.valueOf("₀₁₂₃₄₅₆₇₈₉".charAt(i)) : "_" + i; }

    /** "term on line 7" or "terms on lines 7 and 9". */
    private static String statements(List<CheckedModel.Increment> increments) {
        List<String> lines = increments.stream().map(i -> String.valueOf(i.statement().span().line())).toList();
        return lines.size() == 1 ? "term on line " + lines.getFirst()
                : "terms on lines " + String.join(", ", lines.subList(0, lines.size() - 1)) + " and " + lines.getLast();
    }

    private LossTerm lossEquivalence(CheckedModel.Sampling s, boolean only) {
        Distribution.ResidualLoss loss = s.distribution().loss();
        Objective.Likelihood like = objective.likelihoods().stream()
                .filter(l -> l.line() == s.statement().span().line()).findFirst().orElse(null);
        // A censored, truncated or weighted row contributes a probability or a multiple: no longer a plain loss.
        if (like == null || s.observation().any()) return null;
        if (loss == null) {
            glmLoss(s, only);
            return null;
        }
        BitSet location = parameters(like.arguments().get(loss.locationArgument()));
        // A scale that moves with the location (Normal(μ, μ)) leaves no loss of the residual alone.
        if (location.intersects(parameters(like.arguments().get(loss.scaleArgument())))) return null;
        // A scale read from the data weights each row: weighted, not ordinary, least squares.
        if (like.arguments().get(loss.scaleArgument()).stream().anyMatch(n -> n.rowVarying)) {
            bullet("With a scale that varies by row, " + (squaredLoss(loss) ? "this is weighted least squares, each squared residual divided by the square of the row's "
                    : "this is weighted least absolute deviations, each residual divided by the row's ") + "scale.");
            return null;
        }
        Expr scaleExpr = s.arguments().get(loss.scaleArgument());
        String scale = scaleExpr.span().text();
        boolean scaleIsParameter = scaleExpr instanceof Expr.Name n && model.scope().get(n.name().key()) instanceof Symbol.Param;
        String residualSum = show(EquivalentLoss.residualSum(objective.builder(), like));
        boolean squared = loss.kind() == Distribution.ResidualLoss.Kind.SQUARED;
        if (location.isEmpty()) {
            bullet("The residuals involve no parameter: the NLL depends on the data through "
                    + (squared ? "RSS = " : "SAE = ") + residualSum + " only.");
        } else {
            String where = only ? "minimising the NLL" : "minimising the line-" + s.statement().span().line() + " term";
            String over = names(location.stream().toArray(), false);
            String lossName = squared
                    ? (isLinear(like.arguments().get(loss.locationArgument()), location) ? "linear " : "nonlinear ")
                    + "least squares: it minimises the residual sum of squares RSS = " + residualSum + ", i.e. n·MSE"
                    : "least absolute deviations: it minimises the sum of absolute residuals SAE = " + residualSum + ", i.e. n·MAE";
            String condition = scaleIsParameter ? "For fixed " + scale + ", "
                    : isConstant(scaleExpr) ? "With the scale fixed at " + scale + ", " : "For a fixed scale " + scale + ", ";
            bullet(condition + where + " over " + over + " is " + lossName + ".");
        }
        // Only where this is the whole likelihood: another statement sharing the scale moves its optimum.
        if (scaleIsParameter && only) {
            bullet(squared
                    ? "At the MLE, " + scale + "² = RSS/n = MSE (the maximum-likelihood variance divides by n, not n − p)."
                    : "At the MLE, " + scale + " = SAE/n = MAE.");
        }
        return new LossTerm(s, loss, atom(scaleExpr), scaleIsParameter, location);
    }

    /** The names machine learning gives a GLM's negative log-likelihood: log-loss, the Poisson and binomial deviances. */
    private void glmLoss(CheckedModel.Sampling s, boolean only) {
        String nll = only ? "The NLL" : "The line-" + s.statement().span().line() + " term";
        String target = s.statement().target().span().text();
        switch (s.distribution().name()) {
            case "Bernoulli", "BernoulliLogit" -> bullet(nll + " is the log-loss (binary cross-entropy) −Σᵢ [" + target + "ᵢ·log pᵢ + (1 − "
                    + target + "ᵢ)·log(1 − pᵢ)] of the predicted probabilities p" + (s.distribution().name().equals("BernoulliLogit")
                    ? " = logistic(" + s.arguments().getFirst().span().text() + ")" : "") + ": maximum likelihood minimises it.");
            case "Poisson", "PoissonLog" -> bullet(nll + " is half the Poisson deviance 2·Σᵢ [yᵢ·log(yᵢ/λᵢ) − (yᵢ − λᵢ)] plus a term "
                    + "of the data alone (y = " + target + "): maximum likelihood minimises the deviance, as a GLM fit does.");
            case "Binomial" -> bullet(nll + " is half the binomial deviance plus a term of the data alone: maximum likelihood "
                    + "minimises the deviance, as a GLM fit does.");
            default -> { }
        }
    }

    private static boolean squaredLoss(Distribution.ResidualLoss loss) { return loss.kind() == Distribution.ResidualLoss.Kind.SQUARED; }

    private static BitSet parameters(List<Node> nodes) {
        BitSet all = new BitSet();
        for (Node n : nodes) all.or(n.parameters());
        return all;
    }

    /** Whether the location is affine in its parameters (every first derivative free of them): a linear model. */
    private boolean isLinear(List<Node> location, BitSet params) {
        return mle.compiler.lower.LinearPredictor.of(objective, location, params.stream().toArray()).isPresent();
    }

    /** Whether an argument is fixed before fitting: numbers, constants and functions of them. */
    private boolean isConstant(Expr e) {
        return switch (e) {
            case Expr.Number ignored -> true;
            case Expr.Name n -> model.scope().get(n.name().key()) instanceof Symbol.Const;
            case Expr.Index i -> model.scope().get(i.base().key()) instanceof Symbol.Const;
            case Expr.Negate n -> isConstant(n.operand());
            case Expr.Binary b -> isConstant(b.left()) && isConstant(b.right());
            case Expr.VectorLiteral v -> v.elements().stream().allMatch(this::isConstant);
            case Expr.Call c -> !(model.scope().get(c.callee().key()) instanceof Symbol.Function) && c.allArguments().stream().allMatch(this::isConstant);
        };
    }

    private void priorEquivalence(CheckedModel.Sampling p, LossTerm likelihood) {
        Distribution.ResidualLoss loss = p.distribution().loss();
        String target = p.statement().target().span().text();
        if (loss == null) {
            bullet("The " + p.distribution().name() + " prior on " + target + " adds −log p(" + target
                    + ") to the objective; it is not a quadratic or absolute-value penalty.");
            return;
        }
        Expr location = p.arguments().get(loss.locationArgument());
        Expr scaleExpr = p.arguments().get(loss.scaleArgument());
        boolean centred = location instanceof Expr.Number n && n.value() == 0;
        String centre = centred ? "" : " (shrinking toward " + location.span().text() + " rather than 0)";
        String s = atom(scaleExpr);
        boolean vector = p.targetType().size() > 0;
        String element = vector ? target + "ⱼ" : target;
        String sum = vector ? "Σⱼ " : "";
        String shifted = centred ? element : element + " − " + atom(location);
        boolean squaredPenalty = loss.kind() == Distribution.ResidualLoss.Kind.SQUARED;
        String term = squaredPenalty ? sum + (centred ? element : "(" + shifted + ")") + "²" : sum + "|" + shifted + "|";
        String added = squaredPenalty ? term + " / (2·" + s + "²)" : term + " / " + s;
        if (!isConstant(scaleExpr) || !isConstant(location)) {
            bullet("The " + p.distribution().name() + " prior on " + target + " adds " + added + centre
                    + " with an argument that is itself estimated (a hierarchical prior), so it is not a fixed penalty.");
            return;
        }
        // Ridge and lasso are penalties on regression coefficients: the location's parameters.
        boolean onLocation = likelihood != null && objective.params().stream()
                .filter(q -> mle.compiler.ast.Names.canonical(q.baseName()).equals(mle.compiler.ast.Names.canonical(baseName(p.statement().target()))))
                .anyMatch(q -> likelihood.location().get(q.index()));
        if (!onLocation) {
            bullet("The " + p.distribution().name() + " prior on " + target + " adds " + added + centre + " to the objective.");
            return;
        }
        bullet("The " + p.distribution().name() + " prior on " + target + " is an " + (squaredPenalty ? "L2 (ridge)" : "L1 (lasso)")
                + " penalty " + added + centre + ".");
        boolean squaredLoss = likelihood.loss().kind() == Distribution.ResidualLoss.Kind.SQUARED;
        String sigma = likelihood.scale();
        String lambda = squaredLoss
                ? (squaredPenalty ? "(" + sigma + "/" + s + ")²" : "2·" + sigma + "²/" + s)
                : (squaredPenalty ? sigma + "/(2·" + s + "²)" : sigma + "/" + s);
        String against = squaredLoss ? "the residual sum of squares" : "the sum of absolute residuals";
        String kernel = squaredLoss ? "RSS" : "SAE";
        String condition = likelihood.scaleIsParameter() ? "For fixed " + sigma + ", the" : "The";
        lambda += lambdaValue(p, loss, likelihood, squaredLoss, squaredPenalty);
        bullet(condition + " MAP estimate minimises " + kernel + " + λ·" + term + " with λ = " + lambda
                + " against " + against + ": " + (squaredPenalty ? "ridge regression" : "the lasso") + ".");
        penalties.add(new Penalty(kernel, term, lambda.contains(" = ") ? lambda.substring(lambda.lastIndexOf(" = ") + 3) : lambda,
                condition));
    }

    /** A penalty of the MAP objective against a location-scale likelihood: for the one combined objective. */
    private record Penalty(String kernel, String term, String lambda, String condition) {}

    private final List<Penalty> penalties = new ArrayList<>();

    /**
     * λ with the constants' values: ` = 16` when the scales are both known, ` = σ²/4` when only the prior's is; empty
     * when neither is a number.
     */
    private String lambdaValue(CheckedModel.Sampling p, Distribution.ResidualLoss loss, LossTerm likelihood, boolean squaredLoss,
                               boolean squaredPenalty) {
        double s = constantArgument(objective.priors().stream().filter(x -> x.line() == p.statement().span().line())
                .map(x -> x.argument(loss.scaleArgument(), 0)).findFirst().orElse(null));
        if (Double.isNaN(s)) return "";
        Distribution.ResidualLoss likeLoss = likelihood.loss();
        double sigma = constantArgument(objective.likelihoods().stream()
                .filter(l -> l.line() == likelihood.sampling().statement().span().line())
                .map(l -> l.argument(likeLoss.scaleArgument(), 0)).findFirst().orElse(null));
        // λ = c·σ^k for the four pairings of the likelihood's loss and the prior's penalty
        double c = squaredLoss ? (squaredPenalty ? 1 / (s * s) : 2 / s) : (squaredPenalty ? 1 / (2 * s * s) : 1 / s);
        int k = squaredLoss ? 2 : 1;
        if (!Double.isNaN(sigma)) return " = " + rounded(c * Math.pow(sigma, k));
        String power = likelihood.scale() + (k == 2 ? "²" : "");
        return " = " + (c == 1 ? power : rounded(c) + "·" + power);
    }

    /** A computed number to 12 significant digits: (σ/σ0)² with σ0 = √0.5 is 2, not 1.9999999999999996. */
    private static String rounded(double x) { return IrPrinter.number(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", x))); }

    /** The value of a node free of parameters and data (a constant argument), or NaN. */
    private static double constantArgument(Node n) {
        if (n == null || !n.isParameterFree() || n.rowVarying) return Double.NaN;
        return new mle.compiler.ir.Evaluator(new mle.compiler.ir.Schedule(List.of(n))).evaluate(new double[0], new double[0][0], 0)[0];
    }

    /** The source text, parenthesised unless it is a single name or number, so that `2·s²` never misreads. */
    private static String atom(Expr e) {
        String text = e.span().text();
        return e instanceof Expr.Name || (e instanceof Expr.Number n && n.value() >= 0) || e instanceof Expr.Index ? text : "(" + text + ")";
    }

    private static String baseName(Expr target) {
        return switch (target) {
            case Expr.Name n -> n.name().text();
            case Expr.Index i -> i.base().text();
            default -> target.span().text();
        };
    }

    void bullet(String text) { out.append("  • ").append(text).append('\n'); }
}
