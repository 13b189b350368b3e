package mle.compiler.ir;

/**
 * log P(s, x) and log Q(s, x), the regularized lower and upper incomplete gamma functions, with their first two
 * derivatives in the shape s: the series below s + 1 and the continued fraction above it, both in logarithms, so that a
 * tail far below rounding (a Poisson count of 200 at a rate of 20, a Gamma survival time far out) keeps its digits.
 * Each side is computed where it is small, the other as its complement, which is then not close to 0.
 */
final class IncompleteGamma {
    private IncompleteGamma() {}

    private static final int MAX_TERMS = 10_000;

    /** log P(s, x) (lower) or log Q(s, x), as a jet in s (the variable a). */
    static Jet log(double s, double x, boolean lower) {
        if (Double.isNaN(s) || Double.isNaN(x) || s <= 0 || x < 0) return Jet.NAN;
        if (x == 0) return Jet.constant(lower ? Double.NEGATIVE_INFINITY : 0);
        if (x == Double.POSITIVE_INFINITY) return Jet.constant(lower ? 0 : Double.NEGATIVE_INFINITY);
        Jet shape = Jet.variableA(s);
        boolean seriesSide = x < s + 1;
        Jet small = seriesSide ? logLower(shape, x) : logUpper(shape, x);
        return seriesSide == lower ? small : small.logComplement();
    }

    /** log P = −x + s·log x − lgamma(s + 1) + log Σₙ xⁿ/((s+1)…(s+n)), whose terms are all positive. */
    private static Jet logLower(Jet s, double x) {
        Jet term = Jet.constant(1), sum = term;
        for (int n = 1; n < MAX_TERMS && term.v > 1e-17 * sum.v; n++) {
            term = term.times(x).dividedBy(s.plus(n));
            sum = sum.plus(term);
        }
        return s.times(Math.log(x)).minus(s.plus(1).lgamma()).plus(sum.log()).plus(-x);
    }

    /** log Q = −x + s·log x − lgamma(s) + log of the continued fraction 1/(x + 1 − s − 1·(1 − s)/(x + 3 − s − …)), by Lentz. */
    private static Jet logUpper(Jet s, double x) {
        double tiny = 1e-300;
        Jet bn = s.times(-1).plus(x + 1), c = Jet.constant(1 / tiny), d = bn.reciprocal(), h = d;
        for (int i = 1; i < MAX_TERMS; i++) {
            Jet an = s.plus(-i).times(i);   // −i·(i − s)
            bn = bn.plus(2);
            d = an.times(d).plus(bn);
            if (Math.abs(d.v) < tiny) d = Jet.constant(tiny);
            c = bn.plus(an.dividedBy(c));
            if (Math.abs(c.v) < tiny) c = Jet.constant(tiny);
            d = d.reciprocal();
            Jet delta = d.times(c);
            h = h.times(delta);
            if (delta.isOne(1e-16)) break;
        }
        return s.times(Math.log(x)).minus(s.lgamma()).plus(h.log()).plus(-x);
    }
}
