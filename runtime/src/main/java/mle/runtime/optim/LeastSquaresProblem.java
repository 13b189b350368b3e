package mle.runtime.optim;

/**
 * A likelihood that is least squares in some of the optimiser's coordinates: a Gaussian statement whose scale
 * does not move with the mean, so that for any scale the mean's parameters minimise the residual sum of squares,
 * and the scale's optimum follows from the RSS in closed form (σ̂² = RSS/m). {@link LevenbergMarquardt} works on
 * the RSS of the location coordinates alone; {@link #concentrate} then puts the scale at its optimum.
 */
public interface LeastSquaresProblem {
    /** The indices in u of the location coordinates (the ones the RSS depends on), in order. */
    int[] location();

    /**
     * The RSS at u, with ∂RSS/∂u over the location coordinates written into {@code gradient} and the Gauss–Newton
     * matrix Σᵢ ∇μᵢ∇μᵢᵀ into {@code gaussNewton} (both in the order of {@link #location()}).
     */
    double evaluate(double[] u, double[] gradient, double[][] gaussNewton);

    /** Sets the scale's coordinate of u to its optimum for this RSS where that has a closed form; else leaves u. */
    void concentrate(double[] u, double rss);

    /**
     * Whether the model fits the data exactly at u: residuals at the rounding level of the data, where the scale's
     * optimum is 0 and the likelihood has no maximum.
     */
    boolean fitsExactly(double[] u);
}
