package mle.runtime.stats;

/**
 * Information criteria of a maximum-likelihood fit (meaningful in MLE mode only: a MAP objective is not a
 * likelihood).
 *
 * @param nll          the negative log-likelihood at the MLE, with all constants
 * @param parameters   k, the number of free parameters
 * @param observations n, the number of observations: rows, or the sum of the rows' frequency weights
 * @param aic          2k + 2·NLL
 * @param bic          k·ln(n) + 2·NLL
 * @param aicc         AIC + 2k(k+1)/(n − k − 1), the small-sample correction (NaN when n ≤ k + 1)
 */
public record InformationCriteria(double nll, int parameters, double observations, double aic, double bic,
                                  double aicc) {

    /** The criteria for a fit with negative log-likelihood {@code nll}, k parameters and n observations. */
    public static InformationCriteria of(double nll, int k, double n) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be ≥ 0");
        }
        if (!(n > 0)) {
            throw new IllegalArgumentException("n must be > 0");
        }
        double aic = 2.0 * k + 2.0 * nll;
        double bic = k * Math.log(n) + 2.0 * nll;
        double aicc = n - k - 1 > 0 ? aic + 2.0 * k * (k + 1) / (n - k - 1) : Double.NaN;
        return new InformationCriteria(nll, k, n, aic, bic, aicc);
    }
}
