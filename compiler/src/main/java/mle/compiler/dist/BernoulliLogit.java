package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;

/** BernoulliLogit(α), α = logit P(x = 1): log p = x·α − log(1 + e^α). */
final class BernoulliLogit implements Distribution {
    @Override public String name() { return "BernoulliLogit"; }

    @Override public List<Parameter> parameters() {
        return List.of(new Parameter("α", "log-odds", Support.REAL));
    }

    @Override public Support support() { return Support.BINARY; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node alpha = args.get(0);
        return List.of(b.mul(x, alpha), b.neg(b.apply(Op.SOFTPLUS, alpha)));
    }
}
