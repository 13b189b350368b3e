package mle.compiler.ir;

import java.util.List;

/**
 * A probability distribution, defined once: its signature, the support of its variate, its log-density
 * with every constant, and the loss it corresponds to where it is a location-scale family.
 * Derivatives need no code here: they are derived from the log-density on the IR.
 * The distributions themselves are in {@code mle.compiler.dist}; what they promise is here, beside the IR it is written
 * in, because an objective's terms ({@link Objective.Likelihood}, {@link Objective.Prior}) hold one.
 */
public interface Distribution {
    /** As written in models, e.g. "Normal". */
    String name();

    List<DistributionParameter> parameters();

    /** The index of the argument with this role ("location", "scale", …), or −1 when the distribution has none. */
    default int argumentWithRole(String role) {
        List<DistributionParameter> parameters = parameters();
        for (int p = 0; p < parameters.size(); p++) if (parameters.get(p).role().equals(role)) return p;
        return -1;
    }

    /** Where the variate lies. */
    Support support();

    /**
     * log p(x | args) as a list of terms whose sum is the log-density, constants included (e.g. for
     * Normal: −log σ, −½·log(2π), −½·((x − μ)/σ)²). Keeping terms apart lets the derivation printer say
     * which of them are constant in which parameters. The arguments are in {@link #parameters()} order.
     */
    List<Node> logDensity(IrBuilder b, Node x, List<Node> args);

    /**
     * log P(X ≤ x), every constant included, or null when the distribution has none here (censoring from the left,
     * truncation from above, `_lcdf`). Written to stay exact in the tail where the probability rounds to 0.
     */
    default Node logCdf(IrBuilder b, Node x, List<Node> args) { return null; }

    /** log P(X > x), or null: censoring from the right (survival), truncation from below, `_lccdf`. */
    default Node logCcdf(IrBuilder b, Node x, List<Node> args) { return null; }

    /** The mean (for Cauchy, which has none, the location): what a fit's predictions give as the fitted value. */
    Node mean(IrBuilder b, List<Node> args);

    /** The variance, or null where there is none (Cauchy): the denominator² of the Pearson residual. */
    default Node variance(IrBuilder b, List<Node> args) { return null; }

    /**
     * Bounds of the support set by the arguments, {lower, upper} (either may be null): Binomial's x ≤ N,
     * Uniform's α < x < β. Null when the support does not depend on the arguments. For integer supports a
     * bound is attained (x = N is fine); for continuous ones it is not.
     */
    default Node[] supportBounds(List<Node> args) { return null; }

    /**
     * The {@link #supportBounds} that data can be checked against before a fit, {lower, upper}: each null where there
     * is none or where it moves with a parameter.
     */
    default Node[] fixedSupportBounds(List<Node> args) {
        Node[] bounds = supportBounds(args);
        Node lower = bounds == null || bounds[0] == null || !bounds[0].isParameterFree() ? null : bounds[0];
        Node upper = bounds == null || bounds[1] == null || !bounds[1].isParameterFree() ? null : bounds[1];
        return new Node[] {lower, upper};
    }

    /**
     * For a location-scale family whose negative log-density is a loss of the residual (x − location)/scale
     * plus terms in the scale alone: which loss. Null for other distributions.
     */
    default ResidualLoss loss() { return null; }

    /** The residual loss of a location-scale family: squared (Gaussian) or absolute (Laplace). */
    record ResidualLoss(Kind kind, int locationArgument, int scaleArgument) {
        public enum Kind { SQUARED, ABSOLUTE }
    }
}
