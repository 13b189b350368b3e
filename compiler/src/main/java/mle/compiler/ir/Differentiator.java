package mle.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact symbolic derivatives on the IR. Derivatives are nodes of the same builder, so they are simplified
 * and share sub-expressions with the objective (d exp(u) is exp(u)·du: the exp(u) node is reused).
 */
public final class Differentiator {
    private final IrBuilder b;
    private final Map<Long, Node> memo = new HashMap<>();
    private final Map<Node, Map<Integer, List<Node>>> dotColumns = new HashMap<>();

    public Differentiator(IrBuilder builder) { this.b = builder; }

    /** ∂node/∂θ_param. */
    public Node derivative(Node node, int param) {
        if (!node.dependsOn(param)) return b.zero;
        // The node's id in the low half: Long's hash folds the halves together, so keys stay spread out.
        long key = ((long) param << 32) | node.id;
        Node cached = memo.get(key);
        if (cached != null) return cached;
        Node d = compute(node, param);
        memo.put(key, d);
        return d;
    }

    public Node[] gradient(Node node, int parameterCount) {
        Node[] g = new Node[parameterCount];
        for (int k = 0; k < parameterCount; k++) {
            mle.compiler.interrupt.Interruption.checkCompiling();   // k derivatives of a large model take a while: a time limit holds
            g[k] = derivative(node, k);
        }
        return g;
    }

    /** The full symmetric Hessian; entries below the diagonal are the same nodes as above it. */
    public Node[][] hessian(Node node, int parameterCount) {
        Node[] g = gradient(node, parameterCount);
        Node[][] h = new Node[parameterCount][parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            mle.compiler.interrupt.Interruption.checkCompiling();
            for (int j = i; j < parameterCount; j++) {
                h[i][j] = derivative(g[i], j);
                h[j][i] = h[i][j];
            }
        }
        return h;
    }

