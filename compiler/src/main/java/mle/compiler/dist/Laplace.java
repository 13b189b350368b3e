package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Laplace(μ, b), b the scale: log p = −log 2 − log b − |x − μ|/b. */
final class Laplace implements Distribution {
    @Override public String name() { return "Laplace"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("μ", "location", Support.REAL),
                new DistributionParameter("b", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.REAL; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), scale = args.get(1);
        return List.of(
                b.neg(Constants.logTwo(b)),
                b.neg(b.log(scale)),
                b.neg(b.div(b.apply(Op.ABS, b.sub(x, mu)), scale)));
    }

    @Override public ResidualLoss loss() { return new ResidualLoss(ResidualLoss.Kind.ABSOLUTE, 0, 1); }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(b.two, b.square(args.get(1))); }

    /**
     * F(z) = ½e^{−|z|} below the location and 1 − ½e^{−|z|} above it, z = (x − μ)/b: each side's log written with
     * e^{−|z|} so that the other side's formula, multiplied by 0 there, stays finite.
     */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) { return logTail(b, b.div(b.sub(x, args.get(0)), args.get(1))); }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) { return logTail(b, b.div(b.sub(args.get(0), x), args.get(1))); }

    /** log F(z): [z < 0]·(−|z| − log 2) + [z ≥ 0]·log(1 − ½e^{−|z|}), the indicators (1 ∓ sign z)/2 (½ each at 0). */
    private static Node logTail(IrBuilder b, Node z) {
        Node sign = b.apply(Op.SIGN, z), gap = b.apply(Op.ABS, z), half = b.constant(0.5);
        Node below = b.mul(b.mul(half, b.sub(b.one, sign)), b.sub(b.neg(gap), Constants.logTwo(b)));
        Node above = b.mul(b.mul(half, b.add(b.one, sign)), b.apply(Op.LOG1P, b.neg(b.mul(half, b.exp(b.neg(gap))))));
        return b.add(below, above);
    }
}
