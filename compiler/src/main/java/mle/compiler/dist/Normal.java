package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Normal(μ, σ), σ the standard deviation: log p = −log σ − ½·log(2π) − ½·((x − μ)/σ)². */
final class Normal implements Distribution {
    @Override public String name() { return "Normal"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("μ", "location", Support.REAL),
                new DistributionParameter("σ", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.REAL; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), sigma = args.get(1);
        return List.of(
                b.neg(b.log(sigma)),
                b.neg(Constants.halfLogTwoPi(b)),
                b.neg(b.div(b.square(b.sub(x, mu)), b.mul(b.two, b.square(sigma)))));
    }

    @Override public ResidualLoss loss() { return new ResidualLoss(ResidualLoss.Kind.SQUARED, 0, 1); }

    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.logNormalCdf(b.div(b.sub(x, args.get(0)), args.get(1)));
    }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.logNormalCdf(b.div(b.sub(args.get(0), x), args.get(1)));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.square(args.get(1)); }
}
