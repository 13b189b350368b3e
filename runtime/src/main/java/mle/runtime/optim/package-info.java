/**
 * The optimiser: minimises an {@link mle.runtime.ObjectiveFunction} in the unconstrained coordinates u.
 *
 * <p>Entry point: {@link mle.runtime.optim.Minimizer#minimize(mle.runtime.ObjectiveFunction, double[],
 * mle.runtime.optim.Options, mle.runtime.optim.ProgressListener)}, returning a {@link mle.runtime.optim.Result}
 * whose {@link mle.runtime.optim.Verdict} says which stopping rule ended the run and whether that counts as
 * converged. Methods: L-BFGS with a strong-Wolfe line search; trust-region Newton with the exact Hessian (EJML
 * eigendecomposition); and the default AUTO, L-BFGS followed by the Newton polish for dimension ≤ 200.
 */
package mle.runtime.optim;
