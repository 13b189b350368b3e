package mle.compiler.lower;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * The structure the Laplace approximation needs, read from the IR of a model with random effects: what one row of
 * the likelihood is as a function of θ and of the few random effects it touches, and what the random effects' density
 * is element by element.
 *
 * <p>A row touches the random effects through lookups u[gᵢ], SELECT(gᵢ, u₁, …, u_K) in the IR, and through random
 * effects named directly (u[1]). Each such place is a <em>slot</em>: a variable of its own in the row's expression
 * ({@code slotParam}), which is u at the row's level. The Hessian in u is then a sum of each row's small Hessian in
 * its slots, scattered to the levels the row picks: sparse, known before any data is read (TMB finds the same pattern
 * by taping; here the compiler sees it).
 *
 * <p>The inner variables are the random effects, and under REML ({@code innerParams}) also the location parameters
 * that are integrated out with them; the outer ones are the rest of θ, which the fit estimates.
 *
 * @param objective     the model's IR
 * @param rowBody       the likelihood of one row (every likelihood term before its sum over rows), slots in place of
 *                      the lookups of random effects
 * @param slots         the slots, slot j the variable {@code variables() + j}
 * @param densities     the random effects' density, element by element, grouped by the expression they share
 * @param thetaOnly     the terms of the objective that depend on no random effect: the priors in MAP mode, and the parts
 *                      of the random effects' density that are of θ alone (n·log τ)
 * @param innerParams   θ's indices integrated out with u (REML's location parameters), in index order; empty for ML
 * @param outerParams   θ's indices the fit estimates, in index order
 */
