package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Bernoulli(θ), θ = P(x = 1): log p = x·log θ + (1 − x)·log(1 − θ). */
final class Bernoulli implements Distribution {
    @Override public String name() { return "Bernoulli"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("θ", "probability", Support.UNIT_INTERVAL));
    }

    @Override public Support support() { return Support.BINARY; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node theta = args.get(0);
        return List.of(
                b.mul(x, b.log(theta)),
                b.mul(b.sub(b.one, x), b.apply(Op.LOG1P, b.neg(theta))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(args.get(0), b.sub(b.one, args.get(0))); }

    /** P(Y ≤ y) for y = 0 or 1: 1 − θ, then 1. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.ifElse(x, b.zero, b.apply(Op.LOG1P, b.neg(args.get(0))));
    }

    /** P(Y > y): θ at 0, none at 1. */
    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.ifElse(x, b.constant(Double.NEGATIVE_INFINITY), b.log(args.get(0)));
    }
}
