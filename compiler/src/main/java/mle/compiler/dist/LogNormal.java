package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** LogNormal(μ, σ), μ and σ of log x: log p = −log σ − ½·log(2π) − log x − ½·((log x − μ)/σ)². */
final class LogNormal implements Distribution {
    @Override public String name() { return "LogNormal"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("μ", "location", Support.REAL),
                new DistributionParameter("σ", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.POSITIVE; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), sigma = args.get(1);
        Node logX = b.log(x);
        return List.of(
                b.neg(b.log(sigma)),
                b.neg(Constants.halfLogTwoPi(b)),
                b.neg(logX),
                b.neg(b.div(b.square(b.sub(logX, mu)), b.mul(b.two, b.square(sigma)))));
    }

    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.logNormalCdf(b.div(b.sub(b.log(x), args.get(0)), args.get(1)));
    }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.logNormalCdf(b.div(b.sub(args.get(0), b.log(x)), args.get(1)));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.exp(b.add(args.get(0), b.mul(b.constant(0.5), b.square(args.get(1))))); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(b.apply(Op.EXPM1, b.square(args.get(1))), b.exp(b.add(b.mul(b.two, args.get(0)), b.square(args.get(1))))); }
}
