package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.dsl.NodeChild;
import com.oracle.truffle.api.dsl.Specialization;
import mle.compiler.ir.Functions;

/**
 * The IR's functions of one argument as Truffle DSL nodes; create them through
 * {@code FunctionNodesFactory.…NodeGen.create}. Each is the expression of {@link Functions#apply(
 * mle.compiler.ir.Op, int, double)} for its op, written out so that compiled code has no switch on the op.
 */
public final class FunctionNodes {
    private FunctionNodes() {}

    @NodeChild(value = "operand", type = ExprNode.class)
    public abstract static class UnaryNode extends ExprNode {}

    public abstract static class ExpNode extends UnaryNode {
        @Specialization
        static double exp(double x) { return Math.exp(x); }
    }

    public abstract static class LogNode extends UnaryNode {
        @Specialization
        static double log(double x) { return Math.log(x); }
    }

    public abstract static class Log1pNode extends UnaryNode {
        @Specialization
        static double log1p(double x) { return Math.log1p(x); }
    }

    public abstract static class Expm1Node extends UnaryNode {
        @Specialization
        static double expm1(double x) { return Math.expm1(x); }
    }

    public abstract static class SqrtNode extends UnaryNode {
        @Specialization
        static double sqrt(double x) { return Math.sqrt(x); }
    }

    public abstract static class AbsNode extends UnaryNode {
        @Specialization
        static double abs(double x) { return Math.abs(x); }
    }

    public abstract static class SignNode extends UnaryNode {
        @Specialization
        static double sign(double x) { return Math.signum(x); }
    }

    public abstract static class SinNode extends UnaryNode {
        @Specialization
        static double sin(double x) { return Math.sin(x); }
    }

    public abstract static class CosNode extends UnaryNode {
        @Specialization
        static double cos(double x) { return Math.cos(x); }
    }

    public abstract static class TanNode extends UnaryNode {
        @Specialization
        static double tan(double x) { return Math.tan(x); }
    }

    public abstract static class TanhNode extends UnaryNode {
        @Specialization
        static double tanh(double x) { return Math.tanh(x); }
    }

    public abstract static class AtanNode extends UnaryNode {
        @Specialization
        static double atan(double x) { return Math.atan(x); }
    }

    public abstract static class AsinNode extends UnaryNode {
        @Specialization
        static double asin(double x) { return Math.asin(x); }
    }

    public abstract static class AcosNode extends UnaryNode {
        @Specialization
        static double acos(double x) { return Math.acos(x); }
    }

    public abstract static class SinhNode extends UnaryNode {
        @Specialization
        static double sinh(double x) { return Math.sinh(x); }
    }

    public abstract static class CoshNode extends UnaryNode {
        @Specialization
        static double cosh(double x) { return Math.cosh(x); }
    }

    public abstract static class LogisticNode extends UnaryNode {
        @Specialization
        static double logistic(double x) { return Functions.logistic(x); }
    }

    public abstract static class LogitNode extends UnaryNode {
        @Specialization
        static double logit(double x) { return Math.log(x / (1 - x)); }
    }

    public abstract static class SoftplusNode extends UnaryNode {
        @Specialization
        static double softplus(double x) { return Functions.softplus(x); }
    }

    /**
     * log Γ. A real call rather than inlined code: its reflection branch is recursive, which partial
     * evaluation would try to unroll without end, and the Lanczos sum is worth a call anyway.
     */
    public abstract static class LgammaNode extends UnaryNode {
        @Specialization
        static double lgamma(double x) { return lgammaBoundary(x); }

        @TruffleBoundary
        private static double lgammaBoundary(double x) { return Functions.lgamma(x); }
    }

    /** ψ⁽ᵒʳᵈᵉʳ⁾; a call for the same reason as log Γ (digamma's reflection recurses). */
    public abstract static class PolygammaNode extends UnaryNode {
        private final int order;

        PolygammaNode(int order) { this.order = order; }

        @Specialization
        double polygamma(double x) { return polygammaBoundary(order, x); }

        @TruffleBoundary
        private static double polygammaBoundary(int order, double x) { return Functions.polygamma(order, x); }
    }

    public abstract static class IndicatorNode extends UnaryNode {
        private final int level;

        IndicatorNode(int level) { this.level = level; }

        @Specialization
        double indicator(double x) { return Functions.indicator(x, level); }
    }

    /** 1 where x ≥ 0, else 0 (NaN stays NaN). */
    public abstract static class StepNode extends UnaryNode {
        @Specialization
        static double step(double x) { return Functions.step(x); }
    }

    // The error functions loop until their series or continued fraction converges: kept out of compiled code.
    public abstract static class ErfNode extends UnaryNode {
        @Specialization
        @TruffleBoundary
        static double erf(double x) { return Functions.erf(x); }
    }

    public abstract static class ErfcNode extends UnaryNode {
        @Specialization
        @TruffleBoundary
        static double erfc(double x) { return Functions.erfc(x); }
    }

    public abstract static class LogErfcNode extends UnaryNode {
        @Specialization
        @TruffleBoundary
        static double logErfc(double x) { return Functions.logErfc(x); }
    }

    public abstract static class Log1mExpNode extends UnaryNode {
        @Specialization
        static double log1mExp(double x) { return Functions.log1mExp(x); }
    }
}
