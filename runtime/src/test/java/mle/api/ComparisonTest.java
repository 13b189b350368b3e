package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * Likelihood-ratio tests against closed forms: for nested Gaussian linear models with σ estimated the statistic is
 * n·log(RSS₀/RSS₁); with 1 degree of freedom p = erfc(√(LR/2)), with 2 p = e^{−LR/2}.
 */
class ComparisonTest {
    private static final double[] X = {1, 2, 3, 4, 5, 6, 7}, Y = {2.1, 2.9, 4.2, 4.8, 6.1, 6.8, 8.3};
    private static final DataTable DATA = DataTable.of(List.of("x", "y"), List.of(X, Y));
    private static final FitOptions MLE = FitOptions.defaults().withMode(Objective.Mode.MLE);

    private static double rss(double a, double b) {
        double s = 0;
        for (int i = 0; i < X.length; i++) s += Math.pow(Y[i] - a - b * X[i], 2);
        return s;
    }

    @Test
    void aSlopeAgainstNoSlope() {
        Model small = Model.compile("data x, y\nparam a\nparam σ > 0\ny ~ Normal(a, σ)\n");
        Model big = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        Comparison c = Comparison.of("small", small, small.fit(DATA, MLE), "big", big, big.fit(DATA, MLE));
        double mx = 4, my = java.util.Arrays.stream(Y).average().orElseThrow(), sxy = 0, sxx = 0;
        for (int i = 0; i < X.length; i++) {
            sxy += (X[i] - mx) * (Y[i] - my);
            sxx += (X[i] - mx) * (X[i] - mx);
        }
        double b = sxy / sxx, lr = X.length * Math.log(rss(my, 0) / rss(my - b * mx, b));
        assertEquals(1, c.df());
        assertEquals(lr, c.statistic(), 1e-9 * lr);
        assertEquals(org.apache.commons.math3.special.Erf.erfc(Math.sqrt(lr / 2)), c.pValue(), 1e-12);
        assertEquals("small", c.smaller().name());
        // Given the other way round, the models are put in order.
        Comparison swapped = Comparison.of("big", big, big.fit(DATA, MLE), "small", small, small.fit(DATA, MLE));
        assertEquals(c.statistic(), swapped.statistic(), 1e-12);
        assertEquals("small", swapped.smaller().name());
    }

    @Test
    void twoDegreesOfFreedom() {
        Model small = Model.compile("data x, y\nparam a\nparam σ > 0\ny ~ Normal(a, σ)\n");
        Model big = Model.compile("data x, y\nparam a, b, c\nparam σ > 0\ny ~ Normal(a + b * x + c * x^2, σ)\n");
        Comparison c = Comparison.of("small", small, small.fit(DATA, MLE), "big", big, big.fit(DATA, MLE));
        assertEquals(2, c.df());
        assertEquals(Math.exp(-c.statistic() / 2), c.pValue(), 1e-12);
        assertTrue(c.note().contains("significantly better"), c.note());
    }

    @Test
    void modelsOfDifferentDataOrModesAreRefused() {
        Model logs = Model.compile("data x, y\nparam a\nparam σ > 0\nlog(y) ~ Normal(a, σ)\n");
        Model line = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        OptionException e = assertThrows(OptionException.class,
                () -> Comparison.of("logs", logs, logs.fit(DATA, MLE), "line", line, line.fit(DATA, MLE)));
        assertTrue(e.getMessage().contains("different observations") && e.getMessage().contains("log(y)"), e.getMessage());
        DataTable fewer = DataTable.of(List.of("x", "y"), List.of(new double[] {1, 2, 3, 4}, new double[] {2, 3, 3.9, 5.2}));
        Model mean = Model.compile("data x, y\nparam a\nparam σ > 0\ny ~ Normal(a, σ)\n");
        assertThrows(OptionException.class, () -> Comparison.of("mean", mean, mean.fit(fewer, MLE), "line", line, line.fit(DATA, MLE)));
    }
}
