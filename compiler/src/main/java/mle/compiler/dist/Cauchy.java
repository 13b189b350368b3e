package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Cauchy(μ, σ), σ the scale: log p = −log π − log σ − log(1 + ((x − μ)/σ)²). */
final class Cauchy implements Distribution {
    @Override public String name() { return "Cauchy"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("μ", "location", Support.REAL),
                new DistributionParameter("σ", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.REAL; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), sigma = args.get(1);
        return List.of(
                b.neg(Constants.logPi(b)),
                b.neg(b.log(sigma)),
                b.neg(b.apply(Op.LOG1P, b.square(b.div(b.sub(x, mu), sigma)))));
    }

    /** F = ½ + atan(z)/π; 1 − F = ½ − atan(z)/π = atan(1/z)/π for z > 0, which the tail needs less than the others. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.log(b.add(b.constant(0.5), b.div(b.apply(Op.ATAN, b.div(b.sub(x, args.get(0)), args.get(1))), Constants.pi(b))));
    }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.log(b.sub(b.constant(0.5), b.div(b.apply(Op.ATAN, b.div(b.sub(x, args.get(0)), args.get(1))), Constants.pi(b))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }
}
