package mle.compiler.lower;

import java.util.Optional;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * The loss a model's likelihood corresponds to (SPEC §1): Gaussian noise ⇒ the mean squared error,
 * Laplace noise ⇒ the mean absolute error, for a model with one such likelihood statement. The node is
 * the sum of the losses over rows and elements; divide by {@code perRow}·n for the mean.
 */
public record EquivalentLoss(String name, Node sum, int perRow) {

    public static Optional<EquivalentLoss> of(Objective o) {
        // With random effects the likelihood is of θ and u, and u is integrated out: none of these structures holds.
        if (o.hasRandomEffects()) return Optional.empty();
        if (o.likelihoods().size() != 1 || o.hasFreeTerms()) return Optional.empty();
        Objective.Likelihood like = o.likelihoods().getFirst();
        Distribution.ResidualLoss loss = like.distribution().loss();
        // With a scale read from the data the likelihood weights its rows: the plain MSE or MAE is not its loss.
        if (loss == null || like.arguments().get(loss.scaleArgument()).stream().anyMatch(n -> n.rowVarying)) return Optional.empty();
        return Optional.of(new EquivalentLoss(loss.kind() == Distribution.ResidualLoss.Kind.SQUARED ? "MSE" : "MAE",
                residualSum(o.builder(), like), like.targets().size()));
    }

    /**
     * Σᵢ of the squared (Gaussian) or absolute (Laplace) residuals of a location-scale likelihood, over
     * rows and vector elements: the RSS or the SAE.
     */
    public static Node residualSum(IrBuilder b, Objective.Likelihood like) {
        Distribution.ResidualLoss loss = like.distribution().loss();
        java.util.List<Node> losses = new java.util.ArrayList<>();
        for (int e = 0; e < like.targets().size(); e++) {
            Node residual = b.sub(like.targets().get(e), like.argument(loss.locationArgument(), e));
            losses.add(loss.kind() == Distribution.ResidualLoss.Kind.SQUARED ? b.square(residual) : b.apply(Op.ABS, residual));
        }
        return b.rowSum(b.sum(losses));
    }
}
