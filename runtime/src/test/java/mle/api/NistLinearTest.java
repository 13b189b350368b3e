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
