package mle.compiler.ir;

/** The operations of the objective IR. Every node is a double-valued function of parameters and one data row. */
public enum Op {
    /** A number; may carry a symbol such as `log(2π)` for the derivation printer. */
    CONST(0),
    /** A scalar parameter, by index into the parameter space. */
    PARAM(0),
    /** The current row's value of one data column, by column index. */
    DATA(0),
    /** n, the number of data rows. */
    ROWS(0),
    ADD(2), SUB(2), MUL(2), DIV(2), POW(2),
    /** atan2(y, x): the angle of the point (x, y), in (−π, π]. */
    ATAN2(2),
    /** log(eᵃ + eᵇ), computed without overflow; smooth, with ∂/∂a = e^{a − value}. */
    LOG_SUM_EXP(2),
    /**
     * log P(s, x) and log Q(s, x), the regularized lower and upper incomplete gamma functions (a Poisson count's
     * distribution function is Q(k + 1, λ), a Gamma variate's P(α, βx)).
     */
    LOG_GAMMA_P(2), LOG_GAMMA_Q(2),
    /**
     * lgamma(a + d) − lgamma(a), and the same difference of digamma and trigamma, for {@code Node.index} 0, 1 and 2: a
     * negative binomial's log Γ(k + φ)/Γ(φ) or a Student-t's log Γ((ν + 1)/2)/Γ(ν/2), which the two log Γ computed apart
     * lose to rounding as the shape grows (at φ = 10¹⁵ they are numbers of 10¹⁶, whose difference is about 35).
     */
    LGAMMA_DIFF(2),
    /** ∂ᵐ/∂sᵐ of log P(s, x) and of log Q(s, x), m = {@code Node.index} (1 or 2): their derivatives in the shape. */
    LOG_GAMMA_P_SHAPE(2), LOG_GAMMA_Q_SHAPE(2),
    /**
     * log I_x(a, b), the regularized incomplete beta function, from the arguments a, b, x and y = 1 − x: y is computed
     * by the caller from what x is computed from, so that it keeps its digits where x is close to 1 (a Student-t far in
     * its upper tail). Its derivatives treat y as 1 − x.
     */
    LOG_BETA_INC(4),
    /** ∂ⁱ_a ∂ʲ_b log I_x(a, b) with 1 ≤ i + j ≤ 2, {@code Node.index} = 10·i + j: the derivatives in the shapes. */
    LOG_BETA_INC_SHAPE(4),
    NEG(1), EXP(1), LOG(1), LOG1P(1), EXPM1(1), SQRT(1), ABS(1), SIGN(1),
    SIN(1), COS(1), TAN(1), TANH(1), ATAN(1), ASIN(1), ACOS(1), SINH(1), COSH(1), LOGISTIC(1), LOGIT(1),
    /** log(1 + eˣ), computed without overflow. */
    SOFTPLUS(1),
    LGAMMA(1),
    ERF(1), ERFC(1),
    /** log(1 − e^{−x}) for x > 0, exact at both ends (a log distribution function 1 − e^{−t}). */
    LOG1M_EXP(1),
    /** log erfc(x), finite far into the tail where erfc(x) underflows (log Φ of a probit model). */
    LOG_ERFC(1),
    /** 1 where x ≥ 0, else 0 (Stan's step): a jump, so only for expressions of data. */
    STEP(1),
    /** The polygamma function of order {@code Node.index}: 0 is digamma, 1 trigamma, … */
    POLYGAMMA(1),
    /** Σ over data rows of its argument; never nested. */
    ROW_SUM(1),
    /**
     * Σₖ xₖ·βₖ for data columns x₁…x_p (the first half of the arguments) and parameters β₁…β_p (the second half):
     * the linear predictor Xᵢ·β of a regression as one node, however many columns. See {@link IrBuilder#dot}.
     */
    DOT(-1),
    /**
     * The element of a vector that a data value picks on each row: the first argument is the 1-based index (free of
     * parameters, except in {@link IrBuilder#sameFunction}, whose elements are one function), the others are the vector's elements, so m[gᵢ] is SELECT(gᵢ, m₁, …, m_K). See {@link IrBuilder#select}.
     */
    SELECT(-1),
    /** [x = k], 1 when the argument equals {@code Node.index} and 0 otherwise: ∂m[gᵢ]/∂m_k. */
    INDICATOR(1);

    /** The number of arguments; −1 for DOT (any even number) and SELECT (an index and at least one element). */
    public final int arity;

    Op(int arity) { this.arity = arity; }

    public boolean isLeaf() { return arity == 0; }
}