    private Node compute(Node n, int k) {
        switch (n.op) {
            case PARAM: return n.index == k ? b.one : b.zero;
            case CONST, DATA, ROWS: return b.zero;
            case DOT: return b.sum(columnsOf(n).getOrDefault(k, List.of()));
            case INDICATOR: return b.zero;
            case SELECT: {
                // d m[gᵢ] = (dm)[gᵢ]: the index is data, so only the elements move.
                List<Node> elements = new ArrayList<>(n.arity() - 1);
                for (int e = 1; e < n.arity(); e++) elements.add(derivative(n.arg(e), k));
                return b.select(n.arg(0), elements);
            }
            default: break;
        }
        Node a = n.arg(0);
        Node da = derivative(a, k);
        return switch (n.op) {
            case ADD -> b.add(da, derivative(n.arg(1), k));
            case SUB -> b.sub(da, derivative(n.arg(1), k));
            case MUL -> b.add(b.mul(da, n.arg(1)), b.mul(a, derivative(n.arg(1), k)));
            // d(a/c) = (da − (a/c)·dc)/c, which reuses the quotient itself
            case DIV -> b.div(b.sub(da, b.mul(n, derivative(n.arg(1), k))), n.arg(1));
            case POW -> power(n, k, da);
            case NEG -> b.neg(da);
            case EXP -> b.mul(n, da);
            case LOG -> b.div(da, a);
            case LOG1P -> b.div(da, b.add(b.one, a));
            case EXPM1 -> b.mul(b.add(n, b.one), da);
            case SQRT -> b.div(da, b.mul(b.two, n));
            case ABS -> b.mul(b.apply(Op.SIGN, a), da);
            case SIGN -> b.zero;   // zero almost everywhere; the kink of |x| is the optimiser's business
            case SIN -> b.mul(b.apply(Op.COS, a), da);
            case COS -> b.neg(b.mul(b.apply(Op.SIN, a), da));
            case TAN -> b.mul(b.add(b.one, b.square(n)), da);
            case TANH -> b.mul(b.sub(b.one, b.square(n)), da);
            case ATAN -> b.div(da, b.add(b.one, b.square(a)));
            case ASIN -> b.div(da, b.apply(Op.SQRT, b.sub(b.one, b.square(a))));
            case ACOS -> b.neg(b.div(da, b.apply(Op.SQRT, b.sub(b.one, b.square(a)))));
            case SINH -> b.mul(b.apply(Op.COSH, a), da);
            case COSH -> b.mul(b.apply(Op.SINH, a), da);
            case LOGISTIC -> b.mul(b.mul(n, b.sub(b.one, n)), da);
            case LOGIT -> b.div(da, b.mul(a, b.sub(b.one, a)));
            case SOFTPLUS -> b.mul(b.apply(Op.LOGISTIC, a), da);
            case LGAMMA -> b.mul(b.polygamma(0, a), da);
            case POLYGAMMA -> b.mul(b.polygamma(n.index + 1, a), da);
            case ROW_SUM -> b.rowSum(da);
            case ERF -> b.mul(b.mul(twoOverSqrtPi(), b.exp(b.neg(b.square(a)))), da);
            case ERFC -> b.neg(b.mul(b.mul(twoOverSqrtPi(), b.exp(b.neg(b.square(a)))), da));
            // d log erfc(a) = −(2/√π)·e^{−a² − log erfc(a)}·da, which stays finite where erfc(a) underflows
            case LOG_ERFC -> b.neg(b.mul(b.mul(twoOverSqrtPi(), b.exp(b.sub(b.neg(b.square(a)), n))), da));
            case STEP -> b.zero;
            // d log(1 − e^{−a}) = da / (e^a − 1)
            case LOG1M_EXP -> b.div(da, b.apply(Op.EXPM1, a));   // a jump: only expressions of data reach it
            // d atan2(a, c) = (c·da − a·dc) / (a² + c²)
            case ATAN2 -> b.div(b.sub(b.mul(n.arg(1), da), b.mul(a, derivative(n.arg(1), k))),
                    b.add(b.square(a), b.square(n.arg(1))));
            // d[ψ⁽ᵐ⁻¹⁾(a + e) − ψ⁽ᵐ⁻¹⁾(a)] = [ψ⁽ᵐ⁾(a + e) − ψ⁽ᵐ⁾(a)]·da + ψ⁽ᵐ⁾(a + e)·de: the same difference, one order up
            case LGAMMA_DIFF -> {
                Node e = n.arg(1), de = derivative(e, k);
                if (da != b.zero && n.index >= 2) throw beyondSecondOrder();
                Node viaA = da == b.zero ? b.zero : b.mul(b.special(Op.LGAMMA_DIFF, n.index + 1, a, e), da);
                Node viaE = de == b.zero ? b.zero : b.mul(b.polygamma(n.index, b.add(a, e)), de);
                yield b.add(viaA, viaE);
            }
            // d log P(s, x) = ∂ₛ log P·ds + x^{s−1}e^{−x}/(Γ(s)·P)·dx, and −… for Q in x
            case LOG_GAMMA_P, LOG_GAMMA_Q -> {
                Op shape = n.op == Op.LOG_GAMMA_P ? Op.LOG_GAMMA_P_SHAPE : Op.LOG_GAMMA_Q_SHAPE;
                Node viaShape = da == b.zero ? b.zero : b.mul(b.special(shape, 1, a, n.arg(1)), da);
                yield b.add(viaShape, b.mul(gammaSlope(n), derivative(n.arg(1), k)));
            }
            // ∂ₓ∂ₛ log P = ∂ₓ log P·(log x − ψ(s) − ∂ₛ log P): the density's own derivative in s, less the normalisation's
            case LOG_GAMMA_P_SHAPE, LOG_GAMMA_Q_SHAPE -> {
                if (n.index >= 2) throw beyondSecondOrder();
                Node x = n.arg(1);
                Node value = b.binary(n.op == Op.LOG_GAMMA_P_SHAPE ? Op.LOG_GAMMA_P : Op.LOG_GAMMA_Q, a, x);
                Node viaShape = da == b.zero ? b.zero : b.mul(b.special(n.op, 2, a, x), da);
                Node dx = derivative(x, k);
                Node viaX = dx == b.zero ? b.zero
                        : b.mul(b.mul(gammaSlope(value), b.sub(b.sub(b.log(x), b.polygamma(0, a)), n)), dx);
                yield b.add(viaShape, viaX);
            }
            // d log I_x(a, c) = ∂ₐ log I·da + ∂_c log I·dc + x^{a−1}(1 − x)^{c−1}/(B(a, c)·I)·dx; y is 1 − x, not a variable
            case LOG_BETA_INC -> {
                Node[] args = n.args().toArray(Node[]::new);
                Node dc = derivative(args[1], k);
                Node viaA = da == b.zero ? b.zero : b.mul(b.special(Op.LOG_BETA_INC_SHAPE, 10, args), da);
                Node viaC = dc == b.zero ? b.zero : b.mul(b.special(Op.LOG_BETA_INC_SHAPE, 1, args), dc);
                yield b.add(b.add(viaA, viaC), b.mul(betaSlope(n), derivative(args[2], k)));
            }
            // As for the gamma function: ∂ₓ∂ₐ log I = ∂ₓ log I·(log x − ψ(a) + ψ(a + c) − ∂ₐ log I), and with log y for c
            case LOG_BETA_INC_SHAPE -> {
                if (n.index / 10 + n.index % 10 >= 2) throw beyondSecondOrder();
                Node[] args = n.args().toArray(Node[]::new);
                boolean inA = n.index == 10;
                Node dc = derivative(args[1], k), dx = derivative(args[2], k);
                Node viaA = da == b.zero ? b.zero : b.mul(b.special(Op.LOG_BETA_INC_SHAPE, n.index + 10, args), da);
                Node viaC = dc == b.zero ? b.zero : b.mul(b.special(Op.LOG_BETA_INC_SHAPE, n.index + 1, args), dc);
                Node viaX = b.zero;
                if (dx != b.zero) {
                    Node density = b.add(b.sub(b.log(args[inA ? 2 : 3]), b.polygamma(0, args[inA ? 0 : 1])), b.polygamma(0, b.add(args[0], args[1])));
                    viaX = b.mul(b.mul(betaSlope(b.logBetaInc(args[0], args[1], args[2], args[3])), b.sub(density, n)), dx);
                }
                yield b.add(b.add(viaA, viaC), viaX);
            }
            // d log(eᵃ + eᶜ) = e^{a − value}·da + e^{c − value}·dc
            case LOG_SUM_EXP -> b.add(b.mul(b.exp(b.sub(a, n)), da), b.mul(b.exp(b.sub(n.arg(1), n)), derivative(n.arg(1), k)));
            default -> throw new IllegalStateException("no derivative for " + n.op);
        };
    }

