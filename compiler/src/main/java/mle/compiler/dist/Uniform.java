package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;

/** Uniform(α, β) on (α, β): log p = −log(β − α). */
final class Uniform implements Distribution {
    @Override public String name() { return "Uniform"; }

    @Override public List<DistributionParameter> parameters() {
        return List.of(new DistributionParameter("α", "lower bound", Support.REAL),
                new DistributionParameter("β", "upper bound", Support.REAL));
    }

    @Override public Support support() { return Support.BETWEEN_ARGUMENTS; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node lower = args.get(0), upper = args.get(1);
        return List.of(b.neg(b.log(b.sub(upper, lower))));
    }

    @Override public Node[] supportBounds(List<Node> args) { return new Node[] {args.get(0), args.get(1)}; }

    @Override public Node logCdf(IrBuilder b, Node x, List<Node> args) {
        return b.log(b.div(b.sub(x, args.get(0)), b.sub(args.get(1), args.get(0))));
    }

    @Override public Node logCcdf(IrBuilder b, Node x, List<Node> args) {
        return b.log(b.div(b.sub(args.get(1), x), b.sub(args.get(1), args.get(0))));
    }

    @Override public Node mean(IrBuilder b, List<Node> args) { return b.mul(b.constant(0.5), b.add(args.get(0), args.get(1))); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.div(b.square(b.sub(args.get(1), args.get(0))), b.constant(12)); }
}
