package mle.compiler.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates IR nodes. Every node is interned (one node per distinct expression, so common sub-expressions
 * are shared) and simplified locally as it is built: constants fold, identities vanish (x + 0, x·1, x^1),
 * negation moves inward, and a row sum splits off its row-invariant parts (Σᵢ c = n·c, Σᵢ c·g = c·Σᵢ g),
 * which is what hoists log σ and 1/σ² out of the loop over rows. Derivatives built through the same
 * builder are therefore simplified too.
 */
public final class IrBuilder {
    /** What makes two nodes the same node: the operation, the arguments' ids, the value, index and symbol. */
    private record Key(Op op, int[] args, long valueBits, int index, String symbol) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.op == op && k.valueBits == valueBits && k.index == index
                    && Arrays.equals(k.args, args) && java.util.Objects.equals(k.symbol, symbol);
        }

        @Override
        public int hashCode() {
            return ((op.hashCode() * 31 + Arrays.hashCode(args)) * 31 + Long.hashCode(valueBits)) * 31 + index
                    + (symbol == null ? 0 : symbol.hashCode());
        }
    }

    private final Map<Key, Node> interned = new HashMap<>();
    private int nextId;
    private long nodeLimit = Long.MAX_VALUE;

    /** Thrown when building more nodes than {@link #limitNodes} allows. */
    public static final class TooLarge extends RuntimeException {
        public final long limit;

        TooLarge(long limit) {
            super("more than " + limit + " nodes", null, false, false);
            this.limit = limit;
        }
    }

    /** From now on, at most this many nodes in all (Long.MAX_VALUE: no limit); beyond it, {@link TooLarge}. */
    public void limitNodes(long limit) { nodeLimit = limit; }

    public final Node zero = constant(0);
    public final Node one = constant(1);
    public final Node two = constant(2);
    public final Node rows = intern(Op.ROWS, new Node[0], 0, 0, null);

    // ---- leaves -------------------------------------------------------------------------------

    public Node constant(double value) {
        // -0.0 and 0.0 are the same constant; NaN constants never arise from a checked model.
        return intern(Op.CONST, new Node[0], value == 0 ? 0.0 : value, 0, null);
    }

    /** A constant that the derivation printer shows by name, e.g. `log(2π)`. */
    public Node namedConstant(double value, String symbol) {
        return intern(Op.CONST, new Node[0], value, 0, symbol);
    }

    public Node param(int index) { return intern(Op.PARAM, new Node[0], 0, index, null); }

    public Node data(int column) { return intern(Op.DATA, new Node[0], 0, column, null); }

    // ---- arithmetic ---------------------------------------------------------------------------

    public Node add(Node a, Node b) {
        if (a.isConst(0)) return b;
        if (b.isConst(0)) return a;
        if (a.isNumber() && b.isNumber()) return constant(a.value + b.value);
        if (b.op == Op.NEG) return sub(a, b.arg(0));
        if (a.op == Op.NEG) return sub(b, a.arg(0));
        if (b.isNumber() && b.value < 0) return sub(a, constant(-b.value));
        // a + (−c)·x = a − c·x
        if (b.op == Op.MUL && b.arg(0).isNumber() && b.arg(0).value < 0) return sub(a, mul(constant(-b.arg(0).value), b.arg(1)));
        // Like terms: x + x = 2·x, c·x + x = (c + 1)·x, c·x + d·x = (c + d)·x
        if (coefficient(a) != 0 && coefficient(b) != 0 && base(a) == base(b)) {
            return mul(constant(coefficient(a) + coefficient(b)), base(a));
        }
        return make(Op.ADD, a, b);
    }

    public Node sub(Node a, Node b) {
        if (b.isConst(0)) return a;
        if (a.isConst(0)) return neg(b);
        if (a == b) return zero;
        if (a.isNumber() && b.isNumber()) return constant(a.value - b.value);
        if (b.op == Op.NEG) return add(a, b.arg(0));
        if (b.isNumber() && b.value < 0) return add(a, constant(-b.value));
        return make(Op.SUB, a, b);
    }

    public Node mul(Node a, Node b) {
        if (a.isConst(0) || b.isConst(0)) return zero;
        if (a.isConst(1)) return b;
        if (b.isConst(1)) return a;
        if (a.isConst(-1)) return neg(b);
        if (b.isConst(-1)) return neg(a);
        if (a.isNumber() && b.isNumber()) return constant(a.value * b.value);
        // Numbers go first, so that 2·x and x·2 are one node and coefficients can merge.
        if (b.isNumber() && !a.isNumber()) return mul(b, a);
        if (a.isNumber() && b.op == Op.MUL && b.arg(0).isNumber()) return mul(constant(a.value * b.arg(0).value), b.arg(1));
        // Numbers move to the front of a product: x·(2·y) = 2·(x·y)
        if (!a.isNumber() && b.op == Op.MUL && b.arg(0).isNumber()) return mul(b.arg(0), mul(a, b.arg(1)));
        if (!b.isNumber() && a.op == Op.MUL && a.arg(0).isNumber()) return mul(a.arg(0), mul(a.arg(1), b));
        // x·(1/y) = x/y
        if (b.op == Op.DIV && b.arg(0).isConst(1)) return div(a, b.arg(1));
        if (a.op == Op.DIV && a.arg(0).isConst(1)) return div(b, a.arg(1));
        if (a.op == Op.NEG) return neg(mul(a.arg(0), b));
        if (b.op == Op.NEG) return neg(mul(a, b.arg(0)));
        if (a == b) return pow(a, two);
        Node merged = merged(a, b, 1);
        return merged != null ? merged : make(Op.MUL, a, b);
    }

    public Node div(Node a, Node b) {
        if (a.isConst(0)) return zero;
        if (b.isConst(1)) return a;
        if (a == b) return one;
        if (a.isNumber() && b.isNumber()) return constant(a.value / b.value);
        if (b.isNumber() && b.value != 0) return mul(constant(1 / b.value), a);
        if (a.op == Op.NEG) return neg(div(a.arg(0), b));
        if (a.op == Op.MUL && a.arg(0).isNumber() && a.arg(0).value < 0) return neg(div(mul(constant(-a.arg(0).value), a.arg(1)), b));
        Node merged = merged(a, b, -1);
        return merged != null ? merged : make(Op.DIV, a, b);
    }

    public Node pow(Node base, Node exponent) {
        if (exponent.isConst(0)) return one;
        if (exponent.isConst(1)) return base;
        if (base.isNumber() && exponent.isNumber()) return constant(Functions.pow(base.value, exponent.value));
        if (base.op == Op.POW && base.arg(1).isNumber() && exponent.isNumber() && isInteger(exponent.value)
                && isInteger(base.arg(1).value)) {
            // (x^a)^b = x^(a·b) for integers, where no branch of a root is lost.
            return pow(base.arg(0), constant(base.arg(1).value * exponent.value));
        }
        if (base.op == Op.SQRT && exponent.isConst(2)) return base.arg(0);
        return make(Op.POW, base, exponent);
    }

    public Node neg(Node a) {
        return switch (a.op) {
            case CONST -> a.symbol == null ? constant(-a.value) : make(Op.NEG, a);
            case NEG -> a.arg(0);
            case SUB -> sub(a.arg(1), a.arg(0));
            case MUL -> a.arg(0).isNumber() ? mul(constant(-a.arg(0).value), a.arg(1)) : make(Op.NEG, a);
            default -> make(Op.NEG, a);
        };
    }

    public Node square(Node a) { return pow(a, two); }

    /**
     * The sum of the terms as a balanced tree, the first half's sum plus the second's: a sum of p terms is then
     * log₂p deep rather than p, so that recursive passes over the IR (derivatives, printing) stay shallow for
     * thousands of predictors, and summation error grows like log p. Three terms or fewer add left to right.
     */
    public Node sum(List<Node> terms) {
        return sum(terms, 0, terms.size());
    }

    private Node sum(List<Node> terms, int from, int to) {
        int n = to - from;
        if (n == 0) return zero;
        if (n <= 3) {
            Node total = zero;
            for (int i = from; i < to; i++) total = add(total, terms.get(i));
            return total;
        }
        int middle = from + (n + 1) / 2;
        return add(sum(terms, from, middle), sum(terms, middle, to));
    }

    /**
     * Products of data columns and parameters at least this many stay one DOT node. Fewer are written out as a sum of
     * products, where the row sums of a derivative can take each column's sum out of the loop over rows (Σᵢ x₁ᵢ·β₁
     * = β₁·Σᵢ x₁ᵢ), which is cheaper for a few columns and prints as the user would write it.
     */
    public static final int DOT_NODE_MIN_LENGTH = 16;

    /**
     * Σₖ aₖ·bₖ. When every product is a data column times a parameter (the linear predictor Xᵢ·β of a regression,
     * either way round) and there are at least {@link #DOT_NODE_MIN_LENGTH} of them, this is one DOT node: a model
     * with p coefficients then has O(p) nodes, and ∂/∂βⱼ is the column X[j] found at once. Otherwise it is a
     * balanced sum of products. Products with a zero factor are dropped.
     */
    public Node dot(List<Node> a, List<Node> b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("dot of " + a.size() + " and " + b.size() + " elements");
        List<Node> columns = new ArrayList<>(), weights = new ArrayList<>();
        boolean dataTimesParameters = true;
        for (int k = 0; k < a.size(); k++) {
            Node x = a.get(k), w = b.get(k);
            if (x.isConst(0) || w.isConst(0)) continue;
            if (x.op == Op.PARAM && w.op == Op.DATA) {
                Node swap = x;
                x = w;
                w = swap;
            }
            dataTimesParameters &= x.op == Op.DATA && w.op == Op.PARAM;
            columns.add(x);
            weights.add(w);
        }
        if (!dataTimesParameters || columns.size() < DOT_NODE_MIN_LENGTH) {
            List<Node> products = new ArrayList<>(columns.size());
            for (int k = 0; k < columns.size(); k++) products.add(mul(columns.get(k), weights.get(k)));
            return sum(products);
        }
        columns.addAll(weights);
        return intern(Op.DOT, columns.toArray(Node[]::new), 0, 0, null);
    }

    /**
     * The element of {@code elements} that the 1-based {@code index} picks on each row: m[gᵢ] for a data column g. When
     * the index is a number this is that element; when every element is the same node, that node; when all but one
     * are zero and that one is a number or a parameter, it times the indicator [index = k] (the derivative of m[gᵢ]
     * by m_k is [gᵢ = k], which keeps the derivatives of a lookup over K elements to K small nodes, not K lookups of K).
     * The index is differentiated as a constant: it must be free of parameters (the checker sees to it in models), or
     * pick between ways of writing one function ({@link #sameFunction}).
     */
    public Node select(Node index, List<Node> elements) {
        if (index.isNumber()) return elements.get((int) index.value - 1);
        int nonZero = -1;
        boolean same = true;
        for (int k = 0; k < elements.size(); k++) {
            if (!elements.get(k).isConst(0)) nonZero = nonZero == -1 ? k : -2;
            same &= elements.get(k) == elements.getFirst();
        }
        if (same) return elements.getFirst();
        // Only for a number or a parameter, which are finite: log(k)·[k ≠ 0] would be NaN where k = 0.
        Node only = nonZero >= 0 ? elements.get(nonZero) : null;
        if (only != null && (only.isConst() || only.op == Op.PARAM)) return mul(only, indicator(index, nonZero + 1));
        Node[] args = new Node[elements.size() + 1];
        args[0] = index;
        for (int k = 0; k < elements.size(); k++) args[k + 1] = elements.get(k);
        return intern(Op.SELECT, args, 0, 0, null);
    }

    /**
     * One function written two ways, each exact where the other rounds: {@code belowZero} where x < 0, else
     * {@code fromZero}. Unlike {@link #ifElse}, x may depend on parameters, because the two agree in value and in every
     * derivative: the choice is of rounding, not of function (Student-t's 1 − x′ as ν/(2r(r + t)) or (r − t)/(2r)).
     */
    public Node sameFunction(Node x, Node belowZero, Node fromZero) {
        return select(add(one, apply(Op.STEP, x)), List.of(belowZero, fromZero));
    }

    /** 1 − p for a probability, as σ(−η) when p is σ(η), which keeps its digits where p is close to 1. */
    public Node complementOf(Node p) { return p.op == Op.LOGISTIC ? apply(Op.LOGISTIC, neg(p.arg(0))) : sub(one, p); }

    /** a where c ≠ 0, else b: c must be free of parameters; only the branch taken is computed. */
    public Node ifElse(Node c, Node a, Node b) { return select(sub(two, indicator(c, 0)), List.of(b, a)); }

    /** [x = k]: 1 where x equals k, else 0. */
    public Node indicator(Node x, int k) {
        if (x.isNumber()) return x.value == k ? one : zero;
        return intern(Op.INDICATOR, new Node[] {x}, 0, k, null);
    }

    // ---- functions ----------------------------------------------------------------------------

    public Node apply(Op op, Node a) {
        if (op.arity != 1 || op == Op.POLYGAMMA || op == Op.ROW_SUM || op == Op.INDICATOR) throw new IllegalArgumentException(op + " is not a plain function");
        if (a.isNumber()) return constant(Functions.apply(op, 0, a.value));
        if (op == Op.LOG && a.op == Op.EXP) return a.arg(0);
        // log σ(x) = −softplus(−x) and log(1 − σ(x)) = −softplus(x): the same numbers without rounding σ(x) to 1 first,
        // which would leave log 1 = 0 where the log-likelihood is −e⁻ˣ (and stall a fit of separated outcomes).
        if (op == Op.LOG && a.op == Op.LOGISTIC) return neg(apply(Op.SOFTPLUS, neg(a.arg(0))));
        if (op == Op.LOG1P && a.op == Op.NEG && a.arg(0).op == Op.LOGISTIC) return neg(apply(Op.SOFTPLUS, a.arg(0).arg(0)));
        // Φ(x) = ½·erfc(z) with z = −x/√2: log Φ(x) = log erfc(z) − log 2 and log(1 − Φ(x)) = log Φ(−x) = log erfc(−z) −
        // log 2, which stay finite and exact in the tails where Φ rounds to 0 or 1 (a probit model's likelihood).
        if (op == Op.LOG && a.op == Op.MUL && a.arg(0).isConst(0.5) && a.arg(1).op == Op.ERFC) {
            return sub(apply(Op.LOG_ERFC, a.arg(1).arg(0)), logTwo());
        }
        if (op == Op.LOG1P && a.op == Op.MUL && a.arg(0).isConst(-0.5) && a.arg(1).op == Op.ERFC) {
            return sub(apply(Op.LOG_ERFC, neg(a.arg(1).arg(0))), logTwo());
        }
        if (op == Op.EXP && a.op == Op.LOG) return make(Op.EXP, a);  // exp(log x) ≠ x for x ≤ 0: keep it
        if (op == Op.ABS && (a.op == Op.EXP || a.op == Op.ABS)) return a;
        if (op == Op.NEG) return neg(a);
        return make(op, a);
    }

    /** A binary function (atan2, log-sum-exp), folded when both arguments are numbers. */
    public Node binary(Op op, Node a, Node b) {
        if (op != Op.ATAN2 && op != Op.LOG_SUM_EXP && op != Op.LOG_GAMMA_P && op != Op.LOG_GAMMA_Q) {
            throw new IllegalArgumentException(op + " is not a binary function");
        }
        if (a.isNumber() && b.isNumber()) return constant(Functions.apply(op, a.value, b.value));
        return make(op, a, b);
    }

    /** Φ(x) = ½·erfc(−x/√2), the standard normal distribution function. */
    public Node normalCdf(Node x) { return mul(constant(0.5), apply(Op.ERFC, mul(constant(-Math.sqrt(0.5)), x))); }

    /** log Φ(x) = log erfc(−x/√2) − log 2, finite far into the lower tail where Φ(x) underflows. */
    public Node logNormalCdf(Node x) {
        return sub(apply(Op.LOG_ERFC, mul(constant(-Math.sqrt(0.5)), x)), logTwo());
    }

    /** log 2 as the printers name it; {@link IrPrinter} reads `log erfc(…) − log(2)` as log Φ by this name. */
    public Node logTwo() { return namedConstant(Math.log(2), "log(2)"); }

    public Node exp(Node a) { return apply(Op.EXP, a); }

    public Node log(Node a) { return apply(Op.LOG, a); }

    public Node polygamma(int order, Node a) {
        if (a.isNumber()) return constant(Functions.polygamma(order, a.value));
        return intern(Op.POLYGAMMA, new Node[] {a}, 0, order, null);
    }

    /** lgamma(a + d) − lgamma(a), exact where a is large next to d (see {@link Op#LGAMMA_DIFF}). */
    public Node lgammaDiff(Node a, Node d) { return special(Op.LGAMMA_DIFF, 0, a, d); }

    /** log I_x(a, b), the regularized incomplete beta function; y must be 1 − x, computed for its own digits. */
    public Node logBetaInc(Node a, Node bShape, Node x, Node y) { return special(Op.LOG_BETA_INC, 0, a, bShape, x, y); }

    /** One of the {@link Functions#isSpecial special functions}, folded when every argument is a number. */
    public Node special(Op op, int index, Node... args) {
        if (!Functions.isSpecial(op) || args.length != op.arity) throw new IllegalArgumentException(op + " is not a special function");
        if (Arrays.stream(args).allMatch(Node::isNumber)) {
            return constant(Functions.special(op, index, Arrays.stream(args).mapToDouble(n -> n.value).toArray()));
        }
        return intern(op, args, 0, index, null);
    }

    // ---- the row sum --------------------------------------------------------------------------

    /** Σ over data rows of {@code body}, with its row-invariant parts taken out of the sum. */
    public Node rowSum(Node body) {
        if (body.containsRowSum) throw new IllegalArgumentException("row sums do not nest");
        if (!body.rowVarying) return mul(rows, body);
        return switch (body.op) {
            case ADD -> add(rowSum(body.arg(0)), rowSum(body.arg(1)));
            case SUB -> sub(rowSum(body.arg(0)), rowSum(body.arg(1)));
            case NEG -> neg(rowSum(body.arg(0)));
            case MUL -> !body.arg(0).rowVarying ? mul(body.arg(0), rowSum(body.arg(1)))
                    : !body.arg(1).rowVarying ? mul(body.arg(1), rowSum(body.arg(0)))
                    : hasInvariantFactor(body.arg(1)) ? rowSumTakingOutFactor(body.arg(0), body.arg(1))
                    : hasInvariantFactor(body.arg(0)) ? rowSumTakingOutFactor(body.arg(1), body.arg(0))
                    : make(Op.ROW_SUM, body);
            case DIV -> !body.arg(1).rowVarying ? div(rowSum(body.arg(0)), body.arg(1)) : make(Op.ROW_SUM, body);
            default -> make(Op.ROW_SUM, body);
        };
    }

    private static boolean hasInvariantFactor(Node n) {
        return n.op == Op.MUL && (!n.arg(0).rowVarying || !n.arg(1).rowVarying);
    }

    /** Σ v·(c·w) = c·Σ v·w for a row-invariant c: one multiplication a row fewer (a gradient's a·Σ r·eᵇˣ·x). */
    private Node rowSumTakingOutFactor(Node v, Node product) {
        boolean first = !product.arg(0).rowVarying;
        Node c = first ? product.arg(0) : product.arg(1), w = first ? product.arg(1) : product.arg(0);
        return mul(c, rowSum(mul(v, w)));
    }

    /** Rebuilds a node through this builder with the given leaves replaced: used to change variables. */
    public Node substitute(Node node, java.util.function.Function<Node, Node> leaves) {
        return new Substitution(this, leaves).apply(node);
    }

    // ---- interning ----------------------------------------------------------------------------

    Node make(Op op, Node... args) {
        if (op.arity < 0 || op.arity != args.length) throw new IllegalArgumentException(op + " takes " + op.arity + " arguments");
        return intern(op, args, 0, 0, null);
    }

    /** Rebuilds a node of any op from new arguments, simplifying as the smart constructors do. */
    public Node rebuild(Node original, Node[] args) {
        return switch (original.op) {
            case CONST, PARAM, DATA, ROWS -> original;
            case ADD -> add(args[0], args[1]);
            case SUB -> sub(args[0], args[1]);
            case MUL -> mul(args[0], args[1]);
            case DIV -> div(args[0], args[1]);
            case POW -> pow(args[0], args[1]);
            case ATAN2, LOG_SUM_EXP, LOG_GAMMA_P, LOG_GAMMA_Q -> binary(original.op, args[0], args[1]);
            case NEG -> neg(args[0]);
            case POLYGAMMA -> polygamma(original.index, args[0]);
            case LOG_GAMMA_P_SHAPE, LOG_GAMMA_Q_SHAPE, LOG_BETA_INC, LOG_BETA_INC_SHAPE, LGAMMA_DIFF -> special(original.op, original.index, args);
            case INDICATOR -> indicator(args[0], original.index);
            case SELECT -> select(args[0], Arrays.asList(args).subList(1, args.length));
            case ROW_SUM -> rowSum(args[0]);
            case DOT -> dot(Arrays.asList(args).subList(0, args.length / 2), Arrays.asList(args).subList(args.length / 2, args.length));
            default -> apply(original.op, args[0]);
        };
    }

    /** A node exactly as given, not simplified: for {@link RowProgram}, which rebuilds nodes made elsewhere. */
    Node copy(Op op, Node[] args, double value, int index, String symbol) { return intern(op, args, value, index, symbol); }

    private Node intern(Op op, Node[] args, double value, int index, String symbol) {
        int[] ids = new int[args.length];
        for (int i = 0; i < ids.length; i++) ids[i] = args[i].id;
        Key key = new Key(op, ids, Double.doubleToLongBits(value), index, symbol);
        Node existing = interned.get(key);
        if (existing != null) return existing;
        if (nextId >= nodeLimit) throw new TooLarge(nodeLimit);
        Node node = new Node(op, args, value, index, symbol, nextId++);
        interned.put(key, node);
        return node;
    }

    // ---- products as monomials ------------------------------------------------------------------

    /** A factor base^power of a product. */
    private record Factor(Node base, int power) {}

    /**
     * a·b (bPower 1) or a/b (bPower −1) rewritten as c·Πbᵏ/Πbᵐ when that merges something: two powers of one base (σ·σ⁻² = σ⁻¹)
     * or two numbers. This is what turns a derivative's 4·(S/(2·σ²))·σ/(2·σ²) into S/σ³. Only whole powers are merged,
     * where xᵃ·xᵇ = xᵃ⁺ᵇ holds for every x; null when nothing merges, and the product is kept as built.
     */
    private Node merged(Node a, Node b, int bPower) {
        java.util.LinkedHashMap<Node, Integer> powers = new java.util.LinkedHashMap<>();
        double[] coefficient = {1};
        int[] counts = new int[2];   // factors seen, numbers seen
        flatten(a, 1, powers, coefficient, counts);
        flatten(b, bPower, powers, coefficient, counts);
        if (counts[0] - counts[1] == powers.size() && counts[1] < 2) return null;
        if (!Double.isFinite(coefficient[0]) || coefficient[0] == 0) return null;
        Node numerator = null, denominator = null;
        for (Map.Entry<Node, Integer> e : powers.entrySet()) {
            int k = e.getValue();
            if (k == 0) continue;
            Node factor = Math.abs(k) == 1 ? e.getKey() : make(Op.POW, e.getKey(), constant(Math.abs(k)));
            if (k > 0) numerator = numerator == null ? factor : make(Op.MUL, numerator, factor);
            else denominator = denominator == null ? factor : make(Op.MUL, denominator, factor);
        }
        double c = coefficient[0];
        Node body = numerator == null ? (denominator == null ? null : one) : numerator;
        if (body == null) return constant(c);
        if (denominator != null) body = make(Op.DIV, body, denominator);
        if (c == 1) return body;
        if (c == -1) return make(Op.NEG, body);
        return c < 0 ? make(Op.NEG, make(Op.MUL, constant(-c), body)) : make(Op.MUL, constant(c), body);
    }

    /** Collects n^power into base powers and the numeric coefficient; anything but ·, /, −, whole powers is a base. */
    private static void flatten(Node n, int power, Map<Node, Integer> powers, double[] coefficient, int[] counts) {
        switch (n.op) {
            case MUL -> {
                flatten(n.arg(0), power, powers, coefficient, counts);
                flatten(n.arg(1), power, powers, coefficient, counts);
                return;
            }
            case DIV -> {
                flatten(n.arg(0), power, powers, coefficient, counts);
                flatten(n.arg(1), -power, powers, coefficient, counts);
                return;
            }
            case NEG -> {
                coefficient[0] = -coefficient[0];
                flatten(n.arg(0), power, powers, coefficient, counts);
                return;
            }
            case POW -> {
                Node e = n.arg(1);
                if (e.isNumber() && e.value == Math.rint(e.value) && Math.abs(e.value) <= 64) {
                    flatten(n.arg(0), power * (int) e.value, powers, coefficient, counts);
                    return;
                }
            }
            default -> { }
        }
        counts[0]++;
        if (n.isNumber()) {
            counts[1]++;
            coefficient[0] *= Math.pow(n.value, power);
            return;
        }
        powers.merge(n, power, Integer::sum);
    }

    /** The numeric coefficient of a term c·x (1 for a bare non-numeric x, 0 for a number). */
    private static double coefficient(Node n) {
        if (n.isNumber()) return 0;
        return n.op == Op.MUL && n.arg(0).isNumber() ? n.arg(0).value : 1;
    }

    private static Node base(Node n) { return n.op == Op.MUL && n.arg(0).isNumber() ? n.arg(1) : n; }

    private static boolean isInteger(double v) { return v == Math.rint(v) && !Double.isInfinite(v); }
}
