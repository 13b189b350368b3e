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
        // Random effects (indexed after the parameters) are unconstrained: they stay as they are.
        return b.substitute(node, leaf -> leaf.op == Op.PARAM && leaf.index < transforms.size() ? transforms.get(leaf.index) : null);
    }

    /** θ(u), dθ/du and d²θ/du² for one parameter at u. */
    public static double[] transform(Objective.Parameter p, double u) {
        boolean finiteLo = p.lower() != Double.NEGATIVE_INFINITY, finiteHi = p.upper() != Double.POSITIVE_INFINITY;
        if (finiteLo && finiteHi) {
            double s = mle.compiler.ir.Functions.logistic(u), w = p.upper() - p.lower();
            double d1 = w * s * (1 - s);
            return new double[] {p.lower() + w * s, d1, d1 * (1 - 2 * s)};
        }
        if (finiteLo) {
            double e = Math.exp(u);
            return new double[] {p.lower() + e, e, e};
        }
        if (finiteHi) {
            double e = Math.exp(u);
            return new double[] {p.upper() - e, -e, -e};
        }
        return new double[] {u, 1, 0};
    }

    /**
     * The Hessian in the model's parameters θ from the one in u, exactly: since
     * ∂²f/∂uᵢ∂uⱼ = θᵢ'θⱼ'·∂²f/∂θᵢ∂θⱼ + δᵢⱼ·θᵢ''·∂f/∂θᵢ, undo both the scaling and the curvature term.
     */
    public static double[][] hessianInModelSpace(List<Objective.Parameter> params, double[] u, double[] gradientU,
                                                 double[][] hessianU) {
        int k = params.size();
        double[] d1 = new double[k], d2 = new double[k];
        for (Objective.Parameter p : params) {
            double[] t = transform(p, u[p.index()]);
            d1[p.index()] = t[1];
            d2[p.index()] = t[2];
        }
        double[][] h = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double curvature = i == j ? d2[i] * gradientU[i] / d1[i] : 0;
                h[i][j] = (hessianU[i][j] - curvature) / (d1[i] * d1[j]);
            }
        }
        return h;
    }
}
