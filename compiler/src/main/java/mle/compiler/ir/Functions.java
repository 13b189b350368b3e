package mle.compiler.ir;

/**
 * The numeric definitions of the IR's functions, shared by the reference evaluator, constant folding
 * and the runtime, so that all three agree to the last bit.
 */
public final class Functions {
    private Functions() {}

    public static double apply(Op op, int index, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case TANH -> Math.tanh(x);
            case ATAN -> Math.atan(x);
            case ASIN -> Math.asin(x);
            case ACOS -> Math.acos(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case LOGISTIC -> logistic(x);
            case LOGIT -> Math.log(x / (1 - x));
            case SOFTPLUS -> softplus(x);
            case LGAMMA -> lgamma(x);
            case POLYGAMMA -> polygamma(index, x);
            case INDICATOR -> indicator(x, index);
            case STEP -> step(x);
            case ERF -> erf(x);
            case ERFC -> erfc(x);
            case LOG_ERFC -> logErfc(x);
            case LOG1M_EXP -> log1mExp(x);
            default -> throw new IllegalArgumentException(op + " is not a function of one argument");
        };
    }

    /** [x = level]: 1 where x is that level, else 0. */
    public static double indicator(double x, int level) { return x == level ? 1 : 0; }

    /** 1 where x ≥ 0, else 0; NaN stays NaN. */
    public static double step(double x) { return x >= 0 ? 1 : x < 0 ? 0 : Double.NaN; }

    /** The element of {@code elements} (1-based) that {@code index} picks, or NaN when it picks none. */
    public static double select(double index, double[] elements) {
        int k = picked(index, elements.length);
        return k >= 0 ? elements[k] : Double.NaN;
    }

    /** The 0-based element of a vector of {@code size} that a 1-based index picks, or −1 when it is not 1..size. */
    public static int picked(double index, int size) {
        int k = (int) index;
        return k == index && k >= 1 && k <= size ? k - 1 : -1;
    }

    public static double logistic(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** log(1 + eˣ) without overflow for large x or loss of digits for very negative x. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** log|Γ(x)|, by the Lanczos approximation (g = 7), with the reflection formula below ½. */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) return x;
        if (x == Math.rint(x) && x <= 0) return Double.POSITIVE_INFINITY;
        if (x < 0.5) return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
        if (x == 1 || x == 2) return 0;
        double z = x - 1;
        double sum = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
        return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** sin(πx), exact at the integers and without the rounding of πx for large |x|: sin(π(x − k))·(−1)ᵏ. */
    private static double sinPi(double x) {
        double k = Math.rint(x);
        double s = Math.sin(Math.PI * (x - k));
        return Math.IEEEremainder(k, 2) == 0 ? s : -s;
    }

