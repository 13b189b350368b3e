package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/**
 * BernoulliLogit(α), α = logit P(x = 1): log p = x·α − log(1 + e^α), which for x ∈ {0, 1} is −softplus((1 − 2x)·α),
 * the form used here: one term that is never a difference of large numbers. The textbook's two terms cancel when the
 * fit separates the outcomes (x·α and log(1 + e^α) both near 5,000 for a probability that rounds to 1), leaving only
 * rounding where the likelihood is nearly 1, and that noise hid separation from the checks of the optimum.
 */
final class BernoulliLogit implements Distribution {
    @Override public String name() { return "BernoulliLogit"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("α", "log-odds", Support.REAL));
    }

    @Override public Support support() { return Support.BINARY; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node alpha = args.get(0);
        return List.of(b.neg(b.apply(Op.SOFTPLUS, b.mul(b.sub(b.one, b.mul(b.two, x)), alpha))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.apply(Op.LOGISTIC, args.get(0)); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(b.apply(Op.LOGISTIC, args.get(0)), b.apply(Op.LOGISTIC, b.neg(args.get(0)))); }

    /** P(Y ≤ y) for y = 0 or 1: 1 − logistic(α), then 1; as −softplus(α), exact for large α. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.ifElse(x, b.zero, b.neg(b.apply(Op.SOFTPLUS, args.get(0))));
    }

    /** P(Y > y): logistic(α) at 0, none at 1. */
    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.ifElse(x, b.constant(Double.NEGATIVE_INFINITY), b.neg(b.apply(Op.SOFTPLUS, b.neg(args.get(0)))));
    }
}
