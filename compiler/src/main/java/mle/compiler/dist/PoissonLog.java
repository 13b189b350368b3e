package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** PoissonLog(α), α = log λ the log-rate: log p = x·α − e^α − lgamma(x + 1). */
final class PoissonLog implements Distribution {
    @Override public String name() { return "PoissonLog"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("α", "log-rate", Support.REAL));
    }

    @Override public Support support() { return Support.COUNT; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node alpha = args.get(0);
        return List.of(
                b.mul(x, alpha),
                b.neg(b.exp(alpha)),
                b.neg(b.apply(Op.LGAMMA, b.add(x, b.one))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.exp(args.get(0)); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.exp(args.get(0)); }

    /** As Poisson's, at λ = e^α. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) { return b.binary(Op.LOG_GAMMA_Q, b.add(x, b.one), b.exp(args.get(0))); }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) { return b.binary(Op.LOG_GAMMA_P, b.add(x, b.one), b.exp(args.get(0))); }
}
