package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Poisson(λ), λ the rate: log p = x·log λ − λ − lgamma(x + 1). */
final class Poisson implements Distribution {
    @Override public String name() { return "Poisson"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("λ", "rate", Support.POSITIVE));
    }

    @Override public Support support() { return Support.COUNT; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node rate = args.get(0);
        return List.of(
                b.mul(x, b.log(rate)),
                b.neg(rate),
                b.neg(b.apply(Op.LGAMMA, b.add(x, b.one))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return args.get(0); }

    /** P(K ≤ k) = Q(k + 1, λ) and P(K > k) = P(k + 1, λ), the regularized incomplete gamma functions. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) { return b.binary(Op.LOG_GAMMA_Q, b.add(x, b.one), args.get(0)); }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) { return b.binary(Op.LOG_GAMMA_P, b.add(x, b.one), args.get(0)); }
}
