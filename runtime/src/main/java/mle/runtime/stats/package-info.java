/**
 * Statistics at the optimum, with EJML: covariance as the inverse observed information (Cholesky), standard
 * errors, 95% Wald intervals, correlations, condition numbers and eigen-diagnostics of flat or negatively curved
 * directions ({@link mle.runtime.stats.Inference#atOptimum}, {@link mle.runtime.stats.OptimumStatistics}); the
 * change of coordinates from the optimiser's u to the model's θ and the delta method
 * ({@link mle.runtime.stats.Inference}); AIC, BIC and AICc ({@link mle.runtime.stats.InformationCriteria}).
 */
package mle.runtime.stats;
