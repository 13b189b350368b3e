package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/**
 * Binomial(N, θ), N trials of success probability θ: log p = lgamma(N + 1) − lgamma(x + 1) − lgamma(N − x + 1)
 * + x·log θ + (N − x)·log(1 − θ).
 */
final class Binomial implements Distribution {
    @Override public String name() { return "Binomial"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("N", "number of trials", Support.COUNT),
                new DistributionParameter("θ", "probability", Support.UNIT_INTERVAL));
    }

    @Override public Support support() { return Support.COUNT; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node trials = args.get(0), theta = args.get(1);
        return List.of(
                b.sub(b.apply(Op.LGAMMA, b.add(trials, b.one)),
                        b.add(b.apply(Op.LGAMMA, b.add(x, b.one)), b.apply(Op.LGAMMA, b.add(b.sub(trials, x), b.one)))),
                b.mul(x, b.log(theta)),
                b.mul(b.sub(trials, x), b.apply(Op.LOG1P, b.neg(theta))));
    }

    @Override public Node[] supportBounds(List<Node> args) { return new Node[] {null, args.get(0)}; }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.mul(args.get(0), args.get(1)); }

    /** P(X ≤ k) = I_{1−θ}(N − k, k + 1), which is 1 at k = N (a shape of 0). */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        Node trials = args.get(0), theta = args.get(1);
        return b.logBetaInc(b.sub(trials, x), b.add(x, b.one), b.complementOf(theta), theta);
    }

    /** P(X > k) = I_θ(k + 1, N − k). */
    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        Node trials = args.get(0), theta = args.get(1);
        return b.logBetaInc(b.add(x, b.one), b.sub(trials, x), theta, b.complementOf(theta));
    }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(b.mul(args.get(0), args.get(1)), b.sub(b.one, args.get(1))); }
}
