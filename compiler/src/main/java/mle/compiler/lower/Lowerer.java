package mle.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Statement;
import mle.compiler.check.Builtins;
import mle.compiler.check.CheckedModel;
import mle.compiler.check.Symbol;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * Checked model → IR objective. Vectors are unrolled into scalars (their sizes are compile-time constants), except
 * that a long dot product of data and parameters stays one node (see {@link IrBuilder#dot}); user functions and lets
 * are inlined, and each `~` statement becomes the negated terms of its
 * distribution's log-density, summed over data rows or vector elements.
 */
public final class Lowerer {
    private final CheckedModel model;
    private final IrBuilder b = new IrBuilder();
    private final Map<String, Node[]> globals = new HashMap<>();
    private final List<Objective.Parameter> params = new ArrayList<>();
    private final List<Objective.Column> columns = new ArrayList<>();
    private final List<Objective.Likelihood> likelihoods = new ArrayList<>();
    private final List<Objective.Prior> priors = new ArrayList<>();
    private final List<Objective.Parameter> randoms = new ArrayList<>();
    private final List<Objective.Prior> randomDistributions = new ArrayList<>();
    private final java.util.LinkedHashMap<List<Object>, Objective.Lookup> lookups = new java.util.LinkedHashMap<>();
    private final List<Objective.DataBound> bounds = new ArrayList<>();
    /** The nodes of each user function's result, by the function and its argument nodes. */
    private final Map<List<Object>, Node[]> calls = new HashMap<>();

    private Lowerer(CheckedModel model) { this.model = model; }

    /**
     * Lowering may build at most this many IR nodes: far more than any model needs (a regression on 100,000 predictors
     * takes about 600,000), and what stops functions whose expansions are all different from growing exponentially.
     */
    public static final long MAX_NODES = 4_000_000;

    /** The statement during whose lowering the model passed {@link #MAX_NODES}: where, for the error. */
    public static final class StatementTooLarge extends RuntimeException {
        public final mle.compiler.source.Span span;

        StatementTooLarge(mle.compiler.source.Span span) {
            super(null, null, false, false);
            this.span = span;
        }
    }

    public static Objective lower(CheckedModel model) { return new Lowerer(model).run(); }

    /** The work of one statement, with the model's node limit on; the statement that passes it is reported. */
    private <T> T limited(mle.compiler.source.Span statement, java.util.function.Supplier<T> work) {
        b.limitNodes(MAX_NODES);
        try {
            return work.get();
        } catch (IrBuilder.TooLarge tooLarge) {
            b.limitNodes(Long.MAX_VALUE);
            throw new StatementTooLarge(statement);
        }
    }

    private Objective run() {
        // The variables first, the parameters then the random effects (θ before u in the IR's index space); the
        // other declarations in order, since a `let` reads those before it.
        for (Symbol.Param p : model.params()) variable(p, params, 0);
        for (Symbol.Param p : model.randoms()) variable(p, randoms, params.size());
        for (Symbol s : model.symbols()) {
            switch (s) {
                case Symbol.Data d -> globals.put(key(d), elements(d, i -> {
                    String name = d.isVector() ? d.name() + (i + 1) : d.name();
                    String display = d.isVector() ? d.name() + "[" + (i + 1) + "]" : d.name();
                    columns.add(new Objective.Column(columns.size(), name, display, d.name()));
                    return b.data(columns.size() - 1);
                }));
                case Symbol.Param ignored -> { }
                // Constants stay named, so that the derivation reads `|b| / s` rather than `|b| / 1`.
                case Symbol.Const c -> globals.put(key(c), elements(c, i -> b.namedConstant(c.values()[i],
                        c.isVector() ? c.name() + "[" + (i + 1) + "]" : c.name())));
                case Symbol.Let l -> globals.put(key(l), limited(l.declaration().span(), () -> expression(l.declaration().value(), Map.of())));
                case Symbol.Function ignored -> { }
            }
        }
        List<Objective.Term> terms = new ArrayList<>();
        for (CheckedModel.Sampling s : model.samplings()) {
            mle.compiler.interrupt.Interruption.checkCompiling();
            terms.addAll(limited(s.statement().span(), () -> sampling(s)));
        }
        for (CheckedModel.Increment i : model.increments()) {
            mle.compiler.interrupt.Interruption.checkCompiling();
            terms.add(limited(i.statement().span(), () -> increment(i)));
        }
        List<Objective.Derived> derived = new ArrayList<>();
        for (mle.compiler.ast.Statement.Report r : model.reports()) {
            Node[] values = limited(r.span(), () -> expression(r.value(), Map.of()));
            for (int e = 0; e < values.length; e++) {
                derived.add(new Objective.Derived(values.length == 1 ? r.name().text() : r.name().text() + "[" + (e + 1) + "]", values[e]));
            }
        }
        b.limitNodes(Long.MAX_VALUE);
        return new Objective(model.name(), List.copyOf(params), List.copyOf(randoms), List.copyOf(columns), List.copyOf(terms),
                List.copyOf(likelihoods), List.copyOf(priors), List.copyOf(randomDistributions), List.copyOf(lookups.values()),
                List.copyOf(bounds), List.copyOf(derived), b);
    }

    private void variable(Symbol.Param p, List<Objective.Parameter> into, int offset) {
        globals.put(key(p), elements(p, i -> {
            String name = p.isVector() ? p.name() + "[" + (i + 1) + "]" : p.name();
            int index = offset + into.size();
            into.add(new Objective.Parameter(index, name, p.name(), p.bounds().lo(), p.bounds().hi(), sharedWith(p)));
            return b.param(index);
        }));
    }

    private static String key(Symbol s) { return s.id().key(); }

    /** The names p's constraint was written for, when that is several (`param a, b, σ > 0`: one constraint node), else none. */
    private List<String> sharedWith(Symbol.Param p) {
        if (p.constraint() == null) return List.of();
        List<String> names = model.params().stream().filter(q -> q.constraint() == p.constraint()).map(Symbol::name).toList();
        return names.size() < 2 ? List.of() : names;
    }

    private static Node[] elements(Symbol s, java.util.function.IntFunction<Node> make) {
        Node[] out = new Node[Math.max(1, s.size())];
        for (int i = 0; i < out.length; i++) out[i] = make.apply(i);
        return out;
    }

    private static Objective.Kind kind(CheckedModel.Kind kind) {
        return switch (kind) {
            case LIKELIHOOD -> Objective.Kind.LIKELIHOOD;
            case PRIOR -> Objective.Kind.PRIOR;
            case RANDOM -> Objective.Kind.RANDOM;
        };
    }

    /** `target += v`: −Σ v, over the rows when v reads data (a likelihood term), else once (a prior term). */
    private Objective.Term increment(CheckedModel.Increment i) {
        Node value = b.neg(b.sum(List.of(expression(i.statement().value(), Map.of()))));
        boolean likelihood = i.kind() == CheckedModel.Kind.LIKELIHOOD;
        String text = oneLine(i.statement().span());
        return new Objective.Term(kind(i.kind()), text,
                i.statement().span().line(), likelihood ? b.rowSum(value) : value, List.of(), true);
    }

    private List<Objective.Term> sampling(CheckedModel.Sampling s) {
        Node[] target = expression(s.statement().target(), Map.of());
        List<Node[]> args = s.arguments().stream().map(a -> expression(a, Map.of())).toList();
        int elements = target.length;
        // Each term of the log-density, summed over the elements as a balanced tree (see IrBuilder.sum).
        List<List<Node>> perTermElements = new ArrayList<>();
        for (int k = 0; k < elements; k++) {
            List<Node> elementArgs = new ArrayList<>();
            for (Node[] a : args) elementArgs.add(a.length == 1 ? a[0] : a[k]);
            List<Node> logDensity = s.distribution().logDensity(b, target[k], elementArgs);
            while (perTermElements.size() < logDensity.size()) perTermElements.add(new ArrayList<>());
            for (int j = 0; j < logDensity.size(); j++) perTermElements.get(j).add(b.neg(logDensity.get(j)));
        }
        List<Node> perTerm = perTermElements.stream().map(b::sum).toList();
        boolean observed = s.observation().any();
        Node weight = s.observation().weight() == null ? null : scalar(s.observation().weight());
        if (observed) perTerm = List.of(b.neg(observedLogDensity(s, target[0], args.stream().map(a -> a[0]).toList(), weight)));
        boolean likelihood = s.kind() == CheckedModel.Kind.LIKELIHOOD;
        String text = oneLine(s.statement().span());
        int line = s.statement().span().line();
        if (likelihood) {
            likelihoods.add(new Objective.Likelihood(text, line, s.distribution(), List.of(target),
                    args.stream().map(List::of).toList(), s.statement().span(),
                    s.arguments().stream().map(mle.compiler.ast.Expr::span).toList(), weight));
        }
        if (s.kind() == CheckedModel.Kind.RANDOM) {
            randomDistributions.add(new Objective.Prior(text, line, s.distribution(), List.of(target), args.stream().map(List::of).toList()));
        } else if (!likelihood) {
            priors.add(new Objective.Prior(text, line, s.distribution(), List.of(target), args.stream().map(List::of).toList()));
        }
        List<Objective.Term> terms = new ArrayList<>();
        for (int j = 0; j < perTerm.size(); j++) {
            Node value = likelihood ? b.rowSum(perTerm.get(j)) : perTerm.get(j);
            if (value.isConst(0)) continue;
            List<Node> byElement = likelihood || elements == 1 ? List.of() : List.copyOf(perTermElements.get(j));
            // A censored or truncated likelihood is more than its distribution's density: structure read from the
            // statement alone (least squares, a GLM) would be wrong, so it counts as a free term.
            terms.add(new Objective.Term(kind(s.kind()), text, line, value, byElement, observed));
        }
        return terms;
    }

    /**
     * The log-likelihood of one row as observed: the density where the value is seen, log P(Y > y) where it is censored
     * from the right, log P(Y < y) from the left, log P(y < Y < u) within an interval; minus the log-probability of the
     * truncated range; times the row's weight.
     */
    private Node observedLogDensity(CheckedModel.Sampling s, Node y, List<Node> args, Node weight) {
        CheckedModel.Observation c = s.observation();
        mle.compiler.ir.Distribution d = s.distribution();
        String text = oneLine(s.statement().span());
        int line = s.statement().span().line();
        Node below = c.truncatedBelow() == null ? null : scalar(c.truncatedBelow());
        Node above = c.truncatedAbove() == null ? null : scalar(c.truncatedAbove());
        Node lp = b.sum(d.logDensity(b, y, args));
        // Censored within a truncated range: above y but below the upper bound, P(y < Y < U); below y but above L.
        if (c.rightCensored() != null) {
            lp = b.ifElse(scalar(c.rightCensored()), above == null ? d.logCcdf(b, y, args) : logProbabilityBetween(d, y, above, args), lp);
        }
        if (c.leftCensored() != null) {
            lp = b.ifElse(scalar(c.leftCensored()), below == null ? d.logCdf(b, y, args) : logProbabilityBetween(d, below, y, args), lp);
        }
        if (c.intervalCensored() != null) {
            lp = b.ifElse(scalar(c.intervalCensored()), logProbabilityBetween(d, y, scalar(c.intervalUpper()), args), lp);
        }
        censoringIndicators(c, y, text, line, s.statement().span());
        // Bounds free of parameters are checked on the data; one that moves with a parameter cannot be.
        Node checkedBelow = below != null && below.isParameterFree() ? below : null;
        Node checkedAbove = above != null && above.isParameterFree() ? above : null;
        if (checkedBelow != null || checkedAbove != null) {
            String where = (checkedBelow == null ? "" : "above " + mle.compiler.ir.IrPrinter.inline(checkedBelow, Objective.naming(params, columns)))
                    + (checkedBelow != null && checkedAbove != null ? " and " : "")
                    + (checkedAbove == null ? "" : "below " + mle.compiler.ir.IrPrinter.inline(checkedAbove, Objective.naming(params, columns)));
            bounds.add(new Objective.DataBound(y, checkedBelow, checkedAbove, false, "the data of a truncated distribution must be "
                    + where, "correct the value, or the truncation bound.", text, line, s.statement().span()));
        }
        if (below != null && above != null) lp = b.sub(lp, logProbabilityBetween(d, below, above, args));
        else if (below != null) lp = b.sub(lp, d.logCcdf(b, below, args));
        else if (above != null) lp = b.sub(lp, d.logCdf(b, above, args));
        if (weight == null) return lp;
        bounds.add(new Objective.DataBound(weight, b.zero, null, true, "a weight must be a number ≥ 0",
                "correct the weight; a row that should not count has weight 0.", text, line, s.statement().span()));
        return b.mul(weight, lp);
    }

    /**
     * Each censoring indicator is 0 or 1 on every row (not "censored wherever it is not 0": a status coded 1/2 would
     * censor every row), and at most one of them is 1 on a row: right, left and interval censoring are different rows.
     * An interval-censored row's upper end lies above its value.
     */
    private void censoringIndicators(CheckedModel.Observation c, Node y, String text, int line, mle.compiler.source.Span span) {
        Map<String, Expr> indicators = new java.util.LinkedHashMap<>();
        if (c.rightCensored() != null) indicators.put("right_censored", c.rightCensored());
        if (c.leftCensored() != null) indicators.put("left_censored", c.leftCensored());
        if (c.intervalCensored() != null) indicators.put("interval_censored", c.intervalCensored());
        Node sum = b.zero;
        for (Map.Entry<String, Expr> e : indicators.entrySet()) {
            Node value = scalar(e.getValue());
            sum = b.add(sum, value);
            bounds.add(new Objective.DataBound(mle.compiler.ir.Support.BINARY, value, null, null, true,
                    "`" + e.getKey() + "` must be 0 (observed) or 1 (censored)",
                    "correct the value; a status coded 1 = censored, 2 = event (as R's `lung` data) is `" + e.getKey()
                            + " = 2 - status`.", text, line, span));
        }
        if (indicators.size() > 1) {
            List<String> names = List.copyOf(indicators.keySet());
            String listed = "`" + String.join("`, `", names.subList(0, names.size() - 1)) + "` and `" + names.getLast() + "`";
            bounds.add(new Objective.DataBound(sum, null, b.one, true, "at most one of " + listed + " can be 1 on a row",
                    "a row is censored one way at most: correct its indicators.", text, line, span));
        }
        if (c.intervalCensored() != null) {
            Node below = b.ifElse(scalar(c.intervalCensored()), y, b.constant(Double.NEGATIVE_INFINITY));
            bounds.add(new Objective.DataBound(scalar(c.intervalUpper()), below, null, false, "on a row where "
                    + "`interval_censored` is 1, `interval_upper` must be above the value on the left of `~`",
                    "correct the row: its value lies between the value on the left and `interval_upper`.", text, line, span));
        }
    }

    /** log(F(u) − F(l)) = log F(u) + log(1 − e^{log F(l) − log F(u)}), without the difference of two rounded probabilities. */
    private Node logProbabilityBetween(mle.compiler.ir.Distribution d, Node l, Node u, List<Node> args) {
        Node upper = d.logCdf(b, u, args);
        return b.add(upper, b.apply(Op.LOG1M_EXP, b.sub(upper, d.logCdf(b, l, args))));
    }

    /** A statement's text on one line, as terms and messages quote it. */
    private static String oneLine(mle.compiler.source.Span span) { return span.text().replaceAll("\\s+", " "); }

    private Node scalar(mle.compiler.ast.Expr e) { return expression(e, Map.of())[0]; }

    private Node[] expression(Expr e, Map<String, Node[]> locals) {
        return switch (e) {
            case Expr.Number n -> new Node[] {b.constant(n.value())};
            case Expr.Name n -> lookup(n.name(), locals);
            case Expr.Index i -> new Node[] {index(i, locals)};
            case Expr.Negate n -> map(expression(n.operand(), locals), b::neg);
            case Expr.Binary bin -> {
                Node[] l = expression(bin.left(), locals), r = expression(bin.right(), locals);
                yield zip(l, r, switch (bin.op()) {
                    case ADD -> b::add;
                    case SUBTRACT -> b::sub;
                    case MULTIPLY -> b::mul;
                    case DIVIDE -> b::div;
                    case POWER -> b::pow;
                });
            }
            case Expr.VectorLiteral v -> v.elements().stream().map(x -> expression(x, locals)[0]).toArray(Node[]::new);
            case Expr.Call c -> call(c, locals);
        };
    }

    private Node[] lookup(Identifier id, Map<String, Node[]> locals) {
        Node[] local = locals.get(id.key());
        if (local != null) return local;
        Node[] global = globals.get(id.key());
        Double predefined = Builtins.CONSTANTS.get(id.key());
        if (global == null && predefined != null) return new Node[] {b.namedConstant(predefined, id.key())};
        if (global == null) throw new IllegalStateException("unresolved name after checking: " + id.text());
        return global;
    }

    /** One element of a vector: by a constant, or by data on each row (a group effect, m[gᵢ]). */
    private Node index(Expr.Index i, Map<String, Node[]> locals) {
        Node[] vector = lookup(i.base(), locals);
        Node index = expression(i.index(), locals)[0];
        if (index.isConst()) return vector[(int) index.value - 1];
        // The same lookup inside a function called twice is one check of the data.
        lookups.putIfAbsent(List.of(index, vector.length, i.base().text()),
                new Objective.Lookup(index, vector.length, i.base().text(), i.span()));
        return b.select(index, List.of(vector));
    }

    private Node[] call(Expr.Call c, Map<String, Node[]> locals) {
        String name = c.callee().key();
        Symbol symbol = model.scope().get(name);
        if (symbol instanceof Symbol.Function f) {
            Statement.FunctionDeclaration fn = f.declaration();
            Map<String, Node[]> inner = new HashMap<>();
            List<Expr> given = c.allArguments();
            List<Identifier> formals = new ArrayList<>(fn.inputs());
            formals.addAll(fn.params());
            // Nodes are interned, so a call with the same argument nodes has the same result: expand each once.
            List<Object> key = new ArrayList<>(List.of(fn));
            for (int k = 0; k < given.size(); k++) {
                Node[] value = expression(given.get(k), locals);
                inner.put(formals.get(k).key(), value);
                key.add(List.of(value));
            }
            Node[] known = calls.get(key);
            if (known != null) return known;
            mle.compiler.interrupt.Interruption.checkCompiling();
            for (Statement.LetDeclaration l : fn.lets()) inner.put(l.name().key(), expression(l.value(), inner));
            Node[] result = expression(fn.result(), inner);
            calls.put(key, result);
            return result;
        }
        List<Node[]> args = c.inputs().stream().map(a -> expression(a, locals)).toList();
        mle.compiler.dist.Distributions.DensityFunction density = mle.compiler.dist.Distributions.densityFunction(c.callee().text());
        if (density != null) {
            densityDataBounds(c, density, args);
            return elementwise(args, density::apply);
        }
        Node[] a = args.get(0);
        return switch (name) {
            case "sum" -> new Node[] {b.sum(List.of(a))};
            case "dot" -> new Node[] {b.dot(List.of(a), List.of(args.get(1)))};
            case "pow" -> zip(a, args.get(1), b::pow);
            case "square" -> map(a, b::square);
            case Builtins.LOG_SUM_EXP -> args.size() == 2 ? zip(a, args.get(1), (x, y) -> b.binary(Op.LOG_SUM_EXP, x, y))
                    : new Node[] {logSumExp(a, 0, a.length)};
            default -> {
                Builtins.Composite composite = Builtins.COMPOSITE.get(name);
                if (composite != null) yield elementwise(args, composite.lower());
                Op op = Builtins.UNARY.get(name);
                yield op == Op.POLYGAMMA ? map(a, x -> b.polygamma(Builtins.polygammaOrder(name), x)) : map(a, x -> b.apply(op, x));
            }
        };
    }

    /**
     * A log-density function's value taken from the data (`exponential_lpdf(y, λ)`) must lie in its distribution's
     * support: the formula outside it is a finite number that is no log-density (λ e^{−λy} for a negative y), which
     * would fit to a wrong answer, so each row is checked before a fit, as the data of a `~` statement are. So must the
     * value of a log distribution function (`exponential_lccdf(y, λ)` is −λy, above 0 for a negative y), as the data
     * of a censored `~` statement must.
     */
    private void densityDataBounds(Expr.Call c, mle.compiler.dist.Distributions.DensityFunction density, List<Node[]> args) {
        mle.compiler.ir.Distribution d = density.distribution();
        Node[] values = args.get(0);
        for (int j = 0; j < values.length; j++) {
            Node value = values[j];
            if (!value.isParameterFree() || !value.rowVarying) continue;
            List<Node> arguments = new ArrayList<>();
            for (Node[] a : args.subList(1, args.size())) arguments.add(a[a.length == 1 ? 0 : j]);
            Node[] supportBounds = d.fixedSupportBounds(arguments);
            Node lower = supportBounds[0], upper = supportBounds[1];
            mle.compiler.ir.Support support = d.support() == mle.compiler.ir.Support.BETWEEN_ARGUMENTS
                    ? mle.compiler.ir.Support.REAL : d.support();
            if (support == mle.compiler.ir.Support.REAL && lower == null && upper == null) continue;
            String requirement = "the value of " + c.callee().text() + " must be " + d.support().description
                    + DataChecks.withinBounds(support, lower, upper, Objective.naming(params, columns));
            Objective.DataBound bound = new Objective.DataBound(support, value, lower, upper, support.integer, requirement,
                    "correct the value, or choose a distribution whose support includes it.", oneLine(c.span()),
                    c.span().line(), c.span());
            if (!bounds.contains(bound)) bounds.add(bound);
        }
    }

    /** log Σ e^{xⱼ} as a balanced tree of pairwise log-sum-exps: log₂K deep, each step exact and without overflow. */
    private Node logSumExp(Node[] xs, int from, int to) {
        if (to - from == 1) return xs[from];
        int middle = (from + to) / 2;
        return b.binary(Op.LOG_SUM_EXP, logSumExp(xs, from, middle), logSumExp(xs, middle, to));
    }

    /** f on the j-th element of each argument, a single value paired with every element. */
    private Node[] elementwise(List<Node[]> args, java.util.function.BiFunction<IrBuilder, Node[], Node> f) {
        int n = args.stream().mapToInt(x -> x.length).max().orElse(1);
        Node[] out = new Node[n];
        for (int j = 0; j < n; j++) {
            Node[] x = new Node[args.size()];
            for (int k = 0; k < x.length; k++) x[k] = args.get(k)[args.get(k).length == 1 ? 0 : j];
            out[j] = f.apply(b, x);
        }
        return out;
    }

    private static Node[] map(Node[] xs, java.util.function.UnaryOperator<Node> f) {
        Node[] out = new Node[xs.length];
        for (int i = 0; i < xs.length; i++) out[i] = f.apply(xs[i]);
        return out;
    }

    private static Node[] zip(Node[] l, Node[] r, java.util.function.BinaryOperator<Node> f) {
        int n = Math.max(l.length, r.length);
        Node[] out = new Node[n];
        for (int i = 0; i < n; i++) out[i] = f.apply(l[l.length == 1 ? 0 : i], r[r.length == 1 ? 0 : i]);
        return out;
    }
}
