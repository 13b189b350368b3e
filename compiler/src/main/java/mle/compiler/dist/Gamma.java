package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Gamma(α, β), α the shape and β the rate: log p = α·log β − lgamma(α) + (α − 1)·log x − β·x. */
final class Gamma implements Distribution {
    @Override public String name() { return "Gamma"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("α", "shape", Support.POSITIVE),
                new DistributionParameter("β", "rate", Support.POSITIVE));
    }

    @Override public Support support() { return Support.POSITIVE; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node shape = args.get(0), rate = args.get(1);
        return List.of(
                b.mul(shape, b.log(rate)),
                b.neg(b.apply(Op.LGAMMA, shape)),
                b.mul(b.sub(shape, b.one), b.log(x)),
                b.neg(b.mul(rate, x)));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.div(args.get(0), args.get(1)); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.div(args.get(0), b.square(args.get(1))); }

    /** P(X ≤ x) = P(α, βx), the regularized lower incomplete gamma function. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) { return b.binary(Op.LOG_GAMMA_P, args.get(0), b.mul(args.get(1), x)); }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) { return b.binary(Op.LOG_GAMMA_Q, args.get(0), b.mul(args.get(1), x)); }
}
