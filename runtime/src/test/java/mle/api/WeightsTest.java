package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * Frequency weights (`weight = w`): a row of weight k is k copies of that row. So a weighted fit must give exactly the
 * estimates, standard errors, log-likelihood and BIC of the fit to the data with each row repeated k times.
 */
class WeightsTest {
    private static final double[] X = {-1.5, -0.7, 0, 0.4, 1.1, 1.8, 2.6}, Y = {0, 0, 1, 0, 1, 1, 1};
    private static final double[] COUNTS = {3, 1, 2, 4, 1, 2, 3};
    private static final double[] Z = {-2.9, -1.1, 0.3, 0.5, 2.6, 3.1, 5.6};

    /** The rows repeated as many times as their weight. */
    private static DataTable expanded(double[] x, double[] y) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int r = 0; r < x.length; r++) {
            for (int k = 0; k < COUNTS[r]; k++) {
                xs.add(x[r]);
                ys.add(y[r]);
            }
        }
        return DataTable.of(List.of("x", "y"), List.of(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                ys.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static void sameFit(FitResult weighted, FitResult copies, List<String> names) {
        assertTrue(weighted.converged() && copies.converged(), weighted.message() + " / " + copies.message());
        for (String name : names) {
            assertEquals(copies.estimate(name).value(), weighted.estimate(name).value(), 1e-8, name);
            assertEquals(copies.estimate(name).standardError(), weighted.estimate(name).standardError(), 1e-7, name + "'s standard error");
        }
        assertEquals(copies.nll(), weighted.nll(), 1e-9);
        assertEquals(copies.criteria().bic(), weighted.criteria().bic(), 1e-9, "n is the sum of the weights");
    }

    @Test
    void aWeightedLogisticRegressionIsTheRegressionOfTheRepeatedRows() {
        DataTable weighted = DataTable.of(List.of("x", "y", "w"), List.of(X, Y, COUNTS));
        sameFit(Model.compile("data x, y, w\nparam a, b\ny ~ BernoulliLogit(a + b * x, weight = w)\n").fit(weighted),
                Model.compile("data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n").fit(expanded(X, Y)), List.of("a", "b"));
    }

    @Test
    void aWeightedNormalRegressionIsTheRegressionOfTheRepeatedRows() {
        DataTable weighted = DataTable.of(List.of("x", "y", "w"), List.of(X, Z, COUNTS));
        sameFit(Model.compile("data x, y, w\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ, weight = w)\n").fit(weighted),
                Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n").fit(expanded(X, Z)),
                List.of("a", "b", "σ"));
    }

    @Test
    void aNegativeWeightIsADataError() {
        double[] bad = COUNTS.clone();
        bad[3] = -1;
        Model m = Model.compile("data x, y, w\nparam a, b\ny ~ BernoulliLogit(a + b * x, weight = w)\n");
        DataException e = assertThrows(DataException.class, () -> m.fit(DataTable.of(List.of("x", "y", "w"), List.of(X, Y, bad))));
        assertTrue(e.getMessage().contains("row 4") && e.getMessage().contains("a weight must be a number ≥ 0"), e.getMessage());
    }
}
