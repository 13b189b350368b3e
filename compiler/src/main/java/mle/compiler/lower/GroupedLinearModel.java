package mle.compiler.lower;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * A Gaussian linear model with the effects of one or two groupings: y = offset + Xβ + α[g] (+ γ[h]) + noise, where a
 * grouping has more levels than a design with a column per level should hold ({@link #DENSE_LEVELS}). The shared part
 * is a {@link LinearModel} of its own (β and the scale); the effects are {@link GroupEffects.Factor}s, which a solver
 * eliminates level by level.
 *
 * <p>Recognised where {@link LinearModel} would be, with these limits for now: one or two groupings on different
 * columns, a scalar statement, at least one shared coefficient, no priors in the mode's objective and no `report`
 * quantities (whose delta method needs the covariance, which is not formed here).
 */
public record GroupedLinearModel(LinearModel shared, List<GroupEffects.Factor> factors) {
    /** Levels up to which a grouping is a column per level of an ordinary design (exact, and cheap at that size). */
    public static final int DENSE_LEVELS = 200;

    public static Optional<GroupedLinearModel> of(Objective o, Objective.Mode mode) {
        // With random effects the likelihood is of θ and u, and u is integrated out: none of these structures holds.
        if (o.hasRandomEffects()) return Optional.empty();
        if (!o.derived().isEmpty() || (mode == Objective.Mode.MAP && o.hasPriors())) return Optional.empty();
        Optional<LocationScale> found = LocationScale.of(o);
        if (found.isEmpty() || found.get().elements() != 1) return Optional.empty();
        LocationScale ls = found.get();
        if (ls.loss().kind() != Distribution.ResidualLoss.Kind.SQUARED) return Optional.empty();
        Optional<GroupEffects> effects = GroupEffects.of(o, o.objective(mode), ls.location(0));
        if (effects.isEmpty() || !eliminated(effects.get().factors())) return Optional.empty();
        List<GroupEffects.Factor> factors = effects.get().factors();
        int[] shared = effects.get().shared();
        if (shared.length == 0) return Optional.empty();
        for (int j : shared) if (o.params().get(j).isConstrained()) return Optional.empty();
        Node scale = ls.scale();
        if (!(scale.op == Op.PARAM || scale.isParameterFree())) return Optional.empty();
        BitSet all = new BitSet();
        for (int j : shared) all.set(j);
        for (GroupEffects.Factor f : factors) for (int j : f.parameters()) all.set(j);
        if (scale.op == Op.PARAM) {
            if (all.get(scale.index)) return Optional.empty();
            all.set(scale.index);
        }
        if (all.cardinality() != o.params().size()) return Optional.empty();
        Optional<LinearPredictor> linear = LinearPredictor.of(o, List.of(effects.get().rest()), shared);
        if (linear.isEmpty()) return Optional.empty();
        LinearModel sharedModel = new LinearModel(Distribution.ResidualLoss.Kind.SQUARED, shared,
                ls.likelihood().targets(), linear.get().offsets(), linear.get().columns(),
                scale.op == Op.PARAM ? scale.index : -1, scale.isParameterFree() ? scale : null, LinearModel.none(shared.length));
        return Optional.of(new GroupedLinearModel(sharedModel, factors));
    }

    /**
     * Whether groupings are better eliminated than given a column per level: one or two, on different columns, one of
     * them with more than {@link #DENSE_LEVELS} levels.
     */
    static boolean eliminated(List<GroupEffects.Factor> factors) {
        if (factors.isEmpty() || factors.size() > 2) return false;
        if (factors.size() == 2 && factors.get(0).index().index == factors.get(1).index().index) return false;
        return factors.stream().anyMatch(f -> f.levels() > DENSE_LEVELS);
    }

    /** The levels of every grouping together. */
    public int levels() { return factors.stream().mapToInt(GroupEffects.Factor::levels).sum(); }
}
