package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mle.runtime.data.DataTable;
import mle.runtime.data.StrdFile;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The 11 NIST StRD linear least-squares problems, fitted with default options: the certified estimates and standard
 * deviations (NIST's convention, σ² = RSS/(n − p): `--expected`) to LRE ≥ 9 each, by the direct solve. Filip's
 * design has a condition number near 5·10⁹ after scaling; Wampler1 and Wampler2 are exact fits, which must say so.
 */
class NistLinearTest {
    static final Path MODELS = FitTest.ROOT.resolve("runtime/src/test/resources/nist-linear");
    static final double DIGITS = 9;

    @Test
    void everyLinearProblemReachesTheCertifiedEstimatesAndStandardDeviations() {
        assertTrue(Files.isDirectory(StrdFile.root().resolve("linear")), "NIST StRD files not found at " + StrdFile.root());
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (Path file : StrdFile.all("linear")) {
            StrdFile nist = StrdFile.read(file);
            FitResult r = fit(nist);
            double[] estimates = NistNonlinearTest.values(r.estimates(), nist, Estimate::value);
            double[] sds = NistNonlinearTest.values(r.expected(), nist, Estimate::standardError);
            double lreEstimates = StrdFile.lre(estimates, nist.certified(), 15), lreSds = StrdFile.lre(sds, nist.certifiedSd(), 15);
            report.append(String.format(Locale.ROOT, "%-9s LRE estimates %5.1f  SDs %5.1f  %s%n", nist.name(), lreEstimates,
                    lreSds, r.message()));
            if (!(lreEstimates >= DIGITS && lreSds >= DIGITS)) failures.add(nist.name());
            assertEquals("QR", r.optimizer().phases().getFirst().method(), nist.name() + " is solved directly");
            // Wampler1 and Wampler2 are exact fits (certified residual SD 0): the scale's optimum is 0, no maximum.
            Verdict expected = nist.residualSd() == 0 ? Verdict.AT_BOUNDARY : Verdict.EXACT;
            if (r.verdict() != expected) failures.add(nist.name() + " ends " + r.verdict() + ", not " + expected);
        }
        System.out.print(report);
        assertTrue(failures.isEmpty(), "below " + DIGITS + " digits: " + failures + "\n" + report);
    }

    /**
     * Each problem's rows repeated until there are at least 20,000 (a tall design): the least-squares solution is the
     * same, and NIST's standard deviations become sd·√((n − p)/(kn − p)). All but Filip (condition number 5·10⁹ after
     * scaling) are solved from the exact normal equations, Filip by QR as before; both reach the certified digits.
     */
    @Test
    void repeatedRowsReachTheSameCertifiedValuesWhicheverMethodSolvesThem() {
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        int normalEquations = 0;
        for (Path file : StrdFile.all("linear")) {
            StrdFile nist = StrdFile.read(file);
            double[][] data = nist.data();
            int n = data[0].length, k = (20_000 + n - 1) / n, p = nist.certified().length;
            double[][] repeated = new double[data.length][n * k];
            for (int c = 0; c < data.length; c++) for (int copy = 0; copy < k; copy++) System.arraycopy(data[c], 0, repeated[c], copy * n, n);
            Model model;
            try {
                model = Model.compile(MODELS.resolve(nist.name() + ".mle"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            FitResult r = model.fit(DataTable.of(nist.columns(), List.of(repeated)), FitOptions.defaults().withExpectedInformation(true));
            double[] sds = NistNonlinearTest.values(r.expected(), nist, Estimate::standardError);
            double[] certifiedSds = nist.certifiedSd().clone();
            for (int j = 0; j < certifiedSds.length; j++) certifiedSds[j] *= Math.sqrt((double) (n - p) / (n * k - p));
            double lreEstimates = StrdFile.lre(NistNonlinearTest.values(r.estimates(), nist, Estimate::value), nist.certified(), 15);
            double lreSds = StrdFile.lre(sds, certifiedSds, 15);
            String method = r.optimizer().phases().getFirst().method();
            if (method.equals("normal equations")) normalEquations++;
            report.append(String.format(Locale.ROOT, "%-9s ×%-5d LRE estimates %5.1f  SDs %5.1f  %s%n", nist.name(), k, lreEstimates, lreSds, method));
            if (!(lreEstimates >= DIGITS && (nist.residualSd() == 0 || lreSds >= DIGITS))) failures.add(nist.name());
        }
        System.out.print(report);
        assertTrue(failures.isEmpty(), "below " + DIGITS + " digits: " + failures + "\n" + report);
        assertTrue(normalEquations >= 4, "the well-conditioned problems take the normal equations:\n" + report);
    }

    static FitResult fit(StrdFile nist) {
        try {
            Model model = Model.compile(MODELS.resolve(nist.name() + ".mle"));
            List<String> names = nist.columns();
            DataTable table = DataTable.of(names, List.of(nist.data()));
            return model.fit(table, FitOptions.defaults().withExpectedInformation(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
