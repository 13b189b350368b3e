package mle.compiler.dist;

import java.util.List;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;

/** Laplace(μ, b), b the scale: log p = −log 2 − log b − |x − μ|/b. */
final class Laplace implements Distribution {
    @Override public String name() { return "Laplace"; }

    @Override public List<Parameter> parameters() {
        return List.of(new Parameter("μ", "location", Support.REAL), new Parameter("b", "scale", Support.POSITIVE));
    }

    @Override public Support support() { return Support.REAL; }

    @Override public List<Node> logDensity(IrBuilder b, Node x, List<Node> args) {
        Node mu = args.get(0), scale = args.get(1);
        return List.of(
                b.neg(Constants.logTwo(b)),
                b.neg(b.log(scale)),
                b.neg(b.div(b.apply(Op.ABS, b.sub(x, mu)), scale)));
    }

    @Override public Loss loss() { return new Loss(Loss.Kind.ABSOLUTE, 0, 1); }

    @Override public Node mean(IrBuilder b, List<Node> args) { return args.get(0); }

    @Override public Node variance(IrBuilder b, List<Node> args) { return b.mul(b.two, b.square(args.get(1))); }
}
