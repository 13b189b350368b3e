package mle.compiler.lower;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * Effects of groupings in a predictor: additive terms α[g] where g is a data column (each row's group) and α a vector
 * of unconstrained parameters used nowhere else in the objective. Each row touches only its own level's element, so
 * the design's columns for α are one-hot and its Hessian block is diagonal (one entry per level): a solver can
 * eliminate the levels (the within transformation for a Gaussian mean, a Schur complement for Newton's method) at a
 * cost linear in the rows and levels, where the dense design would have a column per level. Several groupings (two-way
 * effects) are several factors.
 *
 * <p>Recognised on the IR, where α[g] is SELECT(g, α₁, …, α_G): a SELECT whose index is a data column and whose
 * elements are distinct bare parameters, a term of the predictor's sum (not inside a product or a function), in a
 * scalar statement. What is left of the predictor is handed to {@link LinearPredictor} for the shared coefficients.
 *
 * @param factors the groupings, in the order found
 * @param rest    the predictor without its group terms (0 where nothing else is left)
 * @param shared  the predictor's other parameters, in index order
 */
public record GroupEffects(List<Factor> factors, Node rest, int[] shared) {

    /**
     * One grouping: the index column's node (its values are the levels 1..G) and the parameters of its levels in order,
     * parameters[k] the effect of level k + 1.
     */
    public record Factor(Node index, int[] parameters) {
        public int levels() { return parameters.length; }
    }

    /**
     * The group effects of a scalar predictor η of the objective's mode, or empty when it has none or one of its
     * vectors is used anywhere else in {@code objective} (a prior on it, another statement, the scale).
     */
    public static Optional<GroupEffects> of(Objective o, Node objective, Node eta) {
        List<Node> terms = new ArrayList<>();
        sumTerms(eta, terms);
        List<Factor> factors = new ArrayList<>();
        List<Node> others = new ArrayList<>();
        Set<Node> selects = new HashSet<>();
        BitSet grouped = new BitSet();
        for (Node t : terms) {
            int[] levels = t.op == Op.SELECT ? levelParameters(o, t) : null;
            if (levels == null) {
                others.add(t);
                continue;
            }
            for (int p : levels) {
                if (grouped.get(p)) return Optional.empty();   // one vector in two groupings: not separable this way
                grouped.set(p);
            }
            factors.add(new Factor(t.arg(0), levels));
            selects.add(t);
        }
        if (factors.isEmpty()) return Optional.empty();
        for (Node t : others) if (t.parameters().intersects(grouped)) return Optional.empty();
        if (usedOutside(objective, selects, grouped, new HashSet<>())) return Optional.empty();
        IrBuilder b = o.builder();
        Node rest;
        synchronized (b) {
            rest = b.zero;
            for (Node t : others) rest = b.add(rest, t);
        }
        return Optional.of(new GroupEffects(List.copyOf(factors), rest, rest.parameters().stream().toArray()));
    }

    /** Every parameter of the groupings, in index order. */
    public int[] groupParameters() {
        BitSet all = new BitSet();
        for (Factor f : factors) for (int p : f.parameters()) all.set(p);
        return all.stream().toArray();
    }

    /** The terms of a sum: a + b + (c − d)… as a, b, c, −d (the last through the builder's NEG only when needed). */
    private static void sumTerms(Node n, List<Node> into) {
        if (n.op == Op.ADD) {
            sumTerms(n.arg(0), into);
            sumTerms(n.arg(1), into);
        } else {
            into.add(n);
        }
    }

    /** The parameters of SELECT(g, α₁, …, α_G) when g is a data column and the α distinct unconstrained parameters. */
    private static int[] levelParameters(Objective o, Node select) {
        if (select.arg(0).op != Op.DATA || select.arity() < 3) return null;
        int[] levels = new int[select.arity() - 1];
        BitSet seen = new BitSet();
        for (int k = 1; k < select.arity(); k++) {
            Node e = select.arg(k);
            if (e.op != Op.PARAM || seen.get(e.index) || o.params().get(e.index).isConstrained()) return null;
            seen.set(e.index);
            levels[k - 1] = e.index;
        }
        return levels;
    }

    /** Whether a grouped parameter is reached from {@code n} other than through one of the group terms. */
    private static boolean usedOutside(Node n, Set<Node> selects, BitSet grouped, Set<Node> visited) {
        if (selects.contains(n) || !n.parameters().intersects(grouped) || !visited.add(n)) return false;
        if (n.op == Op.PARAM) return true;
        for (int i = 0; i < n.arity(); i++) if (usedOutside(n.arg(i), selects, grouped, visited)) return true;
        return false;
    }
}
