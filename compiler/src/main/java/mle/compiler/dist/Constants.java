package mle.compiler.dist;

import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;

/** Named constants of log-densities, so that the derivation shows `½·log(2π)` rather than 0.9189…. */
final class Constants {
    private Constants() {}

    static Node halfLogTwoPi(IrBuilder b) { return b.namedConstant(0.5 * Math.log(2 * Math.PI), "½·log(2π)"); }

    static Node logPi(IrBuilder b) { return b.namedConstant(Math.log(Math.PI), "log(π)"); }

    static Node halfLogPi(IrBuilder b) { return b.namedConstant(0.5 * Math.log(Math.PI), "½·log(π)"); }

    static Node logTwo(IrBuilder b) { return b.logTwo(); }

    static Node pi(IrBuilder b) { return b.namedConstant(Math.PI, "π"); }
}
