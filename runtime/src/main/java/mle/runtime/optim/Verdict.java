package mle.runtime.optim;

/**
 * Why the optimiser stopped. Only {@link #CONVERGED_GRADIENT}, {@link #CONVERGED_NEWTON_DECREMENT} and
 * {@link #CONVERGED_RELATIVE_CHANGE} count as converged; every other verdict means the returned point must not be
 * trusted as a minimum without a look.
 *
 * <p>The gradient measure used throughout is the <em>scaled gradient</em>
 * {@code max_i |g_i|·max(|u_i|, 1) / max(|f|, 1)}: the relative change of f for a relative change of u_i
 * (absolute for |u_i| &lt; 1 or |f| &lt; 1). It is relative to the objective's size (adding a constant to f
 * changes it) and invariant to rescaling a parameter whose magnitude exceeds one.
 */
public enum Verdict {
    /** The scaled gradient is at or below {@code gtol}. */
    CONVERGED_GRADIENT(true,
            "converged: the scaled gradient is below the tolerance"),
    /**
     * The objective stopped changing (relative change per iteration at or below {@code ftol}, or no further
     * decrease is possible at rounding level) and the scaled gradient is small (at or below
     * {@code acceptableGradient}) though above {@code gtol}: a minimum to within rounding.
     */
    CONVERGED_RELATIVE_CHANGE(true,
            "converged: the objective stopped changing and the gradient is small"),
    /**
     * Newton phase: the Hessian is positive definite and the Newton decrement gᵀH⁻¹g (twice the decrease the
     * quadratic model still predicts) is below the rounding level of f, so no further progress is possible, even
     * though the scaled gradient may be above {@code gtol} (rounding in the gradient of a badly scaled problem).
     * The decrement is invariant to the parameters' units; for an NLL it is the squared distance to the optimum in
     * standard errors, so this is a stronger statement than a small gradient. Also where no step makes progress at
     * rounding level and the decrement is below 10⁻⁴ (within a hundredth of a standard error): a near-exact fit
     * whose gradient is rounding amplified by a tiny σ.
     */
    CONVERGED_NEWTON_DECREMENT(true,
            "converged: the Newton decrement (the squared distance to the optimum in standard errors) is negligible, "
                    + "with a positive definite Hessian"),
    /**
     * Solved directly to the exact optimum, without iterating from a start: ordinary least squares by orthogonal
     * factorisation, least absolute deviations as a vertex of its linear program.
     */
    EXACT(true, "converged: the exact optimum, solved directly"),
    /**
     * The objective stopped changing but the scaled gradient is still large: the optimiser stalled (typical of
     * badly scaled problems). The point is probably not a minimum. Not converged.
     */
    STALLED(false,
            "not converged: the objective stopped changing but the gradient is still large (stalled)"),
    /** The iteration limit was reached. */
    MAX_ITERATIONS(false, "not converged: the iteration limit was reached"),
    /** The limit on objective evaluations was reached. */
    MAX_EVALUATIONS(false, "not converged: the limit on objective evaluations was reached"),
    /** The wall-time limit was reached. */
    TIME_LIMIT(false, "not converged: the time limit was reached"),
    /** No step along a descent direction decreased the objective enough, and the gradient is still large. */
    LINE_SEARCH_FAILED(false,
            "not converged: the line search found no acceptable step while the gradient is still large"),
    /** The objective or its gradient is not finite at the start (or the Hessian is not finite where needed). */
    NON_FINITE(false, "not converged: the objective, gradient or Hessian is not finite"),
    /** The objective decreases without bound (it reached −∞ or the parameters ran off to ±∞). */
    UNBOUNDED(false, "not converged: the objective appears to be unbounded below"),
    /** The thread was interrupted. */
    INTERRUPTED(false, "not converged: interrupted"),
    /** The optimiser stopped where the Hessian has a negative eigenvalue: a saddle point or a maximum. */
    SADDLE_POINT(false, "not converged: this is a saddle point, not a minimum"),
    /** An estimate runs off to ±∞ or to the edge of its constraint: the objective keeps falling that way. */
    AT_BOUNDARY(false, "not converged: the optimum is not attained inside the parameter space"),
    /** The Hessian is singular: a combination of parameters that the data do not determine. */
    NOT_IDENTIFIABLE(false, "not converged: the objective is flat along a direction (not identifiable)"),
    /** The point sits on a kink of |·| (a Laplace residual, a lasso coefficient at 0): no gradient test certifies it. */
    NOT_SMOOTH(false, "not converged: the point sits where the objective is not smooth, which a gradient-based "
            + "optimiser cannot certify as a minimum");

    private final boolean converged;
    private final String sentence;

    Verdict(boolean converged, String sentence) {
        this.converged = converged;
        this.sentence = sentence;
    }

    /** True for the converged verdicts. */
    public boolean converged() {
        return converged;
    }

    /** A sentence a user can read, e.g. "converged: the scaled gradient is below the tolerance". */
    public String sentence() {
        return sentence;
    }
}
