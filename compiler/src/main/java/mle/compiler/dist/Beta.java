package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/**
 * Beta(α, β): log p = lgamma(α + β) − lgamma(α) − lgamma(β) + (α − 1)·log x + (β − 1)·log(1 − x).
 */
final class Beta implements Distribution {
    @Override public String name() { return "Beta"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("α", "shape", Support.POSITIVE),
                new DistributionParameter("β", "shape", Support.POSITIVE));
    }

    @Override public Support support() { return Support.UNIT_INTERVAL; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node alpha = args.get(0), beta = args.get(1);
        return List.of(
                b.sub(b.apply(Op.LGAMMA, b.add(alpha, beta)),
                        b.add(b.apply(Op.LGAMMA, alpha), b.apply(Op.LGAMMA, beta))),
                b.mul(b.sub(alpha, b.one), b.log(x)),
                b.mul(b.sub(beta, b.one), b.apply(Op.LOG1P, b.neg(x))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.div(args.get(0), b.add(args.get(0), args.get(1))); }

    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.logBetaInc(args.get(0), args.get(1), x, b.sub(b.one, x));
    }

    /** P(X > x) = I_{1−x}(β, α). */
    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.logBetaInc(args.get(1), args.get(0), b.sub(b.one, x), x);
    }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.div(b.mul(args.get(0), args.get(1)), b.mul(b.square(b.add(args.get(0), args.get(1))), b.add(b.add(args.get(0), args.get(1)), b.one))); }
}
