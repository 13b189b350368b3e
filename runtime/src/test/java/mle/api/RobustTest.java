package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/** Sandwich standard errors against statsmodels' cov_type="HC0" (reference/robust.py, values committed). */
class RobustTest {

    private static void check(String sample, String prefix, List<String> names, double tolerance) throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("robust-reference.txt");
        Model m = Model.compile(FitTest.ROOT.resolve("samples/" + sample + "/model.mle"));
        DataTable data = m.readData(FitTest.ROOT.resolve("samples/" + sample + "/data.csv"));
        FitResult fit = m.fit(data, FitOptions.defaults().withMode(Objective.Mode.MLE));
        List<Estimate> robust = m.robust(data, fit);
        for (String name : names) {
            Estimate e = robust.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            double se = ref.get(prefix + ".se." + name);
            assertEquals(ref.get(prefix + "." + name), e.value(), 1e-8 * Math.max(1, Math.abs(e.value())), name);
            assertEquals(se, e.standardError(), tolerance * se, name + "'s sandwich standard error");
        }
    }

    @Test
    void leastSquaresMatchesStatsmodelsHc0() throws IOException {
        check("linear-regression", "ols", List.of("α", "β[1]", "β[2]", "β[3]"), 1e-8);
    }

    @Test
    void aLogisticRegressionMatchesStatsmodelsHc0() throws IOException {
        // The election study's logit: the same data as the probit sample, with the logistic link.
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("robust-reference.txt");
        Model m = Model.compile("data vote, selfLR, age, educ, income\nparam a, b_selfLR, b_age, b_educ, b_income\n"
                + "vote ~ BernoulliLogit(a + b_selfLR * selfLR + b_age * age + b_educ * educ + b_income * income)\n");
        DataTable data = m.readData(FitTest.ROOT.resolve("samples/probit-vote/data.csv"));
        FitResult fit = m.fit(data);
        List<Estimate> robust = m.robust(data, fit);
        for (int i = 0; i < robust.size(); i++) {
            String name = m.parameterNames().get(i);
            double se = ref.get("logit.se." + name);
            assertEquals(se, robust.get(i).standardError(), 1e-7 * se, name);
        }
        Model prior = Model.compile(FitTest.ROOT.resolve("samples/normal-mean-prior/model.mle"));
        DataTable priorData = prior.readData(FitTest.ROOT.resolve("samples/normal-mean-prior/data.csv"));
        FitResult map = prior.fit(priorData);
        assertEquals(Objective.Mode.MAP, map.mode());
        assertThrows(OptionException.class, () -> prior.robust(priorData, map), "a MAP fit has no sandwich");
    }
}