public record RandomEffects(Objective objective, Node rowBody, List<Slot> slots, List<Density> densities, Node thetaOnly,
                            int[] innerParams, int[] outerParams) {

    /**
     * One place a row reads a random effect: u[gᵢ] ({@code index} the data node gᵢ, {@code variables} the IR variables
     * of the levels 1..K), or u[3] named directly ({@code index} null, one variable).
     */
    public record Slot(Node index, int[] variables) {}

    /**
     * Elements of the random effects' density that share one expression in slots: {@code body} is the element with its
     * random effects replaced by the slots 0, 1, …, and each entry of {@code elements} the IR variables of one element,
     * in slot order.
     */
    public record Density(Node body, int slots, List<int[]> elements) {}

    /** Why a model's random effects cannot be integrated out by this structure. */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String message) { super(message, null, false, false); }
    }

    /** The slot variable j: a parameter index past every variable of the IR. */
    public int slotParam(int j) { return objective.variableCount() + j; }

    /** The data column that holds slot j's value on each row (filled by the caller), past the model's columns. */
    public int slotColumn(int j) { return objective.columns().size() + j; }

    /**
     * @param mode      MLE, or MAP (priors on θ added to the objective)
     * @param remlParams the parameters integrated out with u (REML), by index; none for maximum likelihood
     * @throws Unsupported when a random effect is read other than as u[g] or by name
     */
    public static RandomEffects of(Objective o, Objective.Mode mode, List<Integer> remlParams) {
        IrBuilder b = o.builder();
        synchronized (b) {
            int k = o.params().size(), variables = o.variableCount();
            BitSet random = new BitSet();
            random.set(k, variables);
            List<Slot> slots = new ArrayList<>();
            Map<Node, Node> slotOf = new HashMap<>();
            List<Node> bodies = new ArrayList<>();
            List<Node> thetaOnly = new ArrayList<>();
            for (Objective.Term t : o.terms()) {
                switch (t.kind()) {
                    case LIKELIHOOD -> bodies.add(perRow(b, t.value(), new HashMap<>()));
                    case PRIOR -> { if (mode == Objective.Mode.MAP) thetaOnly.add(t.value()); }
                    case RANDOM -> { }
                }
            }
            Node rowBody = withSlots(b, b.sum(bodies), random, slots, slotOf, variables, new HashMap<>());
            Map<Node, Density> densities = new LinkedHashMap<>();
            for (Objective.Term t : o.terms()) {
                if (t.kind() != Objective.Kind.RANDOM) continue;
                for (Node element : t.elements().isEmpty() ? List.of(t.value()) : t.elements()) {
                    BitSet on = element.parameters();
                    on.and(random);
                    if (on.isEmpty()) {
                        thetaOnly.add(element);
                        continue;
                    }
                    int[] elementVariables = on.stream().toArray();
                    Map<Integer, Node> local = new HashMap<>();
                    for (int j = 0; j < elementVariables.length; j++) local.put(elementVariables[j], b.param(variables + j));
                    Node body = b.substitute(element, n -> n.op == Op.PARAM ? local.get(n.index) : null);
                    if (containsSelect(body, new java.util.HashSet<>())) {
                        throw new Unsupported("the random effects' density picks one of them by data; give it for the whole vector, as `u ~ Normal(0, τ)`");
                    }
                    densities.computeIfAbsent(body, x -> new Density(x, elementVariables.length, new ArrayList<>()))
                            .elements().add(elementVariables);
                }
            }
            int[] inner = remlParams.stream().mapToInt(Integer::intValue).sorted().toArray();
            BitSet outer = new BitSet();
            outer.set(0, k);
            for (int p : inner) outer.clear(p);
            Node prior = b.sum(thetaOnly);
            return new RandomEffects(o, rowBody, List.copyOf(slots),
                    densities.values().stream().map(d -> new Density(d.body(), d.slots(), List.copyOf(d.elements()))).toList(),
                    prior, inner, outer.stream().toArray());
        }
    }

    /** The variables of a row's local expression: its slots, then the inner parameters (REML's locations). */
    public int[] rowLocals() {
        int[] locals = new int[slots.size() + innerParams.length];
        for (int j = 0; j < slots.size(); j++) locals[j] = slotParam(j);
        System.arraycopy(innerParams, 0, locals, slots.size(), innerParams.length);
        return locals;
    }

    /** The variables of a density element's local expression: its slots. */
    public int[] densityLocals(Density d) {
        int[] locals = new int[d.slots()];
        for (int j = 0; j < locals.length; j++) locals[j] = slotParam(j);
        return locals;
    }

    /**
     * Whether the joint objective is quadratic in the inner variables: every third derivative of the row's and the
     * densities' expressions in their local variables is identically 0. Then the Laplace approximation is exact (a
     * linear mixed model).
     */
    public boolean isQuadratic() {
        synchronized (objective.builder()) {
            Differentiator d = new Differentiator(objective.builder());
            if (!thirdDerivativesVanish(d, rowBody, rowLocals())) return false;
            for (Density density : densities) if (!thirdDerivativesVanish(d, density.body(), densityLocals(density))) return false;
            return true;
        }
    }

    private static boolean thirdDerivativesVanish(Differentiator d, Node body, int[] locals) {
        for (int a = 0; a < locals.length; a++) {
            Node da = d.derivative(body, locals[a]);
            for (int c = a; c < locals.length; c++) {
                Node dac = d.derivative(da, locals[c]);
                for (int e = c; e < locals.length; e++) if (!d.derivative(dac, locals[e]).isConst(0)) return false;
            }
        }
        return true;
    }

    /** A likelihood term's value on one row: each Σᵢ replaced by its summand and n by 1 (the term is a sum over rows). */
    private static Node perRow(IrBuilder b, Node n, Map<Node, Node> done) {
        Node cached = done.get(n);
        if (cached != null) return cached;
        Node result;
        if (n.op == Op.ROW_SUM) result = n.arg(0);
        else if (n.op == Op.ROWS) result = b.one;
        else if (n.op.isLeaf()) result = n;
        else {
            Node[] args = new Node[n.arity()];
            for (int i = 0; i < args.length; i++) args[i] = perRow(b, n.arg(i), done);
            result = b.rebuild(n, args);
        }
        done.put(n, result);
        return result;
    }

    /** {@code n} with each lookup of random effects, and each random effect named directly, replaced by its slot. */
    private static Node withSlots(IrBuilder b, Node n, BitSet random, List<Slot> slots, Map<Node, Node> slotOf, int base,
                                  Map<Node, Node> done) {
        if (!n.parameters().intersects(random)) return n;
        Node cached = done.get(n);
        if (cached != null) return cached;
        Node result;
        if (n.op == Op.PARAM || n.op == Op.SELECT && elementsIntersect(n, random)) {
            result = slotOf.get(n);
            if (result == null) {
                slots.add(slot(n, random));
                result = b.param(base + slots.size() - 1);
                slotOf.put(n, result);
            }
        } else {
            Node[] args = new Node[n.arity()];
            for (int i = 0; i < args.length; i++) args[i] = withSlots(b, n.arg(i), random, slots, slotOf, base, done);
            result = b.rebuild(n, args);
        }
        done.put(n, result);
        return result;
    }

    private static boolean elementsIntersect(Node select, BitSet random) {
        for (int k = 1; k < select.arity(); k++) if (select.arg(k).parameters().intersects(random)) return true;
        return false;
    }

    private static Slot slot(Node n, BitSet random) {
        if (n.op == Op.PARAM) return new Slot(null, new int[] {n.index});
        if (!n.arg(0).isParameterFree()) {
            throw new Unsupported("a random effect is picked by an index that depends on parameters; index it by data, as u[g]");
        }
        int[] variables = new int[n.arity() - 1];
        for (int k = 1; k < n.arity(); k++) {
            Node e = n.arg(k);
            if (e.op != Op.PARAM || !random.get(e.index)) {
                throw new Unsupported("a lookup picks among expressions of random effects; pick the random effect itself, "
                        + "as u[g], and write the expression around it");
            }
            variables[k - 1] = e.index;
        }
        return new Slot(n.arg(0), variables);
    }

    /** Whether a SELECT is at or below {@code n}, each shared node visited once. */
    private static boolean containsSelect(Node n, java.util.Set<Node> visited) {
        if (n.op == Op.SELECT) return true;
        if (!visited.add(n)) return false;
        for (int i = 0; i < n.arity(); i++) if (containsSelect(n.arg(i), visited)) return true;
        return false;
    }
}
