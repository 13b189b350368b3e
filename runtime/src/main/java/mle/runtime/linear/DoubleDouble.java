package mle.runtime.linear;

/**
 * Double-double arithmetic: a value is the unevaluated sum hi + lo of two doubles, about 32 significant digits.
 * Used where least squares needs more than double precision: the residuals and the design itself when refining a
 * solution (NIST's Filip loses half its digits if x¹⁰ is merely rounded to a double). Products use
 * {@link Math#fma} for the exact error of a double product; sums use Knuth's two-sum.
 *
 * <p>Ours because Java has no such type and the operations are a dozen lines; the algorithms are the standard
 * error-free transformations (Dekker 1971, Knuth), not copied code.
 */
public final class DoubleDouble {
    private DoubleDouble() {
    }

    /** A mutable double-double accumulator, to keep inner loops free of allocation. */
    public static final class Accumulator {
        public double hi;
        public double lo;

        public Accumulator set(double h, double l) {
            hi = h;
            lo = l;
            return this;
        }

        /** this += (bh, bl). */
        public void add(double bh, double bl) {
            double s = hi + bh;
            double v = s - hi;
            double e = (hi - (s - v)) + (bh - v);
            e += lo + bl;
            hi = s + e;
            lo = e - (hi - s);
        }

        /** this += (ah, al)·(bh, bl). */
        public void addProduct(double ah, double al, double bh, double bl) {
            double p = ah * bh;
            double e = Math.fma(ah, bh, -p) + (ah * bl + al * bh);
            double ph = p + e;
            add(ph, e - (ph - p));
        }

        /** The value rounded to a double. */
        public double value() {
            return hi + lo;
        }
    }

    /** (ah, al) + (bh, bl) into out[0], out[1]. */
    public static void add(double ah, double al, double bh, double bl, double[] out) {
        double s = ah + bh;
        double v = s - ah;
        double e = (ah - (s - v)) + (bh - v) + al + bl;
        out[0] = s + e;
        out[1] = e - (out[0] - s);
    }

    /** (ah, al)·(bh, bl) into out. */
    public static void multiply(double ah, double al, double bh, double bl, double[] out) {
        double p = ah * bh;
        double e = Math.fma(ah, bh, -p) + (ah * bl + al * bh);
        out[0] = p + e;
        out[1] = e - (out[0] - p);
    }

    /** (ah, al)/(bh, bl) into out: a quotient, corrected once by its exact remainder. */
    public static void divide(double ah, double al, double bh, double bl, double[] out) {
        double q1 = ah / bh;
        double[] t = new double[2];
        multiply(q1, 0, bh, bl, t);
        add(ah, al, -t[0], -t[1], t);
        double q2 = t[0] / bh;
        multiply(q2, 0, bh, bl, out);
        add(t[0], t[1], -out[0], -out[1], t);
        double q3 = t[0] / bh;
        double s = q1 + q2;
        double e = q2 - (s - q1) + q3;
        out[0] = s + e;
        out[1] = e - (out[0] - s);
    }

    /** (ah, al)^k for a whole k, by repeated squaring (a negative k divides 1 by the power). */
    public static void power(double ah, double al, long k, double[] out) {
        long e = Math.abs(k);
        double rh = 1, rl = 0, bh = ah, bl = al;
        double[] t = new double[2];
        while (e > 0) {
            if ((e & 1) == 1) {
                multiply(rh, rl, bh, bl, t);
                rh = t[0];
                rl = t[1];
            }
            e >>= 1;
            if (e > 0) {
                multiply(bh, bl, bh, bl, t);
                bh = t[0];
                bl = t[1];
            }
        }
        if (k < 0) {
            divide(1, 0, rh, rl, out);
        } else {
            out[0] = rh;
            out[1] = rl;
        }
    }

    /** Arrays of (hi, lo) pairs added pair by pair: a new array. */
    public static double[] addPairs(double[] a, double[] b) {
        double[] out = new double[a.length];
        Accumulator t = new Accumulator();
        for (int i = 0; i < a.length; i += 2) {
            t.set(a[i], a[i + 1]).add(b[i], b[i + 1]);
            out[i] = t.hi;
            out[i + 1] = t.lo;
        }
        return out;
    }
}
