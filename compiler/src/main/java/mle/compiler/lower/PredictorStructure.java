package mle.compiler.lower;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * A likelihood that depends on its many coefficients β only through one linear predictor η = offset + Xβ (a Student-t
 * or Gamma regression, a negative binomial one): then the objective is f(η, φ) summed over rows, with φ the few other
 * parameters, and by the chain rule ∇_β f = Xᵀℓ′, ∇²_ββ f = Xᵀdiag(ℓ″)X, ∇²_βφ f = Xᵀ∂ℓ′/∂φ, where ℓ′ and ℓ″ are
 * the per-row derivatives in η. Those per-row expressions are small whatever the number of coefficients, so the IR
 * grows with the model's form, not with p², and the products with X are matrix operations.
 *
 * <p>Everything is in the optimiser's coordinates u (the coefficients are unconstrained, so for them u = θ). η is
 * read from an extra data column, index {@code etaColumn}, that the caller fills with offset + Xβ before evaluating,
 * and the column after it must hold ones.
 *
 * @param coefficients the parameters inside η, the columns of X in order
 * @param others       the other parameters φ
 * @param predictor    η's design (offset and columns)
 * @param etaColumn    the data column the nodes read η from
 * @param objective    f with η read from that column: free of the coefficients
 * @param slope        ℓ′ per row: ∂(the row's term)/∂η
 * @param curvature    ℓ″ per row
 * @param crossSlopes  ∂ℓ′/∂φⱼ per row, for each of the others
 * @param otherGradient ∂f/∂φⱼ (sums over rows)
 * @param otherHessian ∂²f/∂φⱼ∂φₖ (sums over rows)
 */
public record PredictorStructure(int[] coefficients, int[] others, LinearPredictor predictor, int etaColumn,
                                 Node objective, Node slope, Node curvature, Node[] crossSlopes, Node[] otherGradient,
                                 Node[][] otherHessian) {

    /** The structure of the mode's objective, or empty when β enters anywhere but through one linear predictor. */
    public static Optional<PredictorStructure> of(Objective o, Objective.Mode mode) {
        // With random effects the likelihood is of θ and u, and u is integrated out: none of these structures holds.
        if (o.hasRandomEffects()) return Optional.empty();
        if (o.likelihoods().size() != 1 || o.likelihoods().getFirst().targets().size() != 1) return Optional.empty();
        Objective.Likelihood like = o.likelihoods().getFirst();
        Node eta = null;
        BitSet coefficients = new BitSet();
        for (List<Node> argument : like.arguments()) {
            // The argument itself, or what a link such as exp(η) or logistic(η) is applied to.
            for (Node a = argument.getFirst(); a != null; a = a.args().size() == 1 ? a.arg(0) : null) {
                BitSet ps = a.parameters();
                if (ps.cardinality() <= coefficients.cardinality()) continue;
                int[] idx = ps.stream().toArray();
                boolean unconstrained = ps.stream().noneMatch(i -> o.params().get(i).isConstrained());
                if (unconstrained && LinearPredictor.of(o, List.of(a), idx).isPresent()) {
                    eta = a;
                    coefficients = ps;
                }
            }
        }
        if (eta == null || coefficients.cardinality() < 2) return Optional.empty();
        int[] beta = coefficients.stream().toArray();
        int k = o.params().size();
        BitSet rest = new BitSet();
        rest.set(0, k);
        rest.andNot(coefficients);
        int[] others = rest.stream().toArray();
        IrBuilder b = o.builder();
        int placeholder = k, column = o.columns().size();
        synchronized (b) {
            Node f = Unconstrained.rewrite(o, o.objective(mode));
            // η stands in as a new parameter times a column of ones: a parameter to differentiate by, that still varies
            // by row, so that the row sums keep their per-row terms.
            Node stand = b.mul(b.param(placeholder), b.data(column + 1));
            Node withParameter = replace(b, f, eta, stand, new HashMap<>());
            if (withParameter.parameters().intersects(coefficients)) return Optional.empty();
            Differentiator d = new Differentiator(b);
            Node slopeSum = d.derivative(withParameter, placeholder);
            Node curvatureSum = d.derivative(slopeSum, placeholder);
            Node slope = perRow(b, slopeSum), curvature = perRow(b, curvatureSum);
            if (slope == null || curvature == null) return Optional.empty();
            Node[] cross = new Node[others.length], gradient = new Node[others.length];
            Node[][] hessian = new Node[others.length][others.length];
            for (int j = 0; j < others.length; j++) {
                cross[j] = perRow(b, d.derivative(slopeSum, others[j]));
                if (cross[j] == null) return Optional.empty();
                gradient[j] = d.derivative(withParameter, others[j]);
            }
            for (int j = 0; j < others.length; j++) {
                for (int l = j; l < others.length; l++) hessian[j][l] = hessian[l][j] = d.derivative(gradient[j], others[l]);
            }
            java.util.function.Function<Node, Node> toColumn = leaf ->
                    leaf.op == Op.PARAM && leaf.index == placeholder ? b.data(column) : null;
            for (int j = 0; j < others.length; j++) {
                cross[j] = b.substitute(cross[j], toColumn);
                gradient[j] = b.substitute(gradient[j], toColumn);
                for (int l = 0; l < others.length; l++) hessian[j][l] = b.substitute(hessian[j][l], toColumn);
            }
            LinearPredictor predictor = LinearPredictor.of(o, List.of(eta), beta).orElseThrow();
            return Optional.of(new PredictorStructure(beta, others, predictor, column,
                    b.substitute(withParameter, toColumn), b.substitute(slope, toColumn),
                    b.substitute(curvature, toColumn), cross, gradient, hessian));
        }
    }

    /** The node with every occurrence of {@code target} replaced, rebuilt through the builder. */
    private static Node replace(IrBuilder b, Node n, Node target, Node replacement, Map<Node, Node> memo) {
        if (n == target) return replacement;
        if (n.args().isEmpty()) return n;
        Node done = memo.get(n);
        if (done != null) return done;
        Node[] args = new Node[n.args().size()];
        boolean changed = false;
        for (int i = 0; i < args.length; i++) {
            args[i] = replace(b, n.arg(i), target, replacement, memo);
            changed |= args[i] != n.arg(i);
        }
        Node out = changed ? b.rebuild(n, args) : n;
        memo.put(n, out);
        return out;
    }

    /**
     * The per-row summand of a node that is linear in its row sums (Σᵢ xᵢ → xᵢ, c·Σ → c·xᵢ, sums and differences of
     * such), as the derivative of the objective in η is; null when it is not of that form.
     */
    private static Node perRow(IrBuilder b, Node n) {
        if (!n.containsRowSum) return n.isConst(0) ? b.zero : null;
        return switch (n.op) {
            case ROW_SUM -> n.arg(0);
            case ADD, SUB -> {
                Node l = perRow(b, n.arg(0)), r = perRow(b, n.arg(1));
                yield l == null || r == null ? null : n.op == Op.ADD ? b.add(l, r) : b.sub(l, r);
            }
            case NEG -> {
                Node a = perRow(b, n.arg(0));
                yield a == null ? null : b.neg(a);
            }
            case MUL -> {
                Node l = n.arg(0), r = n.arg(1);
                if (!l.containsRowSum) {
                    Node pr = perRow(b, r);
                    yield pr == null ? null : b.mul(l, pr);
                }
                if (!r.containsRowSum) {
                    Node pl = perRow(b, l);
                    yield pl == null ? null : b.mul(pl, r);
                }
                yield null;
            }
            case DIV -> {
                if (n.arg(1).containsRowSum) yield null;
                Node pl = perRow(b, n.arg(0));
                yield pl == null ? null : b.div(pl, n.arg(1));
            }
            default -> null;
        };
    }

    /** The columns of the design as one list (one element: the likelihood is a scalar statement). */
    public List<Node> designColumns() { return new ArrayList<>(List.of(predictor.columns().getFirst())); }
}
