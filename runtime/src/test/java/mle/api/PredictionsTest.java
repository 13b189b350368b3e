package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;

/** Per-row predictions against their closed forms: fitted values, residuals, Pearson residuals and log-likelihoods. */
class PredictionsTest {
    private static final double[] X = {-2, -1, 0, 1, 2, 3}, Y = {-3.1, -0.9, 0.8, 3.2, 4.9, 7.1};

    @Test
    void aNormalRegressionsRows() throws IOException {
        Model m = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        DataTable data = DataTable.of(List.of("x", "y"), List.of(X, Y));
        FitResult fit = m.fit(data);
        Predictions p = m.predictions(data, fit);
        assertEquals(List.of("line", "y", "fitted", "residual", "std_residual", "loglik"), p.header());
        double a = fit.estimate("a").value(), b = fit.estimate("b").value(), s = fit.estimate("σ").value();
        double total = 0;
        for (int r = 0; r < X.length; r++) {
            double fitted = a + b * X[r], residual = Y[r] - fitted;
            assertEquals(fitted, p.column("fitted")[r], 1e-12);
            assertEquals(residual, p.column("residual")[r], 1e-12);
            assertEquals(residual / s, p.column("std_residual")[r], 1e-12);
            assertEquals(-Math.log(s) - 0.5 * Math.log(2 * Math.PI) - residual * residual / (2 * s * s), p.column("loglik")[r], 1e-12);
            total += p.column("loglik")[r];
        }
        assertEquals(-fit.nll(), total, 1e-10);
        assertEquals(1, p.lines()[0], "arrays number their rows from 1");
        StringWriter csv = new StringWriter();
        p.writeCsv(csv);
        assertEquals(X.length + 1, csv.toString().lines().count());
        assertTrue(csv.toString().startsWith("line,y,fitted,residual,std_residual,loglik\n1,-3.1,"), csv.toString());
    }

    @Test
    void aPoissonRegressionsPearsonResiduals() {
        double[] k = {0, 1, 1, 3, 4, 9};
        Model m = Model.compile("data x, k\nparam a, b\nk ~ PoissonLog(a + b * x)\n");
        DataTable data = DataTable.of(List.of("x", "k"), List.of(X, k));
        FitResult fit = m.fit(data);
        Predictions p = m.predictions(data, fit);
        for (int r = 0; r < X.length; r++) {
            double rate = Math.exp(fit.estimate("a").value() + fit.estimate("b").value() * X[r]);
            assertEquals(rate, p.column("fitted")[r], 1e-10 * rate);
            assertEquals((k[r] - rate) / Math.sqrt(rate), p.column("std_residual")[r], 1e-9);
        }
        // With an intercept, a canonical-link Poisson fit's residuals sum to 0.
        assertEquals(0, Arrays.stream(p.column("residual")).sum(), 1e-8);
        assertEquals(-fit.nll(), Arrays.stream(p.column("loglik")).sum(), 1e-10);
    }

    @Test
    void censoredRowsContributeTheirLogProbabilities() throws IOException {
        Model m = Model.compile(FitTest.ROOT.resolve("samples/survival/model.mle"));
        DataTable data = m.readData(FitTest.ROOT.resolve("samples/survival/data.csv"));
        FitResult fit = m.fit(data);
        Predictions p = m.predictions(data, fit);
        assertEquals(-fit.nll(), Arrays.stream(p.column("loglik")).sum(), 1e-9);
        assertEquals(2, p.lines()[0], "the first row is on line 2 of the file");
        double k = fit.estimate("k").value(), l = fit.estimate("λ").value();
        double t = data.get("time", 1);   // censored (status 0): log P(T > t) = −(t/λ)^k
        assertEquals(0, data.get("status", 1));
        assertEquals(-Math.pow(t / l, k), p.column("loglik")[1], 1e-12);
    }
}
