package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Weibull(α, σ), α the shape and σ the scale: log p = log α − log σ + (α − 1)·log(x/σ) − (x/σ)^α. */
final class Weibull implements Distribution {
    @Override public String name() { return "Weibull"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("α", "shape", Support.POSITIVE),
                new DistributionParameter("σ", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.POSITIVE; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node shape = args.get(0), sigma = args.get(1);
        Node ratio = b.div(x, sigma);
        return List.of(
                b.log(shape),
                b.neg(b.log(sigma)),
                b.mul(b.sub(shape, b.one), b.sub(b.log(x), b.log(sigma))),
                b.neg(b.pow(ratio, shape)));
    }

    /** F = 1 − exp(−(x/σ)^α): log F = log(1 − e^{−(x/σ)^α}), and log(1 − F) = −(x/σ)^α. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.apply(Op.LOG1M_EXP, b.pow(b.div(x, args.get(1)), args.get(0)));
    }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.neg(b.pow(b.div(x, args.get(1)), args.get(0)));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.mul(args.get(1), b.exp(b.apply(Op.LGAMMA, b.add(b.one, b.div(b.one, args.get(0)))))); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(b.square(args.get(1)), b.sub(b.exp(b.apply(Op.LGAMMA, b.add(b.one, b.div(b.two, args.get(0))))), b.exp(b.mul(b.two, b.apply(Op.LGAMMA, b.add(b.one, b.div(b.one, args.get(0)))))))); }
}
