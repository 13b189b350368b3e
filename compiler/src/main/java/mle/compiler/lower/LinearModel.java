package mle.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * A location-scale likelihood whose location is linear in its parameters: y = offset + Xβ + noise, with Gaussian
 * noise (ordinary least squares; with Laplace and Gaussian priors on the coefficients in MAP mode, the lasso, ridge
 * or elastic net) or Laplace noise (least absolute deviations, median regression). Recognised on
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
 * @param penalties      the priors on the coefficients, as penalties (MAP mode; none in MLE mode)
 */
public record LinearModel(Distribution.ResidualLoss.Kind loss, int[] location, List<Node> targets, List<Node> offsets,
                          List<Node[]> columns, int scaleParameter, Node knownScale, Penalties penalties) {

    /**
     * Laplace and Gaussian priors with constant arguments on the coefficients, by coefficient j (in the order of
     * {@code location}): Σ w_j·|β_j − c_j| + Σ ½·q_j·(β_j − m_j)². A lasso, a ridge, or both (an elastic net).
     *
     * @param l1Weight    w_j = 1/b_j of a Laplace(c_j, b_j) prior, 0 where there is none
     * @param l1Center    c_j
     * @param l2Precision q_j = Σ 1/τ² of the Normal(m, τ) priors on β_j, 0 where there are none
     * @param l2Center    m_j, the precision-weighted mean of their locations
     */
    public record Penalties(double[] l1Weight, double[] l1Center, double[] l2Precision, double[] l2Center) {
        public boolean any() {
            for (int j = 0; j < l1Weight.length; j++) if (l1Weight[j] != 0 || l2Precision[j] != 0) return true;
            return false;
        }

        public boolean lasso() {
            for (double w : l1Weight) if (w != 0) return true;
            return false;
        }

        /**
         * The scale b shared by every Laplace prior when the penalties are a plain lasso (all centred at 0, one b, no
         * Gaussian prior on those coefficients), as glmnet and scikit-learn take it; NaN otherwise.
         */
        public double commonLassoScale() {
            double w = 0;
            for (int j = 0; j < l1Weight.length; j++) {
                if (l1Weight[j] == 0) continue;
                if (l1Center[j] != 0 || l2Precision[j] != 0 || (w != 0 && l1Weight[j] != w)) return Double.NaN;
                w = l1Weight[j];
            }
            return w == 0 ? Double.NaN : 1 / w;
        }
    }

    /**
     * The linear structure of the mode's objective, when it is exactly ordinary least squares or least absolute
     * deviations: that likelihood alone (MLE, or MAP without priors).
     */
    public static Optional<LinearModel> of(Objective o, Objective.Mode mode) {
        // With random effects the likelihood is of θ and u, and u is integrated out: none of these structures holds.
        if (o.hasRandomEffects()) return Optional.empty();
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
        // A grouping with many levels is eliminated by its own solver, never a column per level here.
        if (GroupedLinearModel.of(o, mode).isPresent()) return Optional.empty();
        List<Node> means = new ArrayList<>();
        for (int e = 0; e < elements; e++) means.add(ls.location(e));
        Optional<LinearPredictor> linear = LinearPredictor.of(o, means, location);
        if (linear.isEmpty()) return Optional.empty();
        Penalties penalties = mode == Objective.Mode.MAP ? penalties(o, location) : none(location.length);
        if (penalties == null || (penalties.any() && ls.loss().kind() != Distribution.ResidualLoss.Kind.SQUARED)) {
            return Optional.empty();
        }
        return Optional.of(new LinearModel(ls.loss().kind(), location, like.targets(), linear.get().offsets(),
                linear.get().columns(), scale.op == Op.PARAM ? scale.index : -1, scale.isParameterFree() ? scale : null, penalties));
    }

    static Penalties none(int p) {
        return new Penalties(new double[p], new double[p], new double[p], new double[p]);
    }

    /**
     * The priors as penalties on the coefficients, or null when a prior is anything else: on the scale, with a
     * parameter for an argument, of another family, or two Laplace priors on one coefficient.
     */
    static Penalties penalties(Objective o, int[] location) {
        Penalties out = none(location.length);
        double[] weightedCenter = new double[location.length];
        for (Objective.Prior prior : o.priors()) {
            String family = prior.distribution().name();
            if (!family.equals("Laplace") && !family.equals("Normal")) return null;
            for (int e = 0; e < prior.targets().size(); e++) {
                Node target = prior.targets().get(e);
                int j = target.op == Op.PARAM ? indexOf(location, target.index) : -1;
                if (j < 0) return null;
                double center = constant(o, prior.argument(0, e)), spread = constant(o, prior.argument(1, e));
                if (!Double.isFinite(center) || !(spread > 0)) return null;
                if (family.equals("Laplace")) {
                    if (out.l1Weight()[j] != 0) return null;
                    out.l1Weight()[j] = 1 / spread;
                    out.l1Center()[j] = center;
                } else {
                    double q = 1 / (spread * spread);
                    out.l2Precision()[j] += q;
                    weightedCenter[j] += q * center;
                }
            }
        }
        for (int j = 0; j < location.length; j++) {
            if (out.l2Precision()[j] > 0) out.l2Center()[j] = weightedCenter[j] / out.l2Precision()[j];
        }
        return out;
    }

    /** The value of a node free of parameters and data, or NaN. */
    private static double constant(Objective o, Node n) {
        if (!n.isParameterFree() || n.rowVarying || n.containsRowSum) return Double.NaN;
        return new mle.compiler.ir.Evaluator(new mle.compiler.ir.Schedule(List.of(n)))
                .evaluate(new double[o.params().size()], new double[o.columns().size()][0], 0)[0];
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) if (values[i] == v) return i;
        return -1;
    }

    /** The number of residuals in one row (the elements of a vector statement). */
    public int residualsPerRow() { return targets.size(); }
}
