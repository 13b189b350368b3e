package mle.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * The change of variables that lets an optimiser work without bounds: θ = lo + e^u for `> lo`,
 * θ = hi − e^u for `< hi`, θ = lo + (hi − lo)·logistic(u) for `in (lo, hi)`. The objective is rewritten
 * in u on the IR, so its exact derivatives in u follow by the same differentiation (the chain rule is
 * carried through symbolically). No Jacobian term is added: the mode is sought, not a density in u, so
 * the optimum in u maps to the optimum in θ (as in Stan's optimizer).
 */
public final class Unconstrained {
    private Unconstrained() {}

    /** θ as a function of u for one parameter, as an IR node in u = PARAM(index). */
    public static Node toConstrained(IrBuilder b, Objective.Parameter p) {
        Node u = b.param(p.index());
        boolean finiteLo = p.lower() != Double.NEGATIVE_INFINITY, finiteHi = p.upper() != Double.POSITIVE_INFINITY;
        if (finiteLo && finiteHi) {
            return b.add(b.constant(p.lower()), b.mul(b.constant(p.upper() - p.lower()), b.apply(Op.LOGISTIC, u)));
        }
        if (finiteLo) return b.add(b.constant(p.lower()), b.exp(u));
        if (finiteHi) return b.sub(b.constant(p.upper()), b.exp(u));
        return u;
    }

    /** u as a function of θ (numerically), for starting values and reporting. */
    public static double toUnconstrained(Objective.Parameter p, double theta) {
        boolean finiteLo = p.lower() != Double.NEGATIVE_INFINITY, finiteHi = p.upper() != Double.POSITIVE_INFINITY;
        if (finiteLo && finiteHi) {
            double t = (theta - p.lower()) / (p.upper() - p.lower());
            return Math.log(t / (1 - t));
        }
        if (finiteLo) return Math.log(theta - p.lower());
        if (finiteHi) return Math.log(p.upper() - theta);
        return theta;
    }

    /** How the unconstrained coordinate is shown: `log(σ)`, `logit((p − 0)/(1 − 0))`. */
    public static String name(Objective.Parameter p) {
        boolean finiteLo = p.lower() != Double.NEGATIVE_INFINITY, finiteHi = p.upper() != Double.POSITIVE_INFINITY;
        String lo = mle.compiler.ir.IrPrinter.number(p.lower()), hi = mle.compiler.ir.IrPrinter.number(p.upper());
        if (finiteLo && finiteHi) {
            return p.lower() == 0 && p.upper() == 1 ? "logit(" + p.name() + ")"
                    : "logit((" + p.name() + " − " + lo + ")/(" + hi + " − " + lo + "))";
        }
        if (finiteLo) return p.lower() == 0 ? "log(" + p.name() + ")" : "log(" + p.name() + " − " + lo + ")";
        if (finiteHi) return "log(" + hi + " − " + p.name() + ")";
        return p.name();
    }

    /** The objective rewritten in the unconstrained coordinates. */
    public static Node rewrite(Objective objective, Node node) {
        IrBuilder b = objective.builder();
        List<Node> transforms = new ArrayList<>();
        for (Objective.Parameter p : objective.params()) transforms.add(toConstrained(b, p));
        return b.substitute(node, leaf -> leaf.op == Op.PARAM ? transforms.get(leaf.index) : null);
    }
}
