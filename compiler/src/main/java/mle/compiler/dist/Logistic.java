package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Logistic(μ, s), s the scale, z = (x − μ)/s: log p = −log s − z − 2·log(1 + e⁻ᶻ). */
final class Logistic implements Distribution {
    @Override public String name() { return "Logistic"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("μ", "location", Support.REAL),
                new DistributionParameter("s", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.REAL; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), scale = args.get(1);
        Node z = b.div(b.sub(x, mu), scale);
        return List.of(
                b.neg(b.log(scale)),
                b.neg(z),
                b.neg(b.mul(b.two, b.apply(Op.SOFTPLUS, b.neg(z)))));
    }

    /** F = logistic(z): log F = −softplus(−z), log(1 − F) = −softplus(z). */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.neg(b.apply(Op.SOFTPLUS, b.neg(b.div(b.sub(x, args.get(0)), args.get(1)))));
    }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.neg(b.apply(Op.SOFTPLUS, b.div(b.sub(x, args.get(0)), args.get(1))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(b.constant(Math.PI * Math.PI / 3), b.square(args.get(1))); }
}
