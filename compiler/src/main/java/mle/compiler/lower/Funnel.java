package mle.compiler.lower;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * A prior on estimated parameters whose scale is itself estimated and used by no likelihood: {@code m ~ Normal(0, τ)}
 * with {@code param m[8]} and {@code param τ > 0}. The joint density of m and τ then has no maximum. With every m at
 * the prior's centre (or, for a scale family, at a fixed multiple of τ) it grows without bound as τ → 0: Neal's funnel.
 * A mode found inside it is a local mode of that density, not an estimate of τ. What estimates τ is the marginal
 * likelihood, with m integrated out. A scale that a likelihood also uses ({@code b ~ Normal(0, σ)} beside
 * {@code y ~ Normal(…, σ)}) is held away from 0 by the data, so that prior is no funnel.
 *
 * @param statement the prior's statement, as written
 * @param line      its line
 * @param target    the name of the parameters it is a prior of
 * @param scales    the estimated parameters in its scale, by name
 */
public record Funnel(String statement, int line, String target, List<String> scales, int size) {

    /** The funnels of a model's posterior; empty when it has none. */
    public static List<Funnel> of(Objective o) {
        BitSet inLikelihoods = new BitSet();
        for (Objective.Term t : o.terms()) if (t.kind() == Objective.Kind.LIKELIHOOD) inLikelihoods.or(t.value().parameters());
        List<Funnel> out = new ArrayList<>();
        for (Objective.Prior prior : o.priors()) {
            int scale = prior.distribution().argumentWithRole("scale");
            if (scale < 0 || prior.targets().stream().anyMatch(t -> t.op != Op.PARAM)) continue;
            BitSet scaleParameters = new BitSet();
            for (Node a : prior.arguments().get(scale)) scaleParameters.or(a.parameters());
            if (scaleParameters.isEmpty() || scaleParameters.intersects(inLikelihoods)) continue;
            Set<String> names = new LinkedHashSet<>();
            for (int i = scaleParameters.nextSetBit(0); i >= 0; i = scaleParameters.nextSetBit(i + 1)) {
                names.add(o.params().get(i).name());
            }
            String target = o.params().get(prior.targets().getFirst().index).baseName();
            out.add(new Funnel(prior.statement(), prior.line(), target, List.copyOf(names), prior.targets().size()));
        }
        return List.copyOf(out);
    }

    /** What it means for a fit, in one paragraph. */
    public String sentence() {
        String s = String.join(", ", scales), estimated = scales.size() == 1 ? "an estimated scale " : "estimated scales ";
        return "the prior `" + statement + "` (line " + line + ") has " + estimated + s + " that no likelihood uses, so the "
                + "joint density of " + target + " and " + s + " has no maximum: with " + target + " at the prior's centre it "
                + "grows without bound as " + s + " → 0. The point found is a local mode of that density, not an estimate of "
                + s + ", and no standard error means anything here. To estimate " + s + ", declare `random " + target
                + (size > 1 ? "[" + size + "]" : "") + "` instead of `param`: the fit then integrates " + target + " out and maximises the marginal "
                + "likelihood of " + s + " (random effects); to keep " + target + " as parameters with that prior as a "
                + "fixed penalty, give " + s + " a value (declare it `const`).";
    }
}
