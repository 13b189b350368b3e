/**
 * The public face: what a Java program (and the command line) uses. {@link mle.api.Model} compiles a model, reads and
 * binds its data ({@code Binding}) and hands each operation to the class that does it: a fit to {@code mle.estimate},
 * whose optimum {@code FitAssembly} turns into a {@link mle.api.FitResult} (intervals, the delta method, AIC/BIC, the
 * loss); profiles to {@code ProfileLikelihood}; predictions and sandwich standard errors to {@code RowValues}; draws to
 * {@code Simulation}. The records and exceptions here are what users hold; a refusal of the estimation layer becomes
 * the exception they know ({@link mle.api.NumericalException}, {@link mle.api.MemoryLimitException}).
 */
package mle.api;
