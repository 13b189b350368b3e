package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong answers once reported as converged, on the command line: the exit code says what happened. Each of these ended
 * with exit 0 and "converged".
 */
class NotConvergedCliTest {
    /** `mle fit` of the model text on the CSV text, both written to {@code dir}, with the extra arguments. */
    static CliTest.Run fit(Path dir, String model, CharSequence csv, String... more) throws IOException {
        Path m = dir.resolve("m.mle"), data = dir.resolve("d.csv");
        Files.writeString(m, model, StandardCharsets.UTF_8);
        Files.writeString(data, csv, StandardCharsets.UTF_8);
        List<String> args = new java.util.ArrayList<>(List.of("fit", m.toString(), "--data", data.toString()));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void aNormalSampleOf1e200IsBadInputNamingItsLine(@TempDir Path dir) throws IOException {
        CliTest.Run r = fit(dir, "data y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\n", "y\n3.1e200\n2.4e200\n4.0e200\n2.9e200\n");
        assertEquals(Main.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(dir.resolve("d.csv") + ", line 2: `y` is 3.10000e+200"), r.err());
        assertTrue(r.err().contains("Rescale the column"), r.err());
        assertFalse(r.out().contains("converged"), r.out());
    }

    /** Each column within range, but the slope's curvature Σx²/σ² (10⁵⁶⁰) is not a double: not converged, exit 3. */
    @Test
    void anInfiniteHessianExits3AndTheJsonSaysNotConverged(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("fit.json");
        StringBuilder csv = new StringBuilder("x,y\n");
        double[] noise = {0.3, -0.2, 0.5, -0.7, 0.1, 0.4, -0.3, 0.2};
        for (int i = 0; i < noise.length; i++) csv.append((i + 1) + "e140,").append(1 + 2 * i + noise[i]).append("e-140\n");
        CliTest.Run r = fit(dir, "data x, y\nparam a, c\nparam σ > 0\ny ~ Normal(a + c * x, σ)\n", csv, "--json", json.toString());
        assertEquals(Main.NOT_CONVERGED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict     WARNING: not converged"), r.out());
        assertFalse(r.out().contains("WARNING     The Hessian"), "the verdict says it once: " + r.out());
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertFalse(root.get("converged").asBoolean(), root.toString());
        assertEquals("NON_FINITE", root.get("verdict").asText());
    }

    /** 2,001 coefficients on 5 rows: exit 3 with one sentence, and an output of the table's size, not 39 MB. */
    @Test
    void moreCoefficientsThanRowsExit3WithAShortOutput(@TempDir Path dir) throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        StringBuilder csv = new StringBuilder();
        for (int j = 1; j <= 2000; j++) csv.append('X').append(j).append(',');
        csv.append("y\n");
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j <= 2000; j++) csv.append(random.nextGaussian()).append(j < 2000 ? "," : "\n");
        }
        long t0 = System.nanoTime();
        CliTest.Run r = fit(dir, "data X[2000], y\nparam a, b[2000]\nparam σ > 0\ny ~ Normal(a + dot(X, b), σ)\n", csv);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(Main.NOT_CONVERGED, r.code(), r.err());
        assertTrue(r.out().contains("5 rows cannot determine 2,001 coefficients"), r.out());
        assertTrue(r.out().length() < 3_000, "a few lines, not 2,002 rows of nothing: " + r.out().length() + " characters");
        assertTrue(r.out().contains("(no estimates: the verdict below says why)") && !r.out().contains("NaN"), r.out());
        assertTrue(seconds < 60, "a hang guard, not a benchmark: " + seconds + " s");
    }

    /** `report r = log(−σ)` once printed NaN with a standard error of 0.3162: now none, and a note says why. */
    @Test
    void aReportedQuantityThatIsNotFiniteHasNoStandardErrorAndANote(@TempDir Path dir) throws IOException {
        CliTest.Run r = fit(dir, "data y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\nreport r = log(-σ)\n", "y\n1\n2\n3\n4\n6\n");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("\nr                      NaN           NaN  [NaN, NaN]\n"), r.out());
        assertTrue(r.out().contains("note        r is NaN at the estimates: a quantity that is not a finite number there "
                + "has no standard error or interval"), r.out());
    }
}
