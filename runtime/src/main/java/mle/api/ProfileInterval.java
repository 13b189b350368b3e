package mle.api;

/**
 * A parameter's 95% profile-likelihood interval: the values c at which fitting every other parameter with this one held
 * at c raises twice the negative log-likelihood by χ²₁(0.95) = 3.8415 above its minimum. Unlike the Wald interval it
 * follows the likelihood's own shape (asymmetric where the likelihood is), and it does not depend on how the parameter
 * is written (σ or log σ give the same interval).
 *
 * @param name  the parameter
 * @param lower the lower end; the edge of the parameter's constraint (or −∞) where the profile never rises that far
 * @param upper the upper end, likewise; either is NaN when it was not reached within the time limit ({@link #cutShort})
 * @param fits  how many fits with the parameter held fixed it took
 * @param note  what the interval's ends mean when they are not plain (an open side, a fit held fixed that did not
 *              converge, a lower objective found on the way); empty when there is nothing to say
 * @param curve the points of the profile the search visited, in increasing order of the value: {value, 2·(f* − f̂)},
 *              the estimate itself at 0 among them (for a plot of the profile; the ends are where it crosses 3.8415)
 */
public record ProfileInterval(String name, double lower, double upper, int fits, String note, double[][] curve) {
    /** What an end cut short by the time limit says in tables. */
    public static final String NOT_REACHED = "not reached within the time limit";

    /** Whether the time limit came before one of the ends was found (that end is NaN). */
    public boolean cutShort() { return Double.isNaN(lower) || Double.isNaN(upper); }
}
