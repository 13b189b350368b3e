package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `--time-limit` bounds the whole command, each problem built to take far longer than its limit: the command ends
 * within the limit and a margin (generous: a guard against hangs on a shared machine, not a benchmark) with exit 3
 * and a sentence that names the step cut short.
 */
class TimeLimitTest {
    /** Seconds past the limit that a command may take to stop on a busy machine. */
    private static final double MARGIN = 4;

    private record Timed(CliTest.Run run, double seconds) {}

    private static Timed timed(String... args) {
        long t0 = System.nanoTime();
        CliTest.Run r = CliTest.run(args);
        return new Timed(r, (System.nanoTime() - t0) / 1e9);
    }

    /** Asserts exit 3, the sentence naming {@code step}, and the wall time; returns the run. */
    private static CliTest.Run cutShort(double limit, String step, String... args) {
        Timed t = timed(args);
        assertEquals(Main.NOT_CONVERGED, t.run().code(), t.run().err() + t.run().out());
        assertTrue(t.run().err().contains("mle: the time limit of " + Numbers.sig(limit, 6) + " s was reached before"), t.run().err());
        assertTrue(t.run().err().contains(step), "names " + step + ": " + t.run().err());
        assertTrue(t.seconds() < limit + MARGIN, "ended after " + t.seconds() + " s");
        return t.run();
    }

    /** y ~ Normal(α[g] + b·x, σ) with {@code groups} levels of g, {@code rows} rows; the model and the data's paths. */
    private static Path[] grouped(Path dir, int groups, int rows) throws IOException {
        Path model = dir.resolve("groups.mle"), data = dir.resolve("groups.csv");
        // 2·α[g], not α[g]: the effects then are columns of one design, which these tests need to be slow, where the
        // grouped solvers would eliminate them in a second.
        Files.writeString(model, "data g, x, y\nparam α[" + groups + "]\nparam b\nparam σ > 0\ny ~ Normal(2*α[g] + b*x, σ)\n");
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder csv = new StringBuilder("g,x,y\n");
        for (int i = 0; i < rows; i++) {
            int g = 1 + i % groups;
            double x = random.nextGaussian();
            csv.append(g).append(',').append(x).append(',').append(0.01 * g + 0.5 * x + 0.3 * random.nextGaussian()).append('\n');
        }
        Files.writeString(data, csv);
        return new Path[] {model, data};
    }

