package mle.compiler.ir;

/**
 * A number with its first and second derivatives in two variables, a and b: forward-mode differentiation, to second
 * order, of the series and continued fractions of the incomplete gamma and beta functions, whose derivatives in their
 * shape arguments have no closed form. Carrying the derivatives through the same iteration that converges to the value
 * makes them converge with it (Boik and Robison-Cox differentiate the beta function's continued fraction the same way),
 * which finite differences of the value could not do to the digits a Newton step needs.
 */
final class Jet {
    final double v, a, b, aa, ab, bb;

    private Jet(double v, double a, double b, double aa, double ab, double bb) {
        this.v = v;
        this.a = a;
        this.b = b;
        this.aa = aa;
        this.ab = ab;
        this.bb = bb;
    }

    static Jet constant(double v) { return new Jet(v, 0, 0, 0, 0, 0); }

    /** The variable a at this value. */
    static Jet variableA(double v) { return new Jet(v, 1, 0, 0, 0, 0); }

    /** The variable b at this value. */
    static Jet variableB(double v) { return new Jet(v, 0, 1, 0, 0, 0); }

    static final Jet NAN = constant(Double.NaN);

    Jet plus(Jet o) { return new Jet(v + o.v, a + o.a, b + o.b, aa + o.aa, ab + o.ab, bb + o.bb); }

    Jet plus(double c) { return new Jet(v + c, a, b, aa, ab, bb); }

    Jet minus(Jet o) { return new Jet(v - o.v, a - o.a, b - o.b, aa - o.aa, ab - o.ab, bb - o.bb); }

    Jet times(double c) { return new Jet(v * c, a * c, b * c, aa * c, ab * c, bb * c); }

    Jet times(Jet o) {
        return new Jet(v * o.v, a * o.v + v * o.a, b * o.v + v * o.b,
                aa * o.v + 2 * a * o.a + v * o.aa,
                ab * o.v + a * o.b + b * o.a + v * o.ab,
                bb * o.v + 2 * b * o.b + v * o.bb);
    }

    Jet dividedBy(Jet o) { return times(o.reciprocal()); }

    /** f(this), given f, f′ and f″ at this value: the chain rule to second order. */
    Jet apply(double f, double f1, double f2) {
        return new Jet(f, f1 * a, f1 * b, f2 * a * a + f1 * aa, f2 * a * b + f1 * ab, f2 * b * b + f1 * bb);
    }

    Jet reciprocal() {
        double r = 1 / v;
        return apply(r, -r * r, 2 * r * r * r);
    }

    Jet log() {
        double r = 1 / v;
        return apply(Math.log(v), r, -r * r);
    }

    Jet exp() {
        double e = Math.exp(v);
        return apply(e, e, e);
    }

    Jet lgamma() { return apply(Functions.lgamma(v), Functions.polygamma(0, v), Functions.polygamma(1, v)); }

    /**
     * log(1 − eᴸ) of a log-probability L < 0: the log of the complement, from log1mExp where it is exact, with
     * derivatives −r and −r·(1 + r), r = 1/(e^{−L} − 1).
     */
    Jet logComplement() {
        double r = 1 / Math.expm1(-v);   // 1/(e^{−L} − 1) > 0, and 0 where the complement is 1 to rounding
        return apply(Functions.log1mExp(-v), -r, -r * (1 + r));
    }

    /** Whether this factor of a product is 1 to rounding, its derivatives included: a converged continued fraction. */
    boolean isOne(double tolerance) {
        return Math.abs(v - 1) < tolerance && Math.abs(a) < tolerance && Math.abs(b) < tolerance
                && Math.abs(aa) < tolerance && Math.abs(ab) < tolerance && Math.abs(bb) < tolerance;
    }

    /** The derivative ∂ⁱ_a ∂ʲ_b for i + j ≤ 2. */
    double derivative(int inA, int inB) {
        return switch (10 * inA + inB) {
            case 0 -> v;
            case 10 -> a;
            case 1 -> b;
            case 20 -> aa;
            case 11 -> ab;
            case 2 -> bb;
            default -> throw new IllegalArgumentException("a jet holds derivatives up to the second order");
        };
    }
}
