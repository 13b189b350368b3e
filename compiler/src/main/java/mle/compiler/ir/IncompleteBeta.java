package mle.compiler.ir;

/**
 * log I_x(a, b), the regularized incomplete beta function (the distribution function of Beta(a, b) at x), with its first
 * two derivatives in both shapes a and b. The continued fraction converges fast below the mean, x < (a + 1)/(a + b + 2);
 * above it the function is 1 − I_y(b, a), y = 1 − x, whose fraction does. y is an argument of its own, computed by the
 * caller from the same quantities as x, so that a probability close to 1 keeps its digits on the far side.
 */
final class IncompleteBeta {
    private IncompleteBeta() {}

    private static final int MAX_TERMS = 100_000;

    /** log I_x(a, b) as a jet in a and b (the variables a and b of the jet); y must be 1 − x. */
    static Jet log(double a, double b, double x, double y) {
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(x) || Double.isNaN(y) || a < 0 || b < 0 || x < 0 || y < 0
                || a == 0 && b == 0) {
            return Jet.NAN;
        }
        // The limits at a shape of 0: all the mass at 0 (a = 0) or at 1 (b = 0), as a binomial count at its maximum needs.
        if (a == 0 || y == 0) return Jet.constant(0);
        if (b == 0 || x == 0) return Jet.constant(Double.NEGATIVE_INFINITY);
        Jet first = Jet.variableA(a), second = Jet.variableB(b);
        if (x < (a + 1) / (a + b + 2)) return logBelowMean(first, second, x, y);
        return logBelowMean(second, first, y, x).logComplement();
    }

    /** log of xᵃ·yᵇ/(a·B(a, b)) times the continued fraction, by the modified Lentz method. */
    private static Jet logBelowMean(Jet a, Jet b, double x, double y) {
        double tiny = 1e-300;
        Jet sum = a.plus(b), one = Jet.constant(1);
        Jet c = one, d = guard(one.minus(sum.times(x).dividedBy(a.plus(1))), tiny).reciprocal(), h = d;
        for (int m = 1; m < MAX_TERMS; m++) {
            // the even step: m·(b − m)·x / ((a + 2m − 1)·(a + 2m))
            Jet even = b.plus(-m).times(m * x).dividedBy(a.plus(2 * m - 1).times(a.plus(2 * m)));
            d = guard(even.times(d).plus(1), tiny).reciprocal();
            c = guard(even.dividedBy(c).plus(1), tiny);
            h = h.times(d).times(c);
            // the odd step: −(a + m)·(a + b + m)·x / ((a + 2m)·(a + 2m + 1))
            Jet odd = a.plus(m).times(sum.plus(m)).times(-x).dividedBy(a.plus(2 * m).times(a.plus(2 * m + 1)));
            d = guard(odd.times(d).plus(1), tiny).reciprocal();
            c = guard(odd.dividedBy(c).plus(1), tiny);
            Jet delta = d.times(c);
            h = h.times(delta);
            if (delta.isOne(1e-16)) break;
        }
        Jet logBeta = a.lgamma().plus(b.lgamma()).minus(sum.lgamma());
        return a.times(Math.log(x)).plus(b.times(Math.log(y))).minus(logBeta).minus(a.log()).plus(h.log());
    }

    private static Jet guard(Jet j, double tiny) { return Math.abs(j.v) < tiny ? Jet.constant(tiny) : j; }
}
