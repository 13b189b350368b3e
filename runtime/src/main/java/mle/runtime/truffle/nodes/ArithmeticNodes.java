package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.dsl.Cached;
import com.oracle.truffle.api.dsl.NodeChild;
import com.oracle.truffle.api.dsl.Specialization;
import mle.compiler.ir.Functions;

/**
 * The arithmetic and binary functions of the IR (ADD, SUB, MUL, DIV, POW, ATAN2, LOG_SUM_EXP, NEG) as Truffle DSL nodes; create them through
 * {@code ArithmeticNodesFactory.…NodeGen.create}. Each computes exactly what {@link Functions#apply(
 * mle.compiler.ir.Op, double, double)} does, so compiled and reference objectives agree to the bit.
 */
public final class ArithmeticNodes {
    private ArithmeticNodes() {}

    @NodeChild(value = "left", type = ExprNode.class)
    @NodeChild(value = "right", type = ExprNode.class)
    public abstract static class BinaryNode extends ExprNode {}

    public abstract static class AddNode extends BinaryNode {
        @Specialization
        static double add(double a, double b) { return a + b; }
    }

    public abstract static class SubNode extends BinaryNode {
        @Specialization
        static double sub(double a, double b) { return a - b; }
    }

    public abstract static class MulNode extends BinaryNode {
        @Specialization
        static double mul(double a, double b) { return a * b; }
    }

    public abstract static class DivNode extends BinaryNode {
        @Specialization
        static double div(double a, double b) { return a / b; }
    }

    /**
     * x^y through {@link Functions#pow}, which squares by one multiplication. An exponent that is the same
     * on every call (a hoisted constant such as −(ν+1)/2 at a fixed ν, or a literal) is cached, so the
     * compiled code keeps only the branch of Functions.pow that applies; a varying exponent goes generic.
     */
    public abstract static class PowNode extends BinaryNode {
        @Specialization(guards = "exponent == cachedExponent", limit = "1")
        static double fixedExponent(double base, @SuppressWarnings("unused") double exponent,
                                    @Cached("exponent") double cachedExponent) {
            return Functions.pow(base, cachedExponent);
        }

        @Specialization(replaces = "fixedExponent")
        static double anyExponent(double base, double exponent) { return Functions.pow(base, exponent); }
    }

    public abstract static class Atan2Node extends BinaryNode {
        @Specialization
        static double atan2(double y, double x) { return Math.atan2(y, x); }
    }

    public abstract static class LogSumExpNode extends BinaryNode {
        @Specialization
        static double logSumExp(double a, double b) { return Functions.logSumExp(a, b); }
    }

    @NodeChild(value = "operand", type = ExprNode.class)
    public abstract static class NegNode extends ExprNode {
        @Specialization
        static double neg(double x) { return -x; }
    }
}
