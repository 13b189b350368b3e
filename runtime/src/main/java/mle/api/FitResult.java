package mle.api;

import java.util.List;
import mle.compiler.ir.Objective;
import mle.estimate.Search;
import mle.runtime.optim.Result;
import mle.runtime.stats.InformationCriteria;
import mle.runtime.stats.OptimumStatistics;

/**
 * The outcome of a fit.
 *
 * @param model        the model's name (or null)
 * @param mode         MLE or MAP
 * @param rows         the number of data rows
 * @param estimates    θ̂ with standard errors from the inverse observed information (delta method through
 *                     the constraints: the Hessian is taken in the model's own parameters)
 * @param objective    the value of the mode's objective at θ̂, every constant included
 * @param nll          the negative log-likelihood at θ̂
 * @param gradientNorm max |∂objective/∂θ| at θ̂
 * @param optimizer    what the optimiser did: iterations, evaluations, verdict, phases, time
 * @param statistics   the observed information's eigenvalues, covariance, correlation and any problem
 * @param criteria     AIC and BIC (MLE mode only, else null)
 * @param loss         the equivalent loss at θ̂ (MSE for Gaussian noise, MAE for Laplace), or null
 * @param expected     estimates with standard errors from the expected information (least squares: the
 *                     Gauss–Newton matrix with σ² = RSS/(n − p), NIST's convention), or null
 * @param engine       the Truffle engine that ran the objective ("Interpreted" when the JIT was off)
 * @param kinks        the parameters inside absolute values (Laplace location, lasso), where the objective
 *                     is not smooth: the optimiser may stall and the Hessian gives no standard errors there
 * @param verdict      the final verdict: the optimiser's, unless the point is not a strict local minimum (a
 *                     saddle point, an estimate that runs off to infinity or to a constraint's edge, a flat
 *                     direction); converged only at a strict local minimum
 * @param message      the verdict as a sentence, with what is wrong and what to do about it
 * @param search       which methods ran and why, and whether the optimum is proved global or what a
 *                     multi-start found
 * @param derived      the model's `report` quantities at θ̂, with delta-method standard errors and 95% Wald intervals
 * @param randomEffects each random effect's conditional mode at θ̂ and its conditional standard deviation (empty for a
 *                     model without random effects)
 */
public record FitResult(String model, Objective.Mode mode, int rows, List<Estimate> estimates, double objective, double nll,
                        double gradientNorm, Result optimizer, OptimumStatistics statistics, InformationCriteria criteria,
                        Loss loss, List<Estimate> expected, String engine, List<String> kinks,
                        mle.runtime.optim.Verdict verdict, String message, Search search, List<Estimate> derived,
                        List<RandomEffect> randomEffects) {

    /** A random effect at the estimate: its conditional mode û and conditional standard deviation. */
    public record RandomEffect(String name, double mode, double standardDeviation) {}

    /** The equivalent loss at the optimum: e.g. MSE = 0.0100. */
    public record Loss(String name, double value) {}

    public boolean converged() { return verdict.converged(); }

    public Estimate estimate(String name) {
        String key = mle.compiler.ast.Names.canonical(name);
        return estimates.stream().filter(e -> mle.compiler.ast.Names.canonical(e.name()).equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter " + name));
    }

    public boolean jitCompiled() { return !"Interpreted".equals(engine); }

    /**
     * Why some `report` quantities have no standard error or interval: "r is NaN and q is ∞ at the estimates, …"; null
     * when every one is a finite number there.
     */
    public String derivedNote() {
        List<String> values = derived.stream().filter(d -> !Double.isFinite(d.value()))
                .map(d -> d.name() + " is " + (Double.isNaN(d.value()) ? "NaN" : d.value() > 0 ? "∞" : "−∞")).toList();
        if (values.isEmpty()) return null;
        return String.join(" and ", values) + " at the estimates: a quantity that is not a finite number there has no "
                + "standard error or interval (check its formula and the estimates it uses)";
    }
}
