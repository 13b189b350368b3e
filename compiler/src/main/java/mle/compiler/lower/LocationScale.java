package mle.compiler.lower;

import java.util.BitSet;
import java.util.Optional;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;

/**
 * A model whose likelihood is one location-scale statement (Normal, Laplace) with a scale that varies neither by
 * row nor with the location's parameters: then, for any scale, the location's parameters minimise the sum of the
 * residuals' loss (squared or absolute), and the scale follows from that sum. The common ground of least squares
 * and least absolute deviations.
 *
 * @param likelihood the statement
 * @param loss       which loss, and which arguments are the location and the scale
 * @param location   the parameters of the location
 * @param scale      the scale (the same node for every element of a vector statement)
 */
public record LocationScale(Objective.Likelihood likelihood, Distribution.ResidualLoss loss, BitSet location, Node scale) {

    public static Optional<LocationScale> of(Objective o) {
        if (o.likelihoods().size() != 1 || o.hasFreeTerms()) return Optional.empty();
        Objective.Likelihood like = o.likelihoods().getFirst();
        Distribution.ResidualLoss loss = like.distribution().loss();
        if (loss == null) return Optional.empty();
        int elements = like.targets().size();
        BitSet location = new BitSet();
        for (int e = 0; e < elements; e++) location.or(like.argument(loss.locationArgument(), e).parameters());
        Node scale = like.argument(loss.scaleArgument(), 0);
        for (int e = 0; e < elements; e++) {
            Node s = like.argument(loss.scaleArgument(), e);
            if (s != scale || s.rowVarying || s.parameters().intersects(location)) return Optional.empty();
        }
        return Optional.of(new LocationScale(like, loss, location, scale));
    }

    /** The location of element e of the statement. */
    public Node location(int e) { return likelihood.argument(loss.locationArgument(), e); }

    public int elements() { return likelihood.targets().size(); }
}
