package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import mle.runtime.data.DataTable;
import mle.runtime.data.StrdFile;
import org.junit.jupiter.api.Test;

/** One start where the objective is proved to have one minimum; a reported multi-start where it is not. */
class SearchTest {
    @Test
    void aConvexModelRunsOneStartAndSaysTheOptimumIsGlobal() {
        Model m = Model.compile("data x, y\nparam a, b\ny ~ PoissonLog(a + b * x)\n");
        FitResult r = m.fit(DataTable.of(List.of("x", "y"), List.of(new double[] {0, 1, 2, 3}, new double[] {1, 0, 3, 5})));
        assertTrue(r.converged(), r.message());
        assertTrue(r.search().global());
        assertEquals(1, r.search().run());
        assertTrue(r.search().sentence().contains("the optimum is global, since the objective is convex"), r.search().sentence());
        assertTrue(r.search().method().startsWith("Newton's method on XᵀWX"), r.search().method());
    }

    @Test
    void leastSquaresSaysWhichMethodRanAndWhy() throws IOException {
        Model m = Model.compile(FitTest.ROOT.resolve("samples/misra1a/model.mle"));
        FitResult r = m.fit(m.readData(FitTest.ROOT.resolve("samples/misra1a/data.csv")),
                FitOptions.defaults().withStart(Map.of("b1", 500.0, "b2", 1e-4)));
        assertTrue(r.converged(), r.message());
        assertTrue(r.search().method().startsWith("Levenberg–Marquardt on the residual sum of squares"), r.search().method());
        assertEquals("Levenberg–Marquardt", r.optimizer().phases().getFirst().method());
        assertFalse(r.search().global(), "a nonlinear mean is not proved to have one minimum");
        assertEquals(FitOptions.DEFAULT_STARTS, r.search().planned());
    }

    @Test
    void theMultiStartFindsTheOptimumAGivenStartMisses() {
        // NIST BoxBOD from its Start 1 (b1 = 1, b2 = 1): from there the fit ends on the plateau b2 → ∞, where the
        // curve is the constant b1 (an honest "not converged"). Other starts reach the certified optimum.
        StrdFile nist = StrdFile.nonlinear("BoxBOD");
        Model m = Model.compile("data x, y\nparam b1, b2\nparam σ > 0\ny ~ Normal(b1 * (1 - exp(-b2 * x)), σ)\n");
        FitOptions options = FitOptions.defaults().withStart(Map.of("b1", 1.0, "b2", 1.0));
        FitResult alone = m.fit(nist.table(), options.withStarts(1));
        assertFalse(alone.converged(), alone.message());
        FitResult searched = m.fit(nist.table(), options);
        assertTrue(searched.converged(), searched.message());
        assertEquals(nist.certified()[0], searched.estimate("b1").value(), 1e-8 * nist.certified()[0]);
        assertEquals(nist.certified()[1], searched.estimate("b2").value(), 1e-8 * nist.certified()[1]);
        assertNotEquals(0, searched.search().bestStart());
        assertTrue(searched.search().sentence().contains("the given start led to a higher optimum or did not converge"),
                searched.search().sentence());
        List<Double> optima = searched.search().optima();
        assertEquals(searched.objective(), optima.getFirst(), 1e-9 * Math.abs(searched.objective()), "the lowest is reported");
        for (int i = 1; i < optima.size(); i++) assertTrue(optima.get(i) > optima.get(i - 1), "distinct and sorted: " + optima);
        assertNull(searched.search().convexity());
    }
}
