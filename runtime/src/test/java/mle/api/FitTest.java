package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import mle.runtime.data.csv.CsvReader;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

/**
 * Fits through the public API, against figures that come from elsewhere: SPEC §5, closed forms computed
 * here with EJML, and optimality conditions.
 */
class FitTest {
    static final Path ROOT = root();
    static final Path GOOD = ROOT.resolve("compiler/src/test/resources/golden/good");

    static FitResult fit(Path model, Path csv, FitOptions options) throws IOException {
        Model m = Model.compile(model);
        return m.fit(m.readData(csv), options);
    }

    @Test
    void normalSampleReproducesTheSeedFigures() throws IOException {
        FitResult r = fit(GOOD.resolve("seed-normal.mle"), GOOD.resolve("seed-normal.csv"), FitOptions.defaults());
        assertTrue(r.converged(), r.optimizer().message());
        assertEquals(2.88, r.estimate("μ").value(), 1e-9);
        assertEquals(0.2816, r.estimate("v").value(), 1e-9);
        assertEquals(3.926523529277739, r.nll(), 1e-12);
        // observed information at the MLE = Fisher information: SE(μ) = 1/√17.75568182, SE(σ²) = 1/√31.52642368
        assertEquals(1 / Math.sqrt(17.75568182), r.estimate("μ").standardError(), 1e-8);
        assertEquals(1 / Math.sqrt(31.52642368), r.estimate("v").standardError(), 1e-8);
        assertEquals(2 * 2 + 2 * 3.926523529277739, r.criteria().aic(), 1e-12);
        // Wald on the log scale for v > 0, mapped back: exp(log v̂ ± z·SE/v̂) stays positive.
        double seLog = r.estimate("v").standardError() / 0.2816;
        assertEquals(0.2816 * Math.exp(-1.959963984540054 * seLog), r.estimate("v").lower(), 1e-9);
        assertTrue(r.estimate("v").lower() > 0);
        assertEquals(Objective.Mode.MLE, r.mode(), "no priors: MLE");
        assertTrue(r.jitCompiled(), "the objective ran on " + r.engine());
    }

    @Test
    void normalMeanWithNormalPriorHasMapTwoPointFive() throws IOException {
        FitResult r = fit(ROOT.resolve("samples/normal-mean-prior/model.mle"), ROOT.resolve("samples/normal-mean-prior/data.csv"), FitOptions.defaults());
        assertEquals(Objective.Mode.MAP, r.mode());
        assertEquals(2.5, r.estimate("μ").value(), 1e-10);
        FitResult mle = fit(ROOT.resolve("samples/normal-mean-prior/model.mle"), ROOT.resolve("samples/normal-mean-prior/data.csv"), FitOptions.defaults().withMode(Objective.Mode.MLE));
        assertEquals(2.7, mle.estimate("μ").value(), 1e-10);
        assertNull(r.criteria(), "AIC and BIC belong to MLE mode");
    }

    @Test
    void gaussianNoiseGivesTheMseAndLaplaceNoiseTheMae() throws IOException {
        FitResult gauss = fit(ROOT.resolve("samples/gaussian-residuals/model.mle"), ROOT.resolve("samples/gaussian-residuals/data.csv"), FitOptions.defaults());
        assertEquals("MSE", gauss.loss().name());
        assertEquals(0.01, gauss.loss().value(), 1e-12);
        assertEquals(0.01, Math.pow(gauss.estimate("σ").value(), 2), 1e-10);
        assertEquals(82.94956719377812, Math.exp(-gauss.nll()), 1e-9);
        FitResult laplace = fit(ROOT.resolve("samples/laplace-residuals/model.mle"), ROOT.resolve("samples/laplace-residuals/data.csv"), FitOptions.defaults());
        assertEquals("MAE", laplace.loss().name());
        assertEquals(0.1, laplace.loss().value(), 1e-12);
        assertEquals(0.1, laplace.estimate("b").value(), 1e-9);
        assertEquals(21.05608437214218, Math.exp(-laplace.nll()), 1e-9);
    }

    @Test
    void gaussianPriorGivesTheRidgeSolution() throws IOException {
        Path dir = ROOT.resolve("samples/linear-regression");
        FitResult r = fit(dir.resolve("model.mle"), dir.resolve("data.csv"), FitOptions.defaults());
        assertTrue(r.converged(), r.optimizer().message());
        DataTable data = CsvReader.readAll(dir.resolve("data.csv"));
        int n = data.rowCount();
        SimpleMatrix x = new SimpleMatrix(n, 4), y = new SimpleMatrix(n, 1);
        for (int i = 0; i < n; i++) {
            x.set(i, 0, 1);
            for (int j = 1; j <= 3; j++) x.set(i, j, data.get("X" + j, i));
            y.set(i, 0, data.get("y", i));
        }
        // For the fitted σ, the MAP (α, β) minimises RSS + λ·Σβⱼ² with λ = (σ/τ)², τ = 2, α unpenalised.
        double sigma = r.estimate("σ").value();
        double lambda = Math.pow(sigma / 2.0, 2);
        SimpleMatrix penalty = SimpleMatrix.diag(0, lambda, lambda, lambda);
        SimpleMatrix ridge = x.transpose().mult(x).plus(penalty).solve(x.transpose().mult(y));
        assertEquals(ridge.get(0), r.estimate("α").value(), 1e-7);
        for (int j = 1; j <= 3; j++) assertEquals(ridge.get(j), r.estimate("β[" + j + "]").value(), 1e-7, "β[" + j + "]");
        // and σ² is the mean squared residual at that solution (σ has a flat prior)
        SimpleMatrix residual = y.minus(x.mult(ridge));
        assertEquals(residual.dot(residual) / n, sigma * sigma, 1e-7);
    }

