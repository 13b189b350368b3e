package mle.runtime.optim;

/**
 * A line search for the strong Wolfe conditions: φ(α) ≤ φ(0) + c1·α·φ'(0) and |φ'(α)| ≤ c2·|φ'(0)|, where
 * φ(α) = f(x + α·d). Two stages: extrapolate until the minimiser is bracketed, then shrink the bracket with
 * safeguarded cubic interpolation (using the value and slope at both ends) until a point satisfies both
 * conditions (the scheme of Nocedal and Wright, Numerical Optimization, §3.5).
 *
 * <p>Robustness: a trial point whose value or gradient is not finite (NaN, ±∞) is treated as a wall: it becomes
 * the far end of the bracket and the step is pulled back towards the best point so far. The search never uses
 * more than {@link #MAX_EVALUATIONS} evaluations. If the strong Wolfe conditions cannot be met but some point
 * gave sufficient decrease (e.g. at the maximum step, or when the bracket has shrunk to rounding level), that
 * point is returned with status {@link Status#ARMIJO}.
 */
final class LineSearch {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;
    static final int MAX_EVALUATIONS = 40;
    private static final double EPS = Math.ulp(1.0);

    enum Status {
        /** Both strong Wolfe conditions hold. */
        WOLFE,
        /** Only sufficient decrease holds (maximum step reached, bracket collapsed or evaluations used up). */
        ARMIJO,
        /** No point with sufficient decrease was found. */
        FAILED,
        /** The objective returned −∞ at a trial point. */
        UNBOUNDED
    }

    private final int n;
    private double[] xt;
    private double[] gt;
    private double[] xb;
    private double[] gb;

    /** After {@link #search}: the accepted step, value, point and gradient (valid unless FAILED/UNBOUNDED). */
    double alpha;
    double value;
    int evaluations;

    LineSearch(int n) {
        this.n = n;
        xt = new double[n];
        gt = new double[n];
        xb = new double[n];
        gb = new double[n];
    }

    /** The accepted point (owned by this object; copy it). */
    double[] point() {
        return xb;
    }

    /** The gradient at the accepted point (owned by this object; copy it). */
    double[] gradient() {
        return gb;
    }

    /**
     * @param x0        start point
     * @param f0        f(x0)
     * @param g0        ∇f(x0)
     * @param d         a descent direction (g0·d &lt; 0)
     * @param alphaInit first trial step
     * @param alphaMax  largest step allowed
     */
    Status search(Budget budget, double[] x0, double f0, double[] g0, double[] d, double alphaInit,
                  double alphaMax) {
        evaluations = 0;
        final double dphi0 = dot(g0, d);
        if (!(dphi0 < 0)) {
            return Status.FAILED;
        }
        // lo: best point so far with sufficient decrease (α = 0 is the start); hi: the other end of the bracket.
        double aLo = 0, fLo = f0, dLo = dphi0;
        double aHi = Double.NaN, fHi = Double.NaN, dHi = Double.NaN;
        boolean hiFinite = false;
        boolean bracketed = false;
        double aPrev = 0, fPrev = f0, dPrev = dphi0; // previous trial, for extrapolation
        double a = Math.min(alphaInit, alphaMax);
        if (!(a > 0)) {
            return Status.FAILED;
        }
        int trials = 0;
        while (evaluations < MAX_EVALUATIONS && trials++ < 2 * MAX_EVALUATIONS) {
            boolean moved = false;
            for (int i = 0; i < n; i++) {
                xt[i] = x0[i] + a * d[i];
                moved |= xt[i] != x0[i];
            }
            if (!moved) {
                // The step is below rounding in every coordinate (huge |x|, tiny first step): lengthen it.
                if (bracketed || a >= alphaMax) {
                    break;
                }
                a = Math.min(16 * a, alphaMax);
                continue;
            }
            evaluations++;
            double ft = budget.valueAndGradient(xt, gt);
            if (ft == Double.NEGATIVE_INFINITY) {
                return Status.UNBOUNDED;
            }
            double dt = dot(gt, d);
            boolean finite = Double.isFinite(ft) && Double.isFinite(dt) && allFinite(gt);
            if (!finite) {
                // A wall: bracket [lo, a] and pull back. Far back when nothing was gained yet (we overshot),
                // bisect when we already have a good point (the minimum may lie near the wall).
                bracketed = true;
                aHi = a;
                hiFinite = false;
            } else if (ft > f0 + C1 * a * dphi0 || ft >= fLo) {
                bracketed = true;
                aHi = a;
                fHi = ft;
                dHi = dt;
                hiFinite = true;
            } else {
                if (Math.abs(dt) <= -C2 * dphi0) {
                    takeTrial(a, ft);
                    return Status.WOLFE;
                }
                if (bracketed) {
                    if (dt * (aHi - aLo) >= 0) {
                        aHi = aLo;
                        fHi = fLo;
                        dHi = dLo;
                        hiFinite = true;
                    }
                } else if (dt >= 0) {
                    bracketed = true;
                    aHi = aLo;
                    fHi = fLo;
                    dHi = dLo;
                    hiFinite = true;
                }
                aLo = a;
                fLo = ft;
                dLo = dt;
                takeTrial(a, ft);
            }

            // Next trial step.
            if (bracketed) {
                double lower = Math.min(aLo, aHi);
                double upper = Math.max(aLo, aHi);
                double width = upper - lower;
                if (collapsed(x0, d, width)) {
                    break;
                }
                double next;
                if (hiFinite) {
                    next = cubicMinimiser(aLo, fLo, dLo, aHi, fHi, dHi);
                    double margin = 0.1 * width;
                    if (!Double.isFinite(next)) {
                        next = 0.5 * (lower + upper);
                    } else {
                        next = Math.max(lower + margin, Math.min(upper - margin, next));
                    }
                } else {
                    next = aLo + (aLo == 0 ? 0.1 : 0.5) * (aHi - aLo);
                }
                a = next;
            } else {
                if (a >= alphaMax) {
                    break; // still descending at the maximum step: return it (ARMIJO below)
                }
                double step = a - aPrev;
                double next = cubicMinimiser(aPrev, fPrev, dPrev, a, fLo, dLo);
                double low = a + 1.1 * step;
                double high = a + 4.0 * step;
                if (!Double.isFinite(next) || next <= a || next > high) {
                    next = high;
                } else if (next < low) {
                    next = low;
                }
                aPrev = a;
                fPrev = fLo;
                dPrev = dLo;
                a = Math.min(next, alphaMax);
            }
        }
        if (aLo > 0) {
            alpha = aLo;
            value = fLo;
            return Status.ARMIJO;
        }
        return Status.FAILED;
    }

    private void takeTrial(double a, double ft) {
        double[] t = xb;
        xb = xt;
        xt = t;
        t = gb;
        gb = gt;
        gt = t;
        alpha = a;
        value = ft;
    }

    /** Whether a step change of {@code width} moves no coordinate by more than rounding. */
    private boolean collapsed(double[] x0, double[] d, double width) {
        for (int i = 0; i < n; i++) {
            if (Math.abs(width * d[i]) > 2 * EPS * Math.abs(x0[i]) && width * Math.abs(d[i]) > Double.MIN_NORMAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * The minimiser of the cubic that interpolates φ and φ' at a and b, or NaN when that cubic has no local
     * minimiser.
     */
    static double cubicMinimiser(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (!(disc >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.copySign(Math.sqrt(disc), b - a);
        double denominator = db - da + 2 * d2;
        if (denominator == 0) {
            return Double.NaN;
        }
        return b - (b - a) * (db + d2 - d1) / denominator;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
