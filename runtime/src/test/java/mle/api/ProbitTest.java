package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * Probit regression through the language's Phi: the probit-vote sample against statsmodels' Probit
 * (reference/probit.py, values committed), and the likelihood far into the tails, where Φ itself rounds to 0 or 1.
 */
class ProbitTest {

    @Test
    void theElectionStudySampleMatchesStatsmodels() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("probit-reference.txt");
        Model m = Model.compile(FitTest.ROOT.resolve("samples/probit-vote/model.mle"));
        FitResult r = m.fit(m.readData(FitTest.ROOT.resolve("samples/probit-vote/data.csv")));
        assertTrue(r.converged(), r.message());
        assertTrue(r.search().global(), "a probit likelihood is log-concave: " + r.search().sentence());
        for (String name : List.of("a", "b_selfLR", "b_age", "b_educ", "b_income")) {
            double b = ref.get(name), se = ref.get("se." + name);
            assertEquals(b, r.estimate(name).value(), 1e-8 * Math.max(1, Math.abs(b)), name);
            assertEquals(se, r.estimate(name).standardError(), 1e-7 * se, name + "'s standard error");
        }
        assertEquals(-ref.get("loglik"), r.nll(), 1e-9 * Math.abs(ref.get("loglik")));
    }

    @Test
    void theLikelihoodStaysExactWherePhiRoundsToZeroOrOne() {
        // One success at η = −40 and one failure at η = +8: −log Φ(−40) − log(1 − Φ(8)) = −log Φ(−40) − log Φ(−8).
        // scipy.special.log_ndtr(−40) = −804.6084420137539 and log_ndtr(−8) = −35.01343715991456.
        Model m = Model.compile("data y, x\nparam a\ny ~ Bernoulli(Phi(a * x))\n");
        DataTable data = DataTable.of(List.of("y", "x"), List.of(new double[] {1, 0}, new double[] {-40, 8}));
        Model.Evaluation e = m.evaluate(data, Map.of("a", 1.0), Objective.Mode.MLE);
        assertEquals(804.6084420137539 + 35.01343715991456, e.nll(), 1e-12 * 840);
        // d/da = −x·φ(ax)/Φ(ax) for the success and x·φ(ax)/(1 − Φ(ax)) for the failure; with scipy's
        // norm.logpdf and log_ndtr: 40·e^{logpdf(−40) − log_ndtr(−40)} + 8·e^{logpdf(8) − log_ndtr(−8)} = 1665.969698786325.
        assertEquals(1665.969698786325, e.gradient()[0], 1e-11 * 1666);
    }
}
