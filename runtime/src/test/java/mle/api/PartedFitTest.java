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

    /**
     * NIST's linear problems in parts of 7 rows: the normal equations summed exactly where the rows are reach the
     * certified estimates to LRE ≥ 9 wherever cond(X) after scaling is below 10⁶, that is all but Filip, which is left
     * to the search, whose verdict must not claim an exact solve.
     */
    @Test
    void nistLinearProblemsInPartsReachTheCertifiedValues() throws Exception {
        StringBuilder report = new StringBuilder();
        List<String> failures = new java.util.ArrayList<>();
        int direct = 0;
        for (Path file : mle.runtime.data.StrdFile.all("linear")) {
            mle.runtime.data.StrdFile nist = mle.runtime.data.StrdFile.read(file);
            Model model = Model.compile(NistLinearTest.MODELS.resolve(nist.name() + ".mle"));
            double[][] data = nist.data();
            DataTable table = DataTable.of(nist.columns(), List.of(data));
            FitResult r = model.fit(parts(model, table, 7), FitOptions.defaults());
            String method = r.optimizer().phases().getFirst().method();
            double lre = mle.runtime.data.StrdFile.lre(NistNonlinearTest.values(r.estimates(), nist, Estimate::value), nist.certified(), 15);
            report.append(String.format(java.util.Locale.ROOT, "%-9s %-17s LRE %5.1f  %s%n", nist.name(), method, lre, r.verdict()));
            if (method.equals("normal equations")) {
                direct++;
                if (!(lre >= 9)) failures.add(nist.name());
            } else if (r.verdict() == mle.runtime.optim.Verdict.EXACT) {
                failures.add(nist.name() + " claims an exact solve from a search");
            }
        }
        System.out.print(report);
        assertTrue(failures.isEmpty(), failures + "\n" + report);
        assertEquals(10, direct, "all but Filip solved from their sums:\n" + report);
    }

    /** Models the samples leave out: frequency weights, a vector likelihood, a known scale, a censored count. */
    @ParameterizedTest
    @ValueSource(strings = {
            "data x, y, w\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ, weight = w)\n",
            "data x, y, w\nparam a, b\ny ~ BernoulliLogit(a + b * x, weight = w)\n",
            "data x, y, w\nparam a, b\ny ~ Normal(a + b * x, 1.5)\n",
            "data x, y, w\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x + w, σ)\n",
            "data x, y, w\nparam a, b\ny ~ Poisson(exp(a + b * x), right_censored = w)\n"})
    void otherModelsAgreeToo(String text) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int n = 90;
        double[] x = new double[n], y = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
            w[i] = r.nextInt(2);
            y[i] = text.contains("Bernoulli") ? r.nextInt(2) : text.contains("Poisson") ? r.nextInt(6) : 1 + 2 * x[i] + r.nextGaussian();
            if (!text.contains("Bernoulli") && !text.contains("Poisson")) w[i] = 1 + r.nextInt(3);
        }
        Model model = Model.compile(text);
        DataTable data = DataTable.of(List.of("x", "y", "w"), List.of(x, y, w));
        FitResult memory = model.fit(data), parted = model.fit(parts(model, data, 13), FitOptions.defaults());
        assertTrue(memory.converged() && parted.converged(), memory.message() + " / " + parted.message());
        for (Estimate e : memory.estimates()) {
            assertEquals(e.value(), parted.estimate(e.name()).value(), 1e-10 * Math.max(Math.abs(e.value()), e.standardError()), text + e.name());
            assertEquals(e.standardError(), parted.estimate(e.name()).standardError(), 1e-6 * e.standardError(), text + e.name());
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
