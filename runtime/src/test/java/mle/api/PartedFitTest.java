package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import mle.runtime.parts.LocalParts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fits on rows held in parts (as a cluster holds them: each pass a job that travels to every part) against the same
 * fits in memory, on every sample: the same estimates to 1e-10 relative, though the in-memory fit of most of them is a
 * direct solve and the fit in parts a search.
 */
class PartedFitTest {
    static Path samples() { return Path.of(System.getProperty("mle.root", "..")).resolve("samples"); }

    static LocalParts parts(Model model, DataTable data, int partRows) {
        List<String> names = model.dataColumns();
        double[][] columns = new double[names.size()][];
        for (int c = 0; c < columns.length; c++) columns[c] = data.columnForReading(names.get(c));
        return LocalParts.split(columns, data.rowCount(), partRows);
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal-mean", "linear-regression", "misra1a", "mixture", "poisson-regression", "probit-vote",
            "survival", "gaussian-residuals", "normal-mean-prior", "grunfeld", "laplace-residuals", "lasso-regression"})
    void samplesAgree(String sample) throws Exception {
        Model model = Model.compile(samples().resolve(sample).resolve("model.mle"));
        DataTable data = model.readData(samples().resolve(sample).resolve("data.csv"));
        // Misra1a from NIST's first start, as its README says (from 0 its least-squares search stalls, and says so).
        FitOptions options = sample.equals("misra1a") ? FitOptions.defaults().withStart(Map.of("b1", 500.0, "b2", 1e-4))
                : FitOptions.defaults();
        FitResult memory = model.fit(data, options);
        FitResult parted = model.fit(parts(model, data, 7), options);
        assertTrue(memory.converged() && parted.converged(), memory.message() + " / " + parted.message());
        assertEquals(memory.rows(), parted.rows());
        assertEquals(memory.objective(), parted.objective(), 1e-12 * Math.abs(memory.objective()));
        for (Estimate e : memory.estimates()) {
            Estimate p = parted.estimate(e.name());
            assertEquals(e.value(), p.value(), 1e-10 * Math.max(Math.abs(e.value()), e.standardError()), sample + " " + e.name());
            if (Double.isFinite(e.standardError())) {
                assertEquals(e.standardError(), p.standardError(), 1e-6 * e.standardError(), sample + " SE of " + e.name());
            }
        }
        if (memory.criteria() != null) assertEquals(memory.criteria().bic(), parted.criteria().bic(), 1e-9 * Math.abs(memory.criteria().bic()));
    }

    @Test
    void aValueOutsideTheSupportIsReportedAtItsRowInTheWhole() throws Exception {
        Model model = Model.compile("data x\nparam λ > 0\nx ~ Poisson(λ)\n");
        double[] x = new double[50];
        for (int i = 0; i < x.length; i++) x[i] = i % 4;
        x[37] = -2;
        LocalParts parts = LocalParts.split(new double[][] {x}, x.length, 10);
        DataException e = assertThrows(DataException.class, () -> model.fit(parts, FitOptions.defaults()));
        assertTrue(e.getMessage().contains("row 38") && e.getMessage().contains("−2"), e.getMessage());
    }
}
