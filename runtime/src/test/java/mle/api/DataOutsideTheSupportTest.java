package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data a likelihood cannot have (a negative waiting time, a count of 2.5, a proportion of 1) make the objective infinite
 * whatever the parameters: the fit is refused before it starts, naming the row and the value, whether the likelihood is
 * written with `~` or as a log-density function in `target +=`. Every distribution whose support is not the whole line
 * is here, each with a value just outside it.
 */
class DataOutsideTheSupportTest {
    /**
     * A distribution with arguments that are fine, its Stan-style log-density function, a value inside its support and
     * one outside.
     */
    static Stream<Arguments> distributions() {
        return Stream.of(
                Arguments.of("Exponential(λ)", "exponential_lpdf(y, λ)", 1.0, -2.0),
                Arguments.of("Gamma(λ, λ)", "gamma_lpdf(y, λ, λ)", 1.0, -2.0),
                Arguments.of("Weibull(λ, λ)", "weibull_lpdf(y, λ, λ)", 1.0, 0.0),
                Arguments.of("LogNormal(0, λ)", "lognormal_lpdf(y, 0, λ)", 1.0, -1.0),
                Arguments.of("Poisson(λ)", "poisson_lpmf(y, λ)", 1.0, 2.5),
                Arguments.of("PoissonLog(λ)", "poisson_log_lpmf(y, λ)", 1.0, -1.0),
                Arguments.of("NegBinomial(λ, λ)", "neg_binomial_2_lpmf(y, λ, λ)", 1.0, 2.5),
                Arguments.of("Binomial(3, 0.5)", "binomial_lpmf(y, 3, 0.5)", 1.0, 4.0),
                Arguments.of("Bernoulli(0.5)", "bernoulli_lpmf(y, 0.5)", 1.0, 2.0),
                Arguments.of("BernoulliLogit(λ)", "bernoulli_logit_lpmf(y, λ)", 1.0, 0.5),
                Arguments.of("Beta(λ, λ)", "beta_lpdf(y, λ, λ)", 0.5, 1.0),
                Arguments.of("Uniform(0, 1)", "uniform_lpdf(y, 0, 1)", 0.5, 3.0));
    }

    private static DataTable withSecondRow(double good, double bad) {
        return DataTable.of(List.of("y"), List.of(new double[] {good, bad, good}));
    }

    @ParameterizedTest
    @MethodSource("distributions")
    void aValueOutsideTheSupportOfASampledLikelihoodNamesItsRow(String distribution, String function, double good, double bad) {
        assertSecondRowRefused("y ~ " + distribution, good, bad, distribution.substring(0, distribution.indexOf('(')));
    }

    @ParameterizedTest
    @MethodSource("distributions")
    void aValueOutsideTheSupportOfALogDensityFunctionNamesItsRow(String distribution, String function, double good, double bad) {
        // The formula of a log-density is a finite number outside the support (log λ − λy for a negative y): without
        // the check, the fit converged to an answer for a likelihood that does not exist.
        assertSecondRowRefused("target += " + function + " - λ", good, bad, function.substring(0, function.indexOf('(')));
    }

    /** A model of y with the statement, fitted to rows good, bad, good: refused for row 2, naming y and {@code named}. */
    private static void assertSecondRowRefused(String statement, double good, double bad, String named) {
        Model m = Model.compile("data y\nparam λ > 0\nλ ~ Exponential(1)\n" + statement + "\n");
        DataException e = assertThrows(DataException.class, () -> m.fit(withSecondRow(good, bad)));
        assertEquals(DataException.Kind.OUT_OF_SUPPORT, e.kind(), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());
        assertEquals("y", e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void dataInsideTheSupportFitAsBefore() {
        // Σ(y log λ − λ + log λ − 2λ) (the constant term counts on every row) is largest at λ = (Σy + n)/3n = 10/9.
        Model m = Model.compile("data y\nparam λ > 0\ntarget += poisson_lpmf(y, λ) + exponential_lpdf(2, λ)\n");
        FitResult r = m.fit(DataTable.of(List.of("y"), List.of(new double[] {1, 2, 4})));
        assertTrue(r.converged(), r.message());
        assertEquals(10.0 / 9, r.estimate("λ").value(), 1e-9);
    }

    @Test
    void anObjectiveThatIsNotFiniteOnARowNamesTheRowAndItsValues() {
        // log(x) of a negative x: no distribution's support, but one row still makes the objective NaN everywhere.
        Model m = Model.compile("data x, y\nparam a\ntarget += -(y - a)^2 + log(x)\n");
        NumericalException e = assertThrows(NumericalException.class,
                () -> m.fit(DataTable.of(List.of("x", "y"), List.of(new double[] {1, 2, -1}, new double[] {1, 2, 3}))));
        assertTrue(e.getMessage().contains("at row 3, where `x` is −1 and `y` is 3"), e.getMessage());
    }

    @Test
    void aValueOutsideTheSupportOfALogDistributionFunctionNamesItsRow() {
        // exponential_lccdf(y, λ) = −λy is above 0 for a negative y: no log-probability, and it converged before.
        for (String function : List.of("exponential_lcdf(y, λ)", "exponential_lccdf(y, λ)", "weibull_lccdf(y, λ, λ)")) {
            assertSecondRowRefused("target += " + function, 1, -2, function.substring(0, function.indexOf('(')));
        }
    }

    /**
     * Several checks of plain columns: the first row that fails any is named, and where one row fails two, the check
     * that comes first (an index before the data it selects for).
     */
    @Test
    void theFirstRowFailingAnyCheckIsNamedAndOnThatRowTheFirstCheck() {
        Model m = Model.compile("data g, k\nparam a[3]\nk ~ PoissonLog(a[g])\n");
        double[] g = {1, 2, 3, 1, 2, 7, 3}, k = {0, 1, 2, 3, 4, 5, 1.5};
        DataException e = assertThrows(DataException.class, () -> m.fit(DataTable.of(List.of("g", "k"), List.of(g, k))));
        assertEquals(6, e.line(), "the index 7 on row 6 comes before the count 1.5 on row 7: " + e.getMessage());
        assertEquals("g", e.column(), e.getMessage());
        double[] k2 = {0, 1, 2, 3, 4.5, 5, 1};
        e = assertThrows(DataException.class, () -> m.fit(DataTable.of(List.of("g", "k"), List.of(g, k2))));
        assertEquals(5, e.line(), e.getMessage());
        assertEquals("k", e.column(), e.getMessage());
        g[4] = 0;
        e = assertThrows(DataException.class, () -> m.fit(DataTable.of(List.of("g", "k"), List.of(g, k2))));
        assertEquals(5, e.line(), e.getMessage());
        assertEquals("g", e.column(), "row 5 fails both checks; the index is checked first: " + e.getMessage());
    }
}