    /** ψ⁽ⁿ⁾(x): digamma for n = 0, trigamma for n = 1, and so on. */
    public static double polygamma(int n, double x) {
        if (Double.isNaN(x)) return x;
        if (x <= 0 && x == Math.rint(x)) return Double.NaN;
        if (n == 0) return digamma(x);
        // Recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x+1) + (-1)ⁿ⁺¹ n! / xⁿ⁺¹ up to x ≥ 20, then the asymptotic series.
        double factorial = 1;
        for (int i = 2; i <= n; i++) factorial *= i;
        double sign = (n % 2 == 1) ? 1 : -1;
        double acc = 0;
        if (x < 0) return Double.NaN;   // not needed by any distribution; avoid a wrong answer
        while (x < 20) {
            acc += sign * factorial / Math.pow(x, n + 1);
            x += 1;
        }
        // ψ⁽ⁿ⁾(x) ~ (-1)ⁿ⁺¹ [ (n-1)!/xⁿ + n!/(2xⁿ⁺¹) + Σ_k B₂ₖ (2k+n-1)!/((2k)! x^(2k+n)) ]
        double nMinus1Factorial = factorial / n;
        double series = nMinus1Factorial / Math.pow(x, n) + factorial / (2 * Math.pow(x, n + 1));
        double[] bernoulli = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6};
        for (int k = 1; k <= bernoulli.length; k++) {
            double ratio = 1;   // (2k+n-1)! / (2k)!
            for (int j = 2 * k + 1; j <= 2 * k + n - 1; j++) ratio *= j;
            series += bernoulli[k - 1] * ratio / Math.pow(x, 2 * k + n);
        }
        return acc + sign * series;
    }

    private static double digamma(double x) {
        double acc = 0;
        if (x < 0) {
            // Reflection: ψ(1 − x) − ψ(x) = π cot(πx); tan has period π, so reduce x exactly first
            return digamma(1 - x) - Math.PI / Math.tan(Math.PI * (x - Math.rint(x)));
        }
        while (x < 10) {
            acc -= 1 / x;
            x += 1;
        }
        // ψ(x) ~ log x − 1/(2x) − Σₖ B₂ₖ/(2k·x²ᵏ), to x⁻¹⁴: the first omitted term is < 5e-17 at x ≥ 10
        // (stopping at x⁻¹⁰ left 2e-14).
        double inv2 = 1 / (x * x);
        double series = Math.log(x) - 0.5 / x
                - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
                        - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 * (1.0 / 12)))))));
        return acc + series;
    }

    /** The value of a node other than DOT from the values of its arguments, for the evaluators that go node by node. */
    public static double value(Node n, java.util.function.IntToDoubleFunction argument) {
        if (n.op == Op.SELECT) {
            // Only the element picked: a vector of 10⁵ group effects costs one lookup a row, not 10⁵.
            int k = picked(argument.applyAsDouble(0), n.arity() - 1);
            return k >= 0 ? argument.applyAsDouble(k + 1) : Double.NaN;
        }
        if (isSpecial(n.op)) {
            double[] args = new double[n.arity()];
            for (int k = 0; k < args.length; k++) args[k] = argument.applyAsDouble(k);
            return special(n.op, n.index, args);
        }
        if (n.op.arity == 2) return apply(n.op, argument.applyAsDouble(0), argument.applyAsDouble(1));
        return apply(n.op, n.index, argument.applyAsDouble(0));
    }

    /** The value of a binary op. */
    public static double apply(Op op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> pow(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case LOG_SUM_EXP -> logSumExp(a, b);
            case LOG_GAMMA_P -> logGammaP(a, b);
            case LOG_GAMMA_Q -> logGammaQ(a, b);
            default -> throw new IllegalArgumentException(op + " is not a binary operation");
        };
    }

    /** log(eᵃ + eᵇ) without overflow: the larger plus log1p of the smaller's ratio to it. */
    public static double logSumExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        double hi = Math.max(a, b), lo = Math.min(a, b);
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    // ---- the incomplete gamma and beta functions ---------------------------------------------------

    /** log P(s, x), the regularized lower incomplete gamma function. */
    public static double logGammaP(double s, double x) { return IncompleteGamma.log(s, x, true).v; }

    /** log Q(s, x) = log(1 − P(s, x)), the upper one. */
    public static double logGammaQ(double s, double x) { return IncompleteGamma.log(s, x, false).v; }

    /** Whether the op takes its arguments as an array, with {@link #special}. */
    public static boolean isSpecial(Op op) {
        return op == Op.LOG_GAMMA_P_SHAPE || op == Op.LOG_GAMMA_Q_SHAPE || op == Op.LOG_BETA_INC || op == Op.LOG_BETA_INC_SHAPE
                || op == Op.LGAMMA_DIFF;
    }

    /**
     * ψ⁽ᵐ⁻¹⁾(a + d) − ψ⁽ᵐ⁻¹⁾(a) (log Γ for m = 0, digamma for 1, trigamma for 2) without the cancellation of the two
     * terms computed apart: for a large next to d, from the differences of the Stirling series term by term, each
     * difference formed without subtracting rounded numbers (1/(a + d) − 1/a as −d/(a(a + d))); otherwise directly.
     */
    public static double lgammaDifference(int order, double a, double d) {
        if (Double.isNaN(a) || Double.isNaN(d)) return Double.NaN;
        if (d == 0) return 0;
        if (!lgammaDifferenceBySeries(a, d)) {
            return order == 0 ? lgamma(a + d) - lgamma(a) : polygamma(order - 1, a + d) - polygamma(order - 1, a);
        }
        return lgammaDifferenceSeries(order, a, d);
    }

    /** Whether {@link #lgammaDifference} takes the series: below a = 50 its next term would show, and the direct form is exact enough. */
    public static boolean lgammaDifferenceBySeries(double a, double d) { return a >= 50 && a >= 10 * Math.abs(d); }

    /** {@link #lgammaDifference} by the asymptotic series, where {@link #lgammaDifferenceBySeries} says it applies. */
    public static double lgammaDifferenceSeries(int order, double a, double d) {
        double z = a + d, l = Math.log1p(d / a);
        // q[n] = 1/(a + d)ⁿ − 1/aⁿ for n = 1…7 = −d·Σₖ 1/(a^{k+1}(a + d)^{n−k}), k < n: positive terms, no difference of
        // two rounded numbers. With s[n] = Σₖ (1/a)ᵏ(1/z)^{n−1−k}, s[n + 1] = s[n]/z + 1/aⁿ and q[n] = −d·s[n]/(a·z): a
        // few multiplications where powers cost a call each (a negative binomial regression evaluates this on every row).
        double ia = 1 / a, iz = 1 / z, factor = -d * ia * iz, sum = 1, power = 1;
        double[] q = new double[8];
        for (int n = 1; n <= 7; n++) {
            q[n] = factor * sum;
            power *= ia;
            sum = sum * iz + power;
        }
        return switch (order) {
            // lnΓ(z) = (z − ½)ln z − z + ½ln 2π + 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) + …
            case 0 -> (a - 0.5) * l + d * Math.log(z) - d + q[1] / 12 - q[3] / 360 + q[5] / 1260 - q[7] / 1680;
            // ψ(z) = ln z − 1/(2z) − 1/(12z²) + 1/(120z⁴) − 1/(252z⁶) + …
            case 1 -> l - q[1] / 2 - q[2] / 12 + q[4] / 120 - q[6] / 252;
            // ψ₁(z) = 1/z + 1/(2z²) + 1/(6z³) − 1/(30z⁵) + 1/(42z⁷) − …
            case 2 -> q[1] + q[2] / 2 + q[3] / 6 - q[5] / 30 + q[7] / 42;
            default -> throw new IllegalArgumentException("lgamma differences of order 0, 1 and 2 only");
        };
    }

    /** The incomplete beta function and the shape derivatives of it and of the incomplete gamma functions. */
    public static double special(Op op, int index, double[] x) {
        return switch (op) {
            case LOG_GAMMA_P_SHAPE -> IncompleteGamma.log(x[0], x[1], true).derivative(index, 0);
            case LOG_GAMMA_Q_SHAPE -> IncompleteGamma.log(x[0], x[1], false).derivative(index, 0);
            case LOG_BETA_INC -> IncompleteBeta.log(x[0], x[1], x[2], x[3]).v;
            case LOG_BETA_INC_SHAPE -> IncompleteBeta.log(x[0], x[1], x[2], x[3]).derivative(index / 10, index % 10);
            case LGAMMA_DIFF -> lgammaDifference(index, x[0], x[1]);
            default -> throw new IllegalArgumentException(op + " is not a special function");
        };
    }

    // ---- the error function ---------------------------------------------------------------------
    // Written here rather than taken from a library because the IR's functions must give the same bits in the compiler
    // (constant folding, the reference evaluator) and in compiled code, and because log erfc(x) must stay finite far
    // into the tail (a probit model's log Φ(−40)), where erfc itself underflows: the continued fraction below gives
    // √π·e^{x²}·erfc(x) directly.

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    /** erf(x) for |x| < 1 from erf(x) = (2/√π)·e^{−x²}·Σₙ 2ⁿx^{2n+1}/(1·3···(2n+1)), whose terms are all positive. */
    private static double erfSeries(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 60 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /**
     * √π·e^{x²}·erfc(x) for x ≥ 1, by the continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) evaluated with
     * the modified Lentz method.
     */
    private static double scaledErfc(double x) {
        double tiny = 1e-300, f = x, c = x, d = 0;
        for (int k = 1; k < 5000; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = x + a / c;
            if (Math.abs(c) < tiny) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return 1 / f;
    }

    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        if (Math.abs(x) < 1) return erfSeries(x);
        return Math.copySign(1 - erfc(Math.abs(x)), x);
    }

    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 1) return x > -1 ? 1 - erfSeries(x) : 2 - erfc(-x);
        if (x > 27.3) return 0;   // below the smallest double
        return Math.exp(-x * x) / Math.sqrt(Math.PI) * scaledErfc(x);
    }

    /** log(1 − e^{−x}): log(−expm1(−x)) near 0, log1p(−e^{−x}) beyond log 2, each exact where the other rounds. */
    public static double log1mExp(double x) {
        return x > 0.6931471805599453 ? Math.log1p(-Math.exp(-x)) : Math.log(-Math.expm1(-x));
    }

    /** log erfc(x), finite for every finite x: erfc underflows beyond 27, its logarithm is −x² − log(x√π) − …. */
    public static double logErfc(double x) {
        if (Double.isNaN(x)) return x;
        // erfc(x) = 2 − erfc(−x) near 2: log 2 + log1p(−erfc(−x)/2) keeps the tiny difference's digits (log Φ(8)).
        if (x < -1) return Math.log(2) + Math.log1p(-0.5 * erfc(-x));
        if (x < 1) return Math.log(erfc(x));
        return -x * x - 0.5 * Math.log(Math.PI) + Math.log(scaledErfc(x));
    }

    /** x² as x·x, which is exact where Math.pow need not be and is what a hand-written loop does. */
    public static double pow(double a, double b) {
        if (b == 2) return a * a;
        if (b == 3) return a * a * a;
        if (b == -1) return 1 / a;
        if (b == 0.5) return Math.sqrt(a);
        return Math.pow(a, b);
    }
}
