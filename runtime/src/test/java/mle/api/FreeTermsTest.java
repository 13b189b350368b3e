package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/**
 * `target += …`: a free term of the log-density, summed over the rows when it reads data (likelihood), else once (a
 * prior, MAP only). Checked against scikit-learn's EM for a normal mixture (reference/mixture.py, values committed),
 * closed forms, and the same model written with `~`.
 */
class FreeTermsTest {
    private static final DataTable LINE = DataTable.of(List.of("x", "y"),
            List.of(new double[] {-2, -1, 0, 1, 2, 3}, new double[] {-3.1, -0.9, 0.8, 3.2, 4.9, 7.1}));

    @Test
    void aNormalMixtureMatchesScikitLearnsEm() throws IOException {
        Map<String, Double> ref = LeastAbsoluteDeviationsTest.values("mixture-reference.txt");
        Model m = Model.compile(FitTest.ROOT.resolve("samples/mixture/model.mle"));
        FitResult r = m.fit(m.readData(FitTest.ROOT.resolve("samples/mixture/data.csv")),
                FitOptions.defaults().withStart("μ1", -1).withStart("μ2", 1));
        assertTrue(r.converged(), r.message());
        for (String name : List.of("μ1", "σ1", "μ2", "σ2", "θ")) {
            assertEquals(ref.get(name), r.estimate(name).value(), 1e-7, name);
        }
        assertEquals(-ref.get("loglik"), r.nll(), 1e-10 * 523);
    }

    @Test
    void aLikelihoodWrittenAsATermIsTheSameLikelihood() {
        // The exponential log-density log λ − λy, by hand: λ̂ = 1/ȳ, as for `y ~ Exponential(λ)`.
        DataTable waits = DataTable.of(List.of("y"), List.of(new double[] {0.5, 1.5, 2.0, 4.0}));
        FitResult byHand = Model.compile("data y\nparam λ > 0\ntarget += log(λ) - λ * y\n").fit(waits);
        FitResult builtIn = Model.compile("data y\nparam λ > 0\ny ~ Exponential(λ)\n").fit(waits);
        assertTrue(byHand.converged(), byHand.message());
        assertEquals(1 / 2.0, byHand.estimate("λ").value(), 1e-10);
        assertEquals(builtIn.nll(), byHand.nll(), 1e-12);
        assertEquals(builtIn.estimate("λ").standardError(), byHand.estimate("λ").standardError(), 1e-9);
        assertEquals(builtIn.criteria().bic(), byHand.criteria().bic(), 1e-12, "n is the number of rows");
    }

    @Test
    void aTermBesideLeastSquaresIsNotLeftOut() {
        // A ridge penalty written by hand on b is a prior (it reads no data): MAP equals `b ~ Normal(0, 1)`, whose
        // extra constants do not move the optimum; MLE ignores it and is ordinary least squares.
        Model byHand = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\ntarget += -0.5 * b^2\n");
        Model prior = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\nb ~ Normal(0, 1)\n");
        Model plain = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        assertTrue(byHand.hasPriors());
        FitResult map = byHand.fit(LINE), expected = prior.fit(LINE);
        assertTrue(map.converged(), map.message());
        assertEquals(expected.estimate("b").value(), map.estimate("b").value(), 1e-8);
        assertEquals(expected.estimate("σ").value(), map.estimate("σ").value(), 1e-8);
        assertFalse(map.search().method().startsWith("a direct solve"), "the solver for `~` alone would drop the term: "
                + map.search().method());
        FitResult mle = byHand.fit(LINE, FitOptions.defaults().withMode(Objective.Mode.MLE));
        assertEquals(plain.fit(LINE).estimate("b").value(), mle.estimate("b").value(), 1e-8);
    }
}
