package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** bin/mle as a user runs it: finds a JDK 25, starts the packaged jar, and keeps its exit codes. */
class LauncherIT {
    record Result(int code, String output) {}

    static Result mle(String... args) throws IOException, InterruptedException {
        return mle(java.util.Map.of(), args);
    }

    static Result mle(java.util.Map<String, String> environment, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = CliTest.ROOT.resolve("bin/mle").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(CliTest.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
    }

    @Test
    void checksTheSamples() throws Exception {
        Result r = mle("check", "samples/normal-mean/model.mle", "samples/linear-regression/model.mle",
                "samples/lasso-regression/model.mle", "samples/poisson-regression/model.mle");
        assertEquals(0, r.code(), r.output());
        assertEquals(4, r.output().lines().filter(l -> l.contains(": ok (")).count(), r.output());
    }

    @Test
    void derivesASample() throws Exception {
        Result r = mle("derive", "samples/lasso-regression/model.mle");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("negative log-posterior"), r.output());
    }

    @Test
    void keepsTheExitCodeOfBadInput() throws Exception {
        Result r = mle("check", "README.md");
        assertEquals(65, r.code(), r.output());
        // No stack trace (the README itself may mention exceptions, and its lines are echoed under the carets).
        assertTrue(r.output().lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception in thread")), r.output());
    }

    @Test
    void fitsTheMainSampleInterpretedOnPurpose() throws Exception {
        Result r = mle("fit", "samples/misra1a/model.mle", "--data", "samples/misra1a/data.csv",
                "--start", "b1=500", "--start", "b2=1e-4", "--expected");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("b1              238.942129"), r.output());
        // 14 rows: the launcher skips the JIT's start-up and says so quietly, without the warning for a JVM that lacks it.
        assertTrue(r.output().contains("chosen for a small data file") && !r.output().contains("WARNING"), r.output());
    }

    @Test
    void compilesTheObjectiveForALargeDataFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // 30,000 rows (about 700 KB) of a Gamma regression, which the general method fits: over the launcher's threshold.
        StringBuilder csv = new StringBuilder("x,y\n");
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 30_000; i++) {
            double x = random.nextDouble(), mean = Math.exp(0.5 + 0.8 * x);
            double y = -mean / 2 * (Math.log(random.nextDouble()) + Math.log(random.nextDouble()));   // Gamma(2, 2/mean)
            csv.append(String.format(java.util.Locale.ROOT, "%.6f,%.6f\n", x, y));
        }
        java.nio.file.Files.writeString(dir.resolve("data.csv"), csv);
        java.nio.file.Files.writeString(dir.resolve("model.mle"), "data x, y\nparam a, b\nparam k > 0\ny ~ Gamma(k, k / exp(a + b * x))\n");
        Result r = mle("fit", dir.resolve("model.mle").toString(), "--data", dir.resolve("data.csv").toString(),
                "--json", dir.resolve("fit.json").toString());
        assertEquals(0, r.code(), r.output());
        String json = java.nio.file.Files.readString(dir.resolve("fit.json"));
        assertTrue(json.contains("\"engine\"") && !json.contains("Interpreted") && !r.output().contains("interpreter"), json);
    }

    @Test
    void aDirectSolverThatHandsOverRestartsWithTheJitWithoutAWarning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // 40,000 rows of a logistic regression that x separates: Newton on XᵀWX names the separation and hands over to
        // the general method, which needs the JIT, so the run restarts with it; the first JVM must not warn meanwhile.
        StringBuilder csv = new StringBuilder("x,y\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 40_000; i++) {
            double x = random.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "%.9f,%d\n", x, x > 0 ? 1 : 0));
        }
        java.nio.file.Files.writeString(dir.resolve("data.csv"), csv);
        java.nio.file.Files.writeString(dir.resolve("model.mle"), "data x, y\nparam a, b\ny ~ Bernoulli(logistic(a + b * x))\n");
        Result r = mle("fit", dir.resolve("model.mle").toString(), "--data", dir.resolve("data.csv").toString());
        assertEquals(3, r.code(), r.output());
        assertTrue(!r.output().contains("JIT compiler is not active") && !r.output().contains("interpreter"), r.output());
    }

    @Test
    void aLargeFileThatADirectSolverFinishesNeedsNoJit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // 40,000 rows (about 1 MB): least squares, solved directly in the JVM started without the JIT, and not restarted.
        StringBuilder csv = new StringBuilder("x,y\n");
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 40_000; i++) {
            double x = random.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "%.9f,%.9f\n", x, 2 + 3 * x + random.nextGaussian()));
        }
        java.nio.file.Files.writeString(dir.resolve("data.csv"), csv);
        java.nio.file.Files.writeString(dir.resolve("model.mle"), "data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        Result r = mle("fit", dir.resolve("model.mle").toString(),
                "--data", dir.resolve("data.csv").toString());
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("solved directly") && !r.output().contains("interpreter"), r.output());
    }

    @Test
    void saysSoWhenTheHeapRunsOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // 400 predictors and 800 rows: a few MB of data, more than a 16 MB heap holds with the fit's matrices.
        int p = 400, n = 800;
        StringBuilder csv = new StringBuilder();
        for (int j = 1; j <= p; j++) csv.append("x").append(j).append(',');
        csv.append("y\n");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) csv.append(random.nextGaussian()).append(',');
            csv.append(random.nextGaussian()).append('\n');
        }
        java.nio.file.Files.writeString(dir.resolve("data.csv"), csv);
        java.nio.file.Files.writeString(dir.resolve("model.mle"), "data x[" + p + "], y\nparam β[" + p
                + "]\nparam σ > 0\ny ~ Normal(dot(x, β), σ)\n");
        Result r = mle(java.util.Map.of("MLE_JAVA_OPTS", "-Xmx16m"), "fit", dir.resolve("model.mle").toString(),
                "--data", dir.resolve("data.csv").toString(), "--json", dir.resolve("fit.json").toString());
        assertEquals(71, r.code(), r.output());
        assertTrue(r.output().contains("out of memory") && r.output().contains("MLE_JAVA_OPTS"), r.output());
        assertTrue(!r.output().contains("Exception") && !r.output().contains("\tat "), r.output());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("fit.json")), "no half-written output");
    }

    @Test
    void aSignalDuringALongWriteLeavesNoTemporaryFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("model.mle"), "data y\nparam mu\nparam s > 0\ny ~ Normal(mu, s)\n");
        Process p = new ProcessBuilder(CliTest.ROOT.resolve("bin/mle").toString(), "simulate", dir.resolve("model.mle").toString(),
                "--set", "mu=1", "--set", "s=1", "--rows", "8000000", "--seed", "1", "--out", dir.resolve("big.csv").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // Wait for the temporary file that the output is written to, then stop the run as `kill` would (SIGTERM).
        long deadline = System.nanoTime() + 120_000_000_000L;
        boolean writing = false;
        while (!writing && p.isAlive() && System.nanoTime() < deadline) {
            try (var files = java.nio.file.Files.list(dir)) {
                writing = files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
            }
            if (!writing) Thread.sleep(20);
        }
        assertTrue(writing, "the run reached its write");
        p.destroy();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(java.util.List.of("model.mle"), files.map(f -> f.getFileName().toString()).toList(),
                    "neither a temporary file nor a half-written output");
        }
    }
}
