package mle.runtime;

/**
 * The objective as the optimiser sees it: a function of the unconstrained coordinates u, with its exact
 * gradient computed in the same pass over the data and its exact Hessian on demand.
 */
public interface ObjectiveFunction {
    int dimension();

    /** f(u), and ∂f/∂u written into {@code gradient} (length {@link #dimension()}). */
    double valueAndGradient(double[] u, double[] gradient);

    /** f(u) alone (for line searches that need no gradient). */
    double value(double[] u);

    /** ∂²f/∂u∂u written into {@code hessian} (dimension × dimension, symmetric). */
    void hessian(double[] u, double[][] hessian);
}
