package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Exponential(λ), λ the rate: log p = log λ − λ·x. */
final class Exponential implements Distribution {
    @Override public String name() { return "Exponential"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("λ", "rate", Support.POSITIVE));
    }

    @Override public Support support() { return Support.POSITIVE; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node rate = args.get(0);
        return List.of(b.log(rate), b.neg(b.mul(rate, x)));
    }

    /** log(1 − e^{−λx}), exact for small and large λx. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) { return b.apply(Op.LOG1M_EXP, b.mul(args.get(0), x)); }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) { return b.neg(b.mul(args.get(0), x)); }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.div(b.one, args.get(0)); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.div(b.one, b.square(args.get(0))); }
}
