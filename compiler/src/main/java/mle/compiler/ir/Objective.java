package mle.compiler.ir;

import java.util.List;

/**
 * The IR of a model: its scalar parameters, its data columns, and the terms of the negative log-density,
 * each from one `~` statement and already summed over data rows (likelihood) or vector elements (prior).
 * The MLE objective is the sum of the likelihood terms (the NLL); the MAP objective adds the prior terms
 * (the negative log-posterior, up to the evidence). Every constant is kept.
 *
 * <p>Random effects ({@code randoms}, `random u[K]`) are variables of the IR like the parameters, indexed after them
 * (θ at 0..k−1, u at k..k+K−1), and the terms of their distribution are of their own kind ({@link Kind#RANDOM}): the
 * likelihood and prior terms are then of θ and u, and the objective a fit maximises is of θ alone, with u integrated
 * out ({@link #joint}); {@code randomDistributions} are those statements before they became terms.
 */
public record Objective(String modelName, List<Parameter> params, List<Parameter> randoms, List<Column> columns,
                        List<Term> terms, List<Likelihood> likelihoods, List<Prior> priors, List<Prior> randomDistributions,
                        List<Lookup> lookups, List<DataBound> bounds, List<Derived> derived, IrBuilder builder) {

    /** A model without random effects, lookups by data (no `m[g]`), data bounds or derived quantities. */
    public Objective(String modelName, List<Parameter> params, List<Column> columns, List<Term> terms,
                     List<Likelihood> likelihoods, List<Prior> priors, IrBuilder builder) {
        this(modelName, params, List.of(), columns, terms, likelihoods, priors, List.of(), List.of(), List.of(), List.of(), builder);
    }

    public boolean hasRandomEffects() { return !randoms.isEmpty(); }

    /** The number of variables the IR's nodes index: the parameters, then the random effects. */
    public int variableCount() { return params.size() + randoms.size(); }

    /** −log p(u | θ): the density of the random effects (zero without them). */
    public Node randomDensity() { return sum(Kind.RANDOM); }

    /** The joint objective of θ and u whose integral over u is the marginal one: the mode's objective and −log p(u | θ). */
    public Node joint(Mode mode) { return builder.add(objective(mode), randomDensity()); }

    /** A quantity derived from the parameters (`report odds = exp(b)`), one node per element: `odds`, or `v[2]`. */
    public record Derived(String name, Node value) {}

    /**
     * What the data of a likelihood must satisfy beyond its distribution's support, each row checked before a fit:
     * {@code value} in {@code support} and within (lower, upper) (attained when {@code inclusive}; either null where
     * there is none). Truncated data inside the truncation, weights ≥ 0, censoring indicators 0 or 1, the value of a
     * log-density function (`exponential_lpdf(y, λ)`) in its distribution's support.
     */
    public record DataBound(Support support, Node value, Node lower, Node upper, boolean inclusive,
                            String requirement, String hint, String statement, int line, mle.compiler.source.Span span) {
        /** Any finite value within the bounds. */
        public DataBound(Node value, Node lower, Node upper, boolean inclusive, String requirement, String hint,
                         String statement, int line, mle.compiler.source.Span span) {
            this(Support.REAL, value, lower, upper, inclusive, requirement, hint, statement, line, span);
        }
    }

    /**
     * An element picked by data, `m[g]`: on every row {@code index} must be a whole number from 1 to {@code size}.
     * {@code span} is where the source says `m[g]`.
     */
    public record Lookup(Node index, int size, String vector, mle.compiler.source.Span span) {}

    /**
     * The data columns that index a vector by themselves (`g` in `m[g]`): a column of names there stands for its levels
     * 1..K, so that `m[region]` works on a column of region names.
     */
    public java.util.Set<String> levelColumns() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Lookup l : lookups) if (l.index().op == Op.DATA) names.add(columns.get(l.index().index).name());
        return names;
    }

    /**
     * A scalar parameter: `σ`, or one element `β[2]` of a vector, with its declared open interval. {@code sharedWith}
     * lists the declared names when one constraint was written for several (`param a, b, σ > 0` constrains all three),
     * else it is empty: a constraint that binds there may have been meant for the last name alone.
     */
    public record Parameter(int index, String name, String baseName, double lower, double upper, List<String> sharedWith) {
        public Parameter(int index, String name, String baseName, double lower, double upper) {
            this(index, name, baseName, lower, upper, List.of());
        }

        public boolean isConstrained() { return lower != Double.NEGATIVE_INFINITY || upper != Double.POSITIVE_INFINITY; }

        /** Whether θ lies strictly inside the constraint (the open interval the optimiser's coordinates map onto). */
        public boolean admits(double theta) { return theta > lower && theta < upper; }

        /** The constraint as declared: `> 0`, `< 10`, `in (0, 1)`; empty when there is none. */
        public String constraint() {
            boolean lo = lower != Double.NEGATIVE_INFINITY, hi = upper != Double.POSITIVE_INFINITY;
            if (lo && hi) return "in (" + IrPrinter.number(lower) + ", " + IrPrinter.number(upper) + ")";
            return lo ? "> " + IrPrinter.number(lower) : hi ? "< " + IrPrinter.number(upper) : "";
        }
    }

    /** A data column: {@code vector} is the declared name (X for the column X[3], bound from the CSV column X3). */
    public record Column(int index, String name, String display, String vector) {}

    /** Of the data; a prior of parameters (MAP only); the density of random effects, integrated out with them. */
    public enum Kind { LIKELIHOOD, PRIOR, RANDOM }

    /**
     * One term of −log p: {@code value} is already summed over rows (likelihood) or elements (prior).
     * {@code statement} is the `~` statement it comes from, as written; {@code line} its line.
     *
     * @param elements the summands of a prior on a vector, one per element, whose sum is {@code value} (empty for a
     *                 scalar statement or a likelihood): printers may show them as one Σⱼ
     * @param free     from a `target +=` statement, not a `~` one
     */
    public record Term(Kind kind, String statement, int line, Node value, List<Node> elements, boolean free) {
        public Term(Kind kind, String statement, int line, Node value) { this(kind, statement, line, value, List.of(), false); }

        public Term(Kind kind, String statement, int line, Node value, List<Node> elements) {
            this(kind, statement, line, value, elements, false);
        }
    }

    /**
     * Whether a `target +=` statement adds a term of its own: then the objective is more than its `~` statements, and
     * a structure read from those alone (least squares, a GLM) would leave that term out.
     */
    public boolean hasFreeTerms() { return terms.stream().anyMatch(Term::free); }

    /**
     * A likelihood statement before it became terms: the data it models (one node per vector element) and
     * the distribution's arguments (one or one per element), for checks of the data against the
     * distribution's support and for structure such as least squares. {@code span} is the statement's place in
     * the source, {@code argumentSpans} each argument's (in the distribution's order), for located messages;
     * {@code weight} each row's frequency weight, or null when every row counts once.
     */
    public record Likelihood(String statement, int line, Distribution distribution, List<Node> targets,
                             List<List<Node>> arguments, mle.compiler.source.Span span,
                             List<mle.compiler.source.Span> argumentSpans, Node weight) {
        /** The argument of parameter {@code p} for element {@code k}, broadcasting scalars. */
        public Node argument(int p, int k) {
            List<Node> a = arguments.get(p);
            return a.size() == 1 ? a.getFirst() : a.get(k);
        }
    }

    /**
     * A prior statement before it became a term: the parameters it is on (one node per element, each a PARAM) and
     * the distribution's arguments (one or one per element), for structure such as ridge and lasso penalties.
     */
    public record Prior(String statement, int line, Distribution distribution, List<Node> targets,
                        List<List<Node>> arguments) {
        /** The argument of parameter {@code p} for element {@code k}, broadcasting scalars. */
        public Node argument(int p, int k) {
            List<Node> a = arguments.get(p);
            return a.size() == 1 ? a.getFirst() : a.get(k);
        }
    }

    public enum Mode { MLE, MAP }

    /** The negative log-likelihood. */
    public Node nll() { return sum(Kind.LIKELIHOOD); }

    /** The negative log-prior (zero for a model without priors, i.e. flat priors). */
    public Node negLogPrior() { return sum(Kind.PRIOR); }

    /** The negative log-posterior up to the log-evidence: NLL + negative log-prior. */
    public Node negLogPosterior() { return builder.add(nll(), negLogPrior()); }

    public Node objective(Mode mode) { return mode == Mode.MLE ? nll() : negLogPosterior(); }

    public boolean hasPriors() { return terms.stream().anyMatch(t -> t.kind() == Kind.PRIOR); }

    private Node sum(Kind kind) {
        return builder.sum(terms.stream().filter(t -> t.kind() == kind).map(Term::value).toList());
    }

    public Naming naming() { return naming(variables(), columns); }

    /** The parameters then the random effects: the IR's variables by index. */
    public List<Parameter> variables() {
        if (randoms.isEmpty()) return params;
        List<Parameter> all = new java.util.ArrayList<>(params);
        all.addAll(randoms);
        return List.copyOf(all);
    }

    /** How printers name these variables and columns (also while an objective is being built). */
    public static Naming naming(List<Parameter> params, List<Column> columns) {
        return new Naming() {
            @Override public String param(int index) { return params.get(index).name(); }
            @Override public String column(int index) { return columns.get(index).display(); }

            @Override public String vector(int[] indices, boolean ofColumns) {
                java.util.function.IntFunction<String> base = ofColumns ? i -> columns.get(i).vector() : i -> params.get(i).baseName();
                String name = base.apply(indices[0]);
                for (int k = 1; k < indices.length; k++) {
                    if (indices[k] != indices[0] + k || !base.apply(indices[k]).equals(name)) return null;
                }
                // The element numbers: how far the run starts into its vector, which begins where its name does.
                int start = indices[0];
                while (start > 0 && base.apply(start - 1).equals(name)) start--;
                int end = indices[indices.length - 1] + 1, size = ofColumns ? columns.size() : params.size();
                boolean whole = indices[0] == start && (end == size || !base.apply(end).equals(name));
                return whole ? name : name + "[" + (indices[0] - start + 1) + ".." + (end - start) + "]";
            }
        };
    }
}
