package mle.compiler.check;

/**
 * What is known at compile time about the values an expression can take: an interval whose ends may be
 * open or closed. Used to prove that a scale is > 0 or a probability in (0, 1) before any data is read.
 */
public record Range(double lo, boolean loOpen, double hi, boolean hiOpen) {
    public static final Range REAL = new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
    public static final Range POSITIVE = new Range(0, true, Double.POSITIVE_INFINITY, true);
    public static final Range NON_NEGATIVE = new Range(0, false, Double.POSITIVE_INFINITY, true);
    public static final Range UNIT = new Range(0, true, 1, true);

    public static Range exactly(double v) { return new Range(v, false, v, false); }

    public boolean isExact() { return lo == hi && !loOpen; }

    /** Every value is > x. */
    public boolean above(double x) { return lo > x || (lo == x && loOpen); }

    /** Every value is < x. */
    public boolean below(double x) { return hi < x || (hi == x && hiOpen); }

    /** Every value lies within {@code other}. */
    public boolean within(Range other) {
        boolean lower = lo > other.lo || (lo == other.lo && (loOpen || !other.loOpen));
        boolean upper = hi < other.hi || (hi == other.hi && (hiOpen || !other.hiOpen));
        return lower && upper;
    }

    public Range union(Range o) {
        boolean lowOpen = lo < o.lo ? loOpen : o.lo < lo ? o.loOpen : loOpen && o.loOpen;
        boolean highOpen = hi > o.hi ? hiOpen : o.hi > hi ? o.hiOpen : hiOpen && o.hiOpen;
        return new Range(Math.min(lo, o.lo), lowOpen, Math.max(hi, o.hi), highOpen);
    }

    public Range negate() { return new Range(-hi, hiOpen, -lo, loOpen); }

    public Range add(Range o) { return new Range(lo + o.lo, loOpen || o.loOpen, hi + o.hi, hiOpen || o.hiOpen); }

    public Range subtract(Range o) { return add(o.negate()); }

    public Range multiply(Range o) {
        if (isExact() && o.isExact()) return exactly(lo * o.lo);
        // Products of the ends bound the product; an end is open if either factor's end is open.
        double[][] ends = {{lo, loOpen ? 1 : 0}, {hi, hiOpen ? 1 : 0}};
        double[][] others = {{o.lo, o.loOpen ? 1 : 0}, {o.hi, o.hiOpen ? 1 : 0}};
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        boolean minOpen = true, maxOpen = true;
        for (double[] a : ends) for (double[] b : others) {
            double p = a[0] * b[0];
            if (Double.isNaN(p)) p = 0;   // 0·∞: the end is approached, never reached
            boolean open = a[1] == 1 || b[1] == 1;
            if (p < min || (p == min && !open)) { min = p; minOpen = open; }
            if (p > max || (p == max && !open)) { max = p; maxOpen = open; }
        }
        return new Range(min, minOpen, max, maxOpen);
    }

    public Range reciprocal() {
        if (above(0)) return new Range(hi == Double.POSITIVE_INFINITY ? 0 : 1 / hi, hi == Double.POSITIVE_INFINITY || hiOpen,
                lo == 0 ? Double.POSITIVE_INFINITY : 1 / lo, lo == 0 || loOpen);
        if (below(0)) return negate().reciprocal().negate();
        return REAL;
    }

    public Range divide(Range o) { return multiply(o.reciprocal()); }

    /** A monotone increasing function applied to the interval. */
    public Range increasing(java.util.function.DoubleUnaryOperator f) {
        return new Range(f.applyAsDouble(lo), loOpen, f.applyAsDouble(hi), hiOpen);
    }

    public Range abs() {
        if (above(0) || (lo == 0 && !loOpen)) return this;
        if (below(0) || (hi == 0)) return negate();
        return new Range(0, false, Math.max(-lo, hi), false);
    }

    public Range power(Range exponent) {
        if (isExact() && exponent.isExact()) return exactly(Math.pow(lo, exponent.lo));
        if (above(0)) return POSITIVE.intersect(exponent.isExact() && exponent.lo > 0 ? increasing(x -> Math.pow(x, exponent.lo)) : POSITIVE);
        if (exponent.isExact() && exponent.lo == Math.rint(exponent.lo) && exponent.lo % 2 == 0) {
            return exponent.lo > 0 ? NON_NEGATIVE : POSITIVE;
        }
        if (lo >= 0) return NON_NEGATIVE;
        return REAL;
    }

    public Range intersect(Range o) {
        boolean lowOpen = lo > o.lo ? loOpen : o.lo > lo ? o.loOpen : loOpen || o.loOpen;
        boolean highOpen = hi < o.hi ? hiOpen : o.hi < hi ? o.hiOpen : hiOpen || o.hiOpen;
        return new Range(Math.max(lo, o.lo), lowOpen, Math.min(hi, o.hi), highOpen);
    }

    /** For messages: `(0, ∞)`, `[0, 1)`, `3`. */
    @Override
    public String toString() {
        if (isExact()) return mle.compiler.ir.IrPrinter.number(lo);
        return (loOpen ? "(" : "[") + end(lo) + ", " + end(hi) + (hiOpen ? ")" : "]");
    }

    private static String end(double v) {
        if (v == Double.POSITIVE_INFINITY) return "∞";
        if (v == Double.NEGATIVE_INFINITY) return "−∞";
        return mle.compiler.ir.IrPrinter.number(v);
    }
}
