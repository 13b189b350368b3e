package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/**
 * NegBinomial(μ, φ), Stan's neg_binomial_2: mean μ, variance μ + μ²/φ. log p = lgamma(x + φ) − lgamma(φ)
 * − lgamma(x + 1) − φ·log(1 + μ/φ) + x·(log μ − log(μ + φ)).
 */
final class NegBinomial implements Distribution {
    @Override public String name() { return "NegBinomial"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("μ", "mean", Support.POSITIVE),
                new DistributionParameter("φ", "dispersion", Support.POSITIVE));
    }

    @Override public Support support() { return Support.COUNT; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), phi = args.get(1);
        return List.of(
                // log Γ(x + φ)/Γ(φ) as one difference: the two computed apart lose it to rounding as φ → ∞ (the Poisson)
                b.sub(b.lgammaDiff(phi, x), b.apply(Op.LGAMMA, b.add(x, b.one))),
                b.neg(b.mul(phi, b.apply(Op.LOG1P, b.div(mu, phi)))),
                b.mul(x, b.sub(b.log(mu), b.log(b.add(mu, phi)))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }

    /** P(X ≤ k) = I_p(φ, k + 1) with p = φ/(μ + φ), the probability of a success when failures are counted. */
    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), phi = args.get(1), total = b.add(mu, phi);
        return b.logBetaInc(phi, b.add(x, b.one), b.div(phi, total), b.div(mu, total));
    }

    /** P(X > k) = I_{1−p}(k + 1, φ). */
    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), phi = args.get(1), total = b.add(mu, phi);
        return b.logBetaInc(b.add(x, b.one), phi, b.div(mu, total), b.div(phi, total));
    }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.add(args.get(0), b.div(b.square(args.get(0)), args.get(1))); }
}