    @Test
    void laplacePriorSatisfiesTheLassoOptimalityConditions() throws IOException {
        Path dir = ROOT.resolve("samples/lasso-regression");
        FitResult r = fit(dir.resolve("model.mle"), dir.resolve("data.csv"), FitOptions.defaults());
        assertTrue(r.converged(), r.optimizer().message());
        DataTable data = CsvReader.readAll(dir.resolve("data.csv"));
        double a = r.estimate("a").value(), b = r.estimate("b").value(), sigma = r.estimate("σ").value();
        double sumResidual = 0, sumResidualX = 0, rss = 0;
        for (int i = 0; i < data.rowCount(); i++) {
            double res = data.get("y", i) - a - b * data.get("x", i);
            sumResidual += res;
            sumResidualX += res * data.get("x", i);
            rss += res * res;
        }
        // Subgradient conditions of RSS/(2σ²) + |b|/s with s = 1: Σr = 0, Σr·x/σ² = sign(b)/s for b ≠ 0.
        assertTrue(b != 0);
        assertEquals(0, sumResidual, 1e-6);
        assertEquals(Math.signum(b), sumResidualX / (sigma * sigma), 1e-6);
        assertEquals(rss / data.rowCount(), sigma * sigma, 1e-8);
    }

    @Test
    void poissonRegressionMapEqualsPenalisedIrls() throws IOException {
        Path dir = ROOT.resolve("samples/poisson-regression");
        FitResult r = fit(dir.resolve("model.mle"), dir.resolve("data.csv"), FitOptions.defaults());
        assertTrue(r.converged(), r.optimizer().message());
        // Independent: iteratively reweighted least squares for a log-link Poisson GLM, with the prior
        // beta ~ Normal(0, 10) as a ridge term 1/10² on beta alone.
        DataTable data = CsvReader.readAll(dir.resolve("data.csv"));
        int n = data.rowCount();
        SimpleMatrix coef = new SimpleMatrix(2, 1);
        SimpleMatrix penalty = SimpleMatrix.diag(0, 1 / 100.0);
        for (int iteration = 0; iteration < 50; iteration++) {
            SimpleMatrix information = penalty.copy(), score = penalty.mult(coef).negative();
            for (int i = 0; i < n; i++) {
                double t = data.get("exposure", i), c = data.get("count", i);
                double rate = Math.exp(coef.get(0) + coef.get(1) * t);
                double[] xi = {1, t};
                for (int a = 0; a < 2; a++) {
                    score.set(a, 0, score.get(a) + (c - rate) * xi[a]);
                    for (int b = 0; b < 2; b++) information.set(a, b, information.get(a, b) + rate * xi[a] * xi[b]);
                }
            }
            coef = coef.plus(information.solve(score));
        }
        assertEquals(coef.get(0), r.estimate("alpha").value(), 1e-9);
        assertEquals(coef.get(1), r.estimate("beta").value(), 1e-9);
    }

    @Test
    void everySampleFitsAndConverges() throws IOException {
        try (var dirs = Files.list(ROOT.resolve("samples"))) {
            for (Path dir : dirs.sorted().toList()) {
                FitResult r = fit(dir.resolve("model.mle"), dir.resolve("data.csv"),
                        dir.endsWith("misra1a") ? FitOptions.defaults().withStart(Map.of("b1", 500.0, "b2", 1e-4)) : FitOptions.defaults());
                assertTrue(r.converged(), dir + ": " + r.optimizer().message());
                assertTrue(r.statistics().positiveDefinite(), dir + ": " + r.statistics().diagnosis());
            }
        }
    }

    @Test
    void misra1aFromBothNistStartsToCertifiedDigits() throws IOException {
        Path dir = ROOT.resolve("samples/misra1a");
        // NIST StRD Misra1a certified values (www.itl.nist.gov/div898/strd), with their standard deviations.
        double b1 = 2.3894212918E+02, b2 = 5.5015643181E-04, sd1 = 2.7070075241E+00, sd2 = 7.2668688436E-06;
        double[][] starts = {{500, 1e-4}, {250, 5e-4}};
        for (double[] start : starts) {
            FitResult r = fit(dir.resolve("model.mle"), dir.resolve("data.csv"),
                    FitOptions.defaults().withStart(Map.of("b1", start[0], "b2", start[1])).withExpectedInformation(true));
            String from = "from b1 = " + start[0] + ", b2 = " + start[1];
            assertTrue(r.converged(), from + ": " + r.optimizer().message());
            assertTrue(lre(r.estimate("b1").value(), b1) >= 6, from + ": b1 = " + r.estimate("b1").value());
            assertTrue(lre(r.estimate("b2").value(), b2) >= 6, from + ": b2 = " + r.estimate("b2").value());
            assertNotNull(r.expected());
            assertTrue(lre(r.expected().get(0).standardError(), sd1) >= 6, from + ": SD(b1) = " + r.expected().get(0).standardError());
            assertTrue(lre(r.expected().get(1).standardError(), sd2) >= 6, from + ": SD(b2) = " + r.expected().get(1).standardError());
        }
    }