    @Test
    void theProfileSharesTheLimitAndItsEndsNotReachedAreMarkedWhileTheFitIsPrinted(@TempDir Path dir) throws IOException {
        // A Student-t regression on 12 covariates from one start: the profile of its 15 parameters takes some hundreds
        // of fits, each about as long as the fit itself.
        Path model = dir.resolve("t.mle"), data = dir.resolve("t.csv"), json = dir.resolve("fit.json");
        Files.writeString(model, "data X[12], y\nparam a\nparam β[12]\nparam σ > 0\nparam ν > 0\ny ~ StudentT(ν, a + dot(X, β), σ)\n");
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder();
        for (int j = 1; j <= 12; j++) csv.append('X').append(j).append(',');
        csv.append("y\n");
        for (int i = 0; i < 2000; i++) {
            double eta = 1;
            for (int j = 0; j < 12; j++) {
                double x = random.nextGaussian();
                eta += 0.5 * x;
                csv.append(x).append(',');
            }
            double chi2 = 0;
            for (int d = 0; d < 4; d++) chi2 += Math.pow(random.nextGaussian(), 2);
            csv.append(eta + random.nextGaussian() / Math.sqrt(chi2 / 4)).append('\n');
        }
        Files.writeString(data, csv);
        // The limit from the fit alone on this machine (JIT warm or not): room for the fit, far from the profile.
        Timed alone = timed("fit", model.toString(), "--data", data.toString(), "--starts", "1");
        assertEquals(Main.OK, alone.run().code(), alone.run().err());
        int limit = (int) Math.ceil(2 * alone.seconds() + 1);
        CliTest.Run r = cutShort(limit, "the profile of", "fit", model.toString(), "--data", data.toString(), "--starts", "1",
                "--profile", "--time-limit", String.valueOf(limit), "--json", json.toString());
        assertTrue(r.out().contains("MLE fit of 15 parameters"), "the fit itself is printed: " + r.out());
        assertTrue(r.out().contains("ν          [not reached within the time limit, not reached within the time limit]"), r.out());
        assertTrue(r.err().contains("the ends it did not reach are marked so"), r.err());
        com.fasterxml.jackson.databind.JsonNode profile = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).get("profile");
        assertEquals(15, profile.size(), profile.toString());
        com.fasterxml.jackson.databind.JsonNode last = profile.get(14);
        assertEquals("[\"lower\",\"upper\"]", last.get("not_reached_within_time_limit").toString(), last.toString());
        assertTrue(last.get("lower95").isNull() && last.get("upper95").isNull(), last.toString());
    }

    @Test
    void aLargeGroupVectorStopsWhileCompiling(@TempDir Path dir) throws IOException {
        // 100,000 levels as columns of one design (2·α[g], which the grouped solvers do not take): its derivatives take
        // minutes and gigabytes; the data are never reached (a header alone).
        Path model = dir.resolve("big.mle"), data = dir.resolve("big.csv");
        Files.writeString(model, "data g, x, y\nparam α[100000]\nparam b\nparam σ > 0\ny ~ Normal(2*α[g] + b*x, σ)\n");
        Files.writeString(data, "g,x,y\n1,0,0\n");
        cutShort(2, "compiling", "fit", model.toString(), "--data", data.toString(), "--time-limit", "2");
        cutShort(2, "", "eval", model.toString(), "--data", data.toString(), "--at", "α=0",
                "--at", "b=0", "--at", "σ=1", "--time-limit", "2");
    }

    @Test
    void aDirectSolveOfThousandsOfColumnsStopsWithASentenceNotAnInternalError(@TempDir Path dir) throws IOException {
        // Ordinary least squares on a 12,000×2,002 design: its QR runs on all cores, where an interrupt was exit 70.
        Path[] files = grouped(dir, 2000, 12_000);
        CliTest.Run r = cutShort(2, "", "fit", files[0].toString(), "--data", files[1].toString(), "--time-limit", "2");
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void newtonOnThousandsOfParametersStops(@TempDir Path dir) throws IOException {
        // Newton's eigendecomposition of a 1,502×1,502 Hessian, or the Hessian's own product, takes far longer.
        Path[] files = grouped(dir, 1500, 6_000);
        CliTest.Run r = cutShort(2, "", "fit", files[0].toString(), "--data", files[1].toString(), "--method", "newton",
                "--time-limit", "2");
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void compareSharesOneLimitBetweenItsFits(@TempDir Path dir) throws IOException {
        Path[] files = grouped(dir, 2000, 12_000);
        Path small = dir.resolve("small.mle");
        Files.writeString(small, "data x, y\nparam a\nparam b\nparam σ > 0\ny ~ Normal(a + b*x, σ)\n");
        CliTest.Run r = cutShort(2, "", "compare", small.toString(), files[0].toString(), "--data", files[1].toString(),
                "--time-limit", "2");
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void aFifoThatNoOneWritesToEndsAtTheLimit(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("data.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        try {
            cutShort(1, "reading " + fifo, "fit", CliTest.sample("normal-mean"), "--data", fifo.toString(), "--time-limit", "1");
        } finally {
            // Release the reader left waiting in the background: a writer that comes and goes gives it the end of the file.
            Thread.ofPlatform().daemon().start(() -> {
                try (var w = Files.newOutputStream(fifo)) {
                    w.flush();
                } catch (IOException ignored) {
                    // nothing waits any more
                }
            });
        }
    }
}
