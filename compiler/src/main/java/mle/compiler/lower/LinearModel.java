package mle.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mle.compiler.dist.Distribution;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * A location-scale likelihood whose location is linear in its parameters: y = offset + Xβ + noise, with Gaussian
 * noise (ordinary least squares) or Laplace noise (least absolute deviations, median regression). Recognised on
 * the IR: one such likelihood statement, every derivative of the location by a location parameter free of
 * parameters (that is what linear means), the location parameters unconstrained, and the scale a parameter of its
 * own or a known constant. It gives the design's columns and the offset as per-row expressions of the data, so that
 * a solver can build the design matrix and solve it directly.
 *
 * @param loss           squared (Gaussian) or absolute (Laplace) residuals
 * @param location       the location parameters, the columns of X in order
 * @param targets        y, one node per element of the likelihood's vector (one for a scalar statement)
 * @param offsets        the location at β = 0, per element
 * @param columns        columns[e][j] = ∂μₑ/∂β_{location[j]}, per element
 * @param scaleParameter the index of the scale when it is a bare parameter (σ̂² = RSS/m, b̂ = SAE/m), else −1
 * @param knownScale     the scale when it is free of parameters (a constant), else null
 */
public record LinearModel(Distribution.Loss.Kind loss, int[] location, List<Node> targets, List<Node> offsets,
                          List<Node[]> columns, int scaleParameter, Node knownScale) {

    /**
     * The linear structure of the mode's objective, when it is exactly ordinary least squares or least absolute
     * deviations: that likelihood alone (MLE, or MAP without priors).
     */
    public static Optional<LinearModel> of(Objective o, Objective.Mode mode) {
        if (mode == Objective.Mode.MAP && o.hasPriors()) return Optional.empty();
        Optional<LocationScale> found = LocationScale.of(o);
        if (found.isEmpty()) return Optional.empty();
        LocationScale ls = found.get();
        Objective.Likelihood like = ls.likelihood();
        int elements = ls.elements();
        Node scale = ls.scale();
        int[] location = ls.location().stream().toArray();
        if (location.length == 0) return Optional.empty();   // nothing to solve for but the scale
        for (int j : location) {
            if (o.params().get(j).isConstrained()) return Optional.empty();
        }
        if (!(scale.op == Op.PARAM || scale.isParameterFree())) return Optional.empty();
        // Every parameter is a coefficient or the scale: one that the likelihood does not use has no estimate here.
        if (location.length + (scale.op == Op.PARAM ? 1 : 0) != o.params().size()) return Optional.empty();
        IrBuilder b = o.builder();
        List<Node> offsets = new ArrayList<>();
        List<Node[]> columns = new ArrayList<>();
        synchronized (b) {
            Differentiator d = new Differentiator(b);
            for (int e = 0; e < elements; e++) {
                Node mu = ls.location(e);
                Node[] column = new Node[location.length];
                for (int j = 0; j < location.length; j++) {
                    column[j] = d.derivative(mu, location[j]);
                    if (!column[j].isParameterFree()) return Optional.empty();
                }
                columns.add(column);
                offsets.add(b.substitute(mu, leaf -> leaf.op == Op.PARAM ? b.zero : null));
            }
        }
        return Optional.of(new LinearModel(ls.loss().kind(), location, like.targets(), List.copyOf(offsets),
                List.copyOf(columns), scale.op == Op.PARAM ? scale.index : -1, scale.isParameterFree() ? scale : null));
    }

    /** The number of residuals in one row (the elements of a vector statement). */
    public int residualsPerRow() { return targets.size(); }
}
