package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/**
 * StudentT(ν, μ, σ): log p = lgamma((ν + 1)/2) − lgamma(ν/2) − ½·log ν − ½·log π − log σ
 * − (ν + 1)/2 · log(1 + ((x − μ)/σ)²/ν).
 */
final class StudentT implements Distribution {
    @Override public String name() { return "StudentT"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("ν", "degrees of freedom", Support.POSITIVE),
                new DistributionParameter("μ", "location", Support.REAL),
                new DistributionParameter("σ", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.REAL; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node nu = args.get(0), mu = args.get(1), sigma = args.get(2);
        Node half = b.constant(0.5);
        Node z = b.div(b.sub(x, mu), sigma);
        return List.of(
                // log Γ((ν + 1)/2)/Γ(ν/2) as one difference, exact as ν → ∞ (the normal)
                b.lgammaDiff(b.mul(half, nu), half),
                b.neg(b.mul(half, b.log(nu))),
                b.neg(Constants.halfLogPi(b)),
                b.neg(b.log(sigma)),
                b.neg(b.mul(b.mul(half, b.add(nu, b.one)), b.apply(Op.LOG1P, b.div(b.square(z), nu)))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(1); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.div(b.mul(b.square(args.get(2)), args.get(0)), b.sub(args.get(0), b.two)); }

    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return logCdfOf(b, b.div(b.sub(x, args.get(1)), args.get(2)), args.get(0));
    }

    /** P(X > x) = F(−t), by symmetry. */
    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return logCdfOf(b, b.div(b.sub(args.get(1), x), args.get(2)), args.get(0));
    }

    /**
     * log F(t) = log I_{x′}(ν/2, ν/2) with x′ = (r + t)/(2r) and 1 − x′ = (r − t)/(2r), r = √(t² + ν): one formula for
     * both tails, smooth in ν, μ and σ. Where r − t or r + t would cancel, it is ν divided by the other.
     */
    private static Node logCdfOf(IrBuilder b, Node t, Node nu) {
        Node r = b.apply(Op.SQRT, b.add(b.square(t), nu));
        Node twoR = b.mul(b.two, r);
        Node below = b.sameFunction(t, b.div(nu, b.mul(twoR, b.sub(r, t))), b.div(b.add(r, t), twoR));
        Node above = b.sameFunction(t, b.div(b.sub(r, t), twoR), b.div(nu, b.mul(twoR, b.add(r, t))));
        Node half = b.mul(b.constant(0.5), nu);
        return b.logBetaInc(half, half, below, above);
    }
}
