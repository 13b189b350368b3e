package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import mle.runtime.optim.Options;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * More coefficients than rows: said in one sentence before any search, and for every model a diagnosis of at most a
 * few flat directions with their count. 2,001 coefficients on 5 rows once took 94 s and 1.5 GB and printed 39 MB: about
 * 2,000 flat directions of 200 terms each.
 */
class WideDesignTest {
    /** {@code columns} standard normal covariates X1… and a response y, on {@code rows} rows. */
    static Map<String, double[]> data(int columns, int rows, boolean binary) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2001);
        Map<String, double[]> data = new LinkedHashMap<>();
        for (int j = 1; j <= columns; j++) {
            double[] x = new double[rows];
            for (int i = 0; i < rows; i++) x[i] = random.nextGaussian();
            data.put("X" + j, x);
        }
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) y[i] = binary ? i % 2 : random.nextGaussian();
        data.put("y", y);
        return data;
    }

    @Test
    void twoThousandAndOneCoefficientsOnFiveRowsAreSaidInOneSentenceAtOnce() {
        long t0 = System.nanoTime();
        FitResult r = VerdictTest.fit("data X[2000], y\nparam a, b[2000]\nparam σ > 0\ny ~ Normal(a + dot(X, b), σ)\n",
                data(2000, 5, false), FitOptions.defaults());
        double seconds = (System.nanoTime() - t0) / 1e9;
        VerdictTest.assertNotConverged(r, Verdict.NOT_IDENTIFIABLE, "5 rows cannot determine 2,001 coefficients",
                "its rank is at most 5", "at least 1,996 combinations");
        assertTrue(r.message().length() < 400, r.message());
        assertTrue(r.statistics().diagnosis().length() < 1000, r.statistics().diagnosis());
        assertTrue(seconds < 30, "a hang guard, not a benchmark: " + seconds + " s");
    }

    @Test
    void aLogisticRegressionWithMoreCoefficientsThanRowsIsSaidTheSameWay() {
        FitResult r = VerdictTest.fit("data X[30], y\nparam a, b[30]\ny ~ BernoulliLogit(a + dot(X, b))\n",
                data(30, 6, true), FitOptions.defaults());
        VerdictTest.assertNotConverged(r, Verdict.NOT_IDENTIFIABLE, "6 rows cannot determine 31 coefficients");
    }

    /**
     * The search's own diagnosis of a model with many flat directions (Newton forced, so no direct solver sees the
     * design): at most three described, the rest counted, each with at most eight terms.
     */
    @Test
    void aSearchWithManyFlatDirectionsDescribesAFewAndCountsTheRest() {
        FitResult r = VerdictTest.fit("data X[60], y\nparam a, b[60]\ny ~ Normal(a + dot(X, b), 1)\n", data(60, 5, false),
                FitOptions.defaults().withOptimizer(Options.defaults().withMethod(Options.Method.NEWTON)));
        assertEquals(false, r.converged(), r.message());
        String diagnosis = r.statistics().diagnosis();
        assertTrue(diagnosis.contains("more directions like these (56 in all)"), diagnosis);
        assertTrue(diagnosis.length() < 2000, diagnosis.length() + ": " + diagnosis);
        assertTrue(r.message().length() < 2000, r.message().length() + ": " + r.message());
        assertTrue(diagnosis.contains("more terms)"), diagnosis);
    }
}