    /** ∂ₓ log P(s, x) = x^{s−1}e^{−x}/(Γ(s)·P), or −x^{s−1}e^{−x}/(Γ(s)·Q) for Q, from the node of log P or log Q. */
    private Node gammaSlope(Node logValue) {
        Node s = logValue.arg(0), x = logValue.arg(1);
        Node slope = b.exp(b.sub(b.sub(b.sub(b.mul(b.sub(s, b.one), b.log(x)), x), b.apply(Op.LGAMMA, s)), logValue));
        return logValue.op == Op.LOG_GAMMA_P ? slope : b.neg(slope);
    }

    /** ∂ₓ log I_x(a, c) = x^{a−1}·y^{c−1}/(B(a, c)·I), from the node of log I. */
    private Node betaSlope(Node logValue) {
        Node a = logValue.arg(0), c = logValue.arg(1), x = logValue.arg(2), y = logValue.arg(3);
        Node logBeta = b.sub(b.add(b.apply(Op.LGAMMA, a), b.apply(Op.LGAMMA, c)), b.apply(Op.LGAMMA, b.add(a, c)));
        Node logDensity = b.sub(b.add(b.mul(b.sub(a, b.one), b.log(x)), b.mul(b.sub(c, b.one), b.log(y))), logBeta);
        return b.exp(b.sub(logDensity, logValue));
    }

    /**
     * The shape derivatives of the incomplete gamma and beta functions are computed to the second order, which the
     * gradient and the Hessian need; nothing in mle differentiates a third time.
     */
    private static IllegalStateException beyondSecondOrder() {
        return new IllegalStateException("the incomplete gamma and beta functions and lgamma differences have derivatives to the second order only");
    }

    private Node twoOverSqrtPi() { return b.namedConstant(2 / Math.sqrt(Math.PI), "2/√π"); }

    /** A DOT's columns by the parameter they multiply, so that each ∂/∂βⱼ is found without a scan over the products. */
    private Map<Integer, List<Node>> columnsOf(Node dot) {
        return dotColumns.computeIfAbsent(dot, d -> {
            Map<Integer, List<Node>> byParameter = new HashMap<>();
            for (int j = 0; j < d.dotLength(); j++) {
                byParameter.computeIfAbsent(d.dotWeight(j).index, x -> new ArrayList<>(1)).add(d.dotColumn(j));
            }
            return byParameter;
        });
    }

    private Node power(Node n, int k, Node dBase) {
        Node base = n.arg(0);
        Node exponent = n.arg(1);
        Node dExponent = derivative(exponent, k);
        // d(u^c) = c·u^(c−1)·du when the exponent does not depend on θ_k
        Node viaBase = dBase == b.zero ? b.zero
                : b.mul(b.mul(exponent, b.pow(base, b.sub(exponent, b.one))), dBase);
        if (dExponent == b.zero) return viaBase;
        // d(u^v) through v: u^v·log(u)·dv
        return b.add(viaBase, b.mul(b.mul(n, b.log(base)), dExponent));
    }
}