    @Test
    void dataOutsideTheSupportIsReportedAtItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path csv = dir.resolve("counts.csv");
        Files.writeString(csv, "x,c\n1,3\n2,4\n3,-1\n");
        Model m = Model.compile("data x, c\nparam a, b\nc ~ PoissonLog(a + b * x)\n");
        DataException e = assertThrows(DataException.class, () -> m.fit(m.readData(csv)));
        assertEquals(4, e.line());
        assertEquals("c", e.column());
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void startingValuesAreChecked() throws IOException {
        Model m = Model.compile(GOOD.resolve("seed-normal.mle"));
        DataTable data = m.readData(GOOD.resolve("seed-normal.csv"));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> m.fit(data, FitOptions.defaults().withStart("v", -1)));
        assertTrue(outside.getMessage().contains("outside its constraint > 0"), outside.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> m.fit(data, FitOptions.defaults().withStart("mv", 1)));
        assertTrue(unknown.getMessage().contains("no parameter"), unknown.getMessage());
    }

    @Test
    void aSingularHessianIsReportedNotHidden() throws IOException {
        // a and b enter only through a + b: the data determine their sum, never each one.
        Model m = Model.compile("data y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b, σ)\n");
        FitResult r = m.fit(DataTable.of(Map.of("y", new double[] {1.2, 0.7, 1.9, 1.1})));
        assertTrue(!r.statistics().positiveDefinite(), "a flat direction must be reported");
        assertTrue(Double.isNaN(r.estimate("a").standardError()), "no standard error for a non-identified parameter");
        assertTrue(r.statistics().diagnosis().contains("a") && r.statistics().diagnosis().contains("b"), r.statistics().diagnosis());
        assertEquals(1.225, r.estimate("a").value() + r.estimate("b").value(), 1e-8, "their sum is the sample mean");
    }

    @Test
    void expectedInformationOfASingularModelIsNaNNotACrash() {
        Model m = Model.compile("data x, y\nparam a, b, c\nparam σ > 0\ny ~ Normal(a + (b + c) * x, σ)\n");
        DataTable data = DataTable.of(Map.of("x", new double[] {1, 2, 3, 4, 5}, "y", new double[] {1.1, 2.3, 2.8, 4.2, 5.1}));
        FitResult r = m.fit(data, FitOptions.defaults().withExpectedInformation(true));
        assertTrue(Double.isNaN(r.expected().get(1).standardError()), "b and c are not separately identified");
    }

    @Test
    void expectedInformationInMapModeIncludesThePrior() throws IOException {
        Path dir = ROOT.resolve("samples/linear-regression");
        Model m = Model.compile(dir.resolve("model.mle"), Map.of("τ", new double[] {0.05}));
        FitResult r = m.fit(m.readData(dir.resolve("data.csv")), FitOptions.defaults().withExpectedInformation(true));
        // With a prior this tight the posterior curvature is the prior's: 1/τ² = 400 dominates Σx²/σ².
        double observed = r.estimate("β[1]").standardError(), expected = r.expected().get(1).standardError();
        assertEquals(observed, expected, 0.05 * observed, "observed " + observed + ", expected " + expected);
        assertTrue(expected < 0.05, "with the prior, the expected information is at least 1/τ² = 400");
    }

    @Test
    void bicCountsObservationsNotRows() {
        Model m = Model.compile("const k = 2\ndata y[k]\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\n");
        FitResult r = m.fit(DataTable.of(Map.of("y1", new double[] {1.0, 2.5, 1.7}, "y2", new double[] {0.4, 2.0, 1.1})));
        assertEquals(2 * Math.log(6) + 2 * r.nll(), r.criteria().bic(), 1e-9, "six observations in three rows");
    }

    @Test
    void modelErrorsCarryRenderedDiagnostics() {
        ModelException e = assertThrows(ModelException.class, () -> Model.compile("data y\nparam μ, s\ny ~ Normal(μ, s)\n"));
        assertTrue(e.getMessage().contains("model.mle:3:15: error:"), e.getMessage());
    }

    /** NIST's log relative error: the number of correct significant digits. */
    static double lre(double x, double certified) {
        return x == certified ? 15 : -Math.log10(Math.abs(x - certified) / Math.abs(certified));
    }

    static Path root() {
        for (Path p = Path.of(System.getProperty("mle.root", "")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples")) && Files.exists(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("cannot find the project's top folder");
    }
}
