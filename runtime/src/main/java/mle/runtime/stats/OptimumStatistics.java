package mle.runtime.stats;

import java.util.List;
import java.util.Locale;

/**
 * Statistics at an optimum, from the Hessian of the objective (NLL or negative log-posterior) in the model's
 * parameters θ: at a minimum the gradient is zero, so that Hessian is the observed information, and its inverse
 * estimates the covariance of the estimates. Build one with {@link Inference#atOptimum}.
 *
 * <p>When the Hessian is not positive definite (a flat or negatively curved direction, see {@link #problems()}),
 * nothing is hidden: {@link #positiveDefinite()} is false, the covariance, standard errors, intervals and
 * correlations are NaN, and {@link #diagnosis()} says which parameter combinations are at fault. The eigenvalues
 * are always reported.
 *
 * @param names                 parameter names, in order
 * @param estimates             θ̂
 * @param hessian               the Hessian as given (symmetrised)
 * @param eigenvalues           eigenvalues of the Hessian, ascending (EJML symmetric eigendecomposition)
 * @param eigenvectors          eigenvectors[k] is the unit eigenvector of eigenvalues[k]; these two and the condition
 *                              number (NaN then) are not computed above 200 parameters, where they would cost more
 *                              than the fit; the scaled condition number always is
 * @param positiveDefinite      whether the Hessian is positive definite (numerically: every eigenvalue of the
 *                              correlation-scaled Hessian above 10⁻¹⁰ of the largest, and Cholesky succeeds)
 * @param conditionNumber       λ_max/λ_min of the Hessian (∞ when not positive definite); depends on the units
 * @param scaledConditionNumber the same for the correlation-scaled Hessian D⁻¹HD⁻¹ (D = sqrt of the diagonal):
 *                              unit-free; large values (above 10⁸) mean nearly non-identifiable combinations
 * @param covariance            H⁻¹ (NaN when not positive definite)
 * @param standardErrors        sqrt of the diagonal of the covariance (NaN when not positive definite)
 * @param lower95               Wald interval θ̂ − z·SE with z = Φ⁻¹(0.975) = {@value Inference#Z95}
 * @param upper95               θ̂ + z·SE
 * @param correlation           the correlation matrix of the estimates (NaN when not positive definite)
 * @param problems              flat and negative directions (empty when positive definite)
 * @param warnings              sentences about anything else worth knowing (near-flat directions, non-finite
 *                              entries)
 */
public record OptimumStatistics(List<String> names, double[] estimates, double[][] hessian, double[] eigenvalues,
                                double[][] eigenvectors, boolean positiveDefinite, double conditionNumber,
                                double scaledConditionNumber, double[][] covariance, double[] standardErrors,
                                double[] lower95, double[] upper95, double[][] correlation,
                                List<Direction> problems, List<String> warnings) {

    /** At most this many flat or negative directions are described; the rest are counted. */
    static final int SHOWN_DIRECTIONS = 3;

    public OptimumStatistics {
        names = List.copyOf(names);
        estimates = estimates.clone();
        hessian = copy(hessian);
        eigenvalues = eigenvalues.clone();
        eigenvectors = copy(eigenvectors);
        covariance = copy(covariance);
        standardErrors = standardErrors.clone();
        lower95 = lower95.clone();
        upper95 = upper95.clone();
        correlation = copy(correlation);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** The number of parameters. */
    public int dimension() {
        return estimates.length;
    }

    /** The index of a parameter by name, or −1. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** The standard error of a parameter by name. */
    public double standardError(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return standardErrors[i];
    }

    /**
     * One paragraph for people: "the Hessian is positive definite (condition number …)" or what is wrong with
     * it, then the warnings.
     */
    public String diagnosis() {
        StringBuilder sb = new StringBuilder();
        if (positiveDefinite) {
            sb.append(Double.isNaN(scaledConditionNumber) ? "The Hessian is positive definite."
                    : Double.isNaN(conditionNumber)
                    ? String.format(Locale.ROOT, "The Hessian is positive definite (condition number %.3g after "
                            + "scaling to unit diagonal).", scaledConditionNumber)
                    : String.format(Locale.ROOT, "The Hessian is positive definite (condition number %.3g, %.3g after "
                            + "scaling to unit diagonal).", conditionNumber, scaledConditionNumber));
        } else if (problems.isEmpty() && java.util.Arrays.stream(standardErrors).anyMatch(Double::isFinite)) {
            // Standard errors known by blocks (group effects eliminated): those of a singular block are missing.
            sb.append("The Hessian is singular, so only some parameters have standard errors.");
        } else {
            sb.append("The Hessian is not positive definite, so there are no standard errors.");
            for (Direction d : problems.subList(0, Math.min(SHOWN_DIRECTIONS, problems.size()))) {
                sb.append(' ').append(d.description());
            }
            if (problems.size() > SHOWN_DIRECTIONS) {
                sb.append(String.format(Locale.ROOT, " And %,d more directions like these (%,d in all).",
                        problems.size() - SHOWN_DIRECTIONS, problems.size()));
            }
            if (problems.isEmpty()) {
                sb.append(" It could not be factored.");
            }
        }
        for (String w : warnings) {
            sb.append(' ').append(w);
        }
        return sb.toString();
    }

    @Override
    public double[] estimates() {
        return estimates.clone();
    }

    @Override
    public double[][] hessian() {
        return copy(hessian);
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    @Override
    public double[][] eigenvectors() {
        return copy(eigenvectors);
    }

    @Override
    public double[][] covariance() {
        return copy(covariance);
    }

    @Override
    public double[] standardErrors() {
        return standardErrors.clone();
    }

    @Override
    public double[] lower95() {
        return lower95.clone();
    }

    @Override
    public double[] upper95() {
        return upper95.clone();
    }

    @Override
    public double[][] correlation() {
        return copy(correlation);
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
