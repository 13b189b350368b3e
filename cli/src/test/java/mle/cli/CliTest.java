package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: exit codes, where output goes, and that no stack trace reaches a user. */
class CliTest {
    static final Path ROOT = root();

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), "no stack trace: " + err);
        return new Run(code, out.toString(), err.toString());
    }

    static String sample(String name) { return ROOT.resolve("samples/" + name + "/model.mle").toString(); }

    @Test
    void checkAcceptsCleanModels() {
        Run r = run("check", sample("normal-mean"), sample("lasso-regression"));
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("ok (2 parameters, 1 data column)"), r.out());
    }

    @Test
    void checkReportsErrorsWithPositionsAndExits65(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.mle");
        Files.writeString(bad, "data y\nparam μ, s\ny ~ Normal(μ, s)\n", StandardCharsets.UTF_8);
        Run r = run("check", bad.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains(bad + ":3:15: error:"), r.err());
        assertTrue(r.err().contains("declare it as `param s > 0`"), r.err());
        assertEquals("", r.out(), "errors go to stderr only");
    }

    @Test
    void checkJsonGivesEditorsEachProblemWhereTheTextShowsIt(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.mle");
        String text = "data y\nparam μ, s\ny ~ Normal(μ, s)\ny ~ Normal(q, 1)\n";
        Files.writeString(bad, text, StandardCharsets.UTF_8);
        Run r = run("check", "--json", bad.toString(), sample("normal-mean"), dir.resolve("missing.mle").toString());
        assertEquals(Main.NO_INPUT, r.code(), "the worst of 65 (errors) and 66 (a file that cannot be read)");
        com.fasterxml.jackson.databind.JsonNode files = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("files");
        assertEquals(3, files.size(), r.out());
        com.fasterxml.jackson.databind.JsonNode first = files.get(0);
        assertFalse(first.get("ok").asBoolean());
        String shown = run("check", bad.toString()).err();
        for (com.fasterxml.jackson.databind.JsonNode d : first.get("diagnostics")) {
            // Where the text says file:line:column, with the same message; the offsets point at the same characters.
            assertTrue(shown.contains(bad + ":" + d.get("line").asInt() + ":" + d.get("column").asInt() + ": "
                    + d.get("severity").asText() + ": " + d.get("message").asText()), shown + "\n" + d);
            assertTrue(d.get("end_offset").asInt() > d.get("offset").asInt(), d.toString());
            assertTrue(d.has("hint") && d.has("end_line") && d.has("end_column"), d.toString());
        }
        com.fasterxml.jackson.databind.JsonNode scale = first.get("diagnostics").get(0);
        assertEquals("s", text.substring(scale.get("offset").asInt(), scale.get("end_offset").asInt()));
        assertEquals(2, first.get("diagnostics").size(), "the errors on lines 3 and 4: " + first);
        assertTrue(files.get(1).get("ok").asBoolean() && files.get(1).get("parameters").asInt() == 2, files.get(1).toString());
        assertTrue(files.get(2).get("unreadable").asBoolean(), files.get(2).toString());
        assertTrue(r.err().contains("cannot read"), r.err());
    }

    @Test
    void usageErrorsExit64() {
        assertEquals(Main.USAGE, run().code());
        assertEquals(Main.USAGE, run("derive").code());
        assertEquals(Main.USAGE, run("check", "--frobnicate", sample("normal-mean")).code());
        assertEquals(Main.USAGE, run("fly").code());
        assertEquals(Main.USAGE, run("derive", "--set", "nope", sample("lasso-regression")).code());
        assertEquals(Main.USAGE, run("derive", "--set", "s=abc", sample("lasso-regression")).code());
        Run unknown = run("derive", "--set", "q=1", sample("lasso-regression"));
        assertEquals(Main.USAGE, unknown.code());
        assertTrue(unknown.err().contains("no constant of that name"), unknown.err());
        assertEquals(Main.USAGE, run("derive", "--dump-ir", "--dump-ast", sample("normal-mean")).code(), "one dump at a time");
    }

    @Test
    void aMissingFileExits66() {
        Run r = run("check", "no/such/model.mle");
        assertEquals(Main.NO_INPUT, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void nonUtf8InputIsBadInput(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("latin1.mle");
        Files.write(bad, new byte[] {'p', 'a', 'r', 'a', 'm', ' ', (byte) 0xE9, '\n'});
        Run r = run("check", bad.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("not UTF-8"), r.err());
    }

    @Test
    void deriveExplainsTheLassoWithItsLambda() {
        Run r = run("derive", sample("lasso-regression"));
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("For fixed σ, minimising the NLL over a, b is linear least squares"), r.out());
        assertTrue(r.out().contains("λ = 2·σ²/s"), r.out());
    }

    @Test
    void setOverridesAConstant() {
        Run r = run("derive", "--set", "τ=0.5", sample("linear-regression"));
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("τ = 0.5"), r.out());
        Run ascii = run("derive", "--set", "tau=0.5", sample("linear-regression"));
        assertTrue(ascii.out().contains("τ = 0.5"), "ASCII names reach Unicode constants: " + ascii.err());
    }

    @Test
    void dumpsPrintOnePhaseEachAsInTheGoldens() throws IOException {
        String model = sample("normal-mean");
        for (String phase : new String[] {"ast", "ir", "grad"}) {
            Run r = run("derive", "--dump-" + phase, model);
            assertEquals(Main.OK, r.code(), r.err());
            String golden = Files.readString(ROOT.resolve("samples/normal-mean/model." + phase), StandardCharsets.UTF_8);
            assertEquals(golden, r.out(), "--dump-" + phase);
        }
    }

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples")) && Files.exists(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("cannot find the project's top folder");
    }

    // ---- fit and eval -------------------------------------------------------------------------

    static String sampleData(String name) { return ROOT.resolve("samples/" + name + "/data.csv").toString(); }

    @Test
    void fitPrintsTheTableAndExitsZeroWhenConverged(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out.json");
        Run r = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--json", json.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("NormalMean: MLE fit of 2 parameters to 5 rows"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("μ\\s+2\\.88\\s+0\\.2373\\s.*")), r.out());
        assertTrue(r.out().contains("NLL = 3.92652352928"), r.out());
        assertTrue(r.out().contains("MSE at optimum = 0.2816"), r.out());
        assertTrue(r.out().contains("converged"), r.out());
        assertTrue(r.out().contains("search      one start: the optimum is global"), r.out());
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertTrue(written.get("converged").asBoolean(), written.toString());
        assertEquals(0.2816, written.get("mse").asDouble(), 1e-12);
        assertEquals(2.88, written.get("estimates").get(0).get("estimate").asDouble(), 1e-9);
        // The covariance of (μ̂, σ̂) at a normal sample's MLE: diag(σ̂²/n, σ̂²/(2n)), uncorrelated.
        double s2 = 0.2816, n = 5;
        assertEquals(s2 / n, written.get("covariance").get(0).get(0).asDouble(), 1e-9);
        assertEquals(s2 / (2 * n), written.get("covariance").get(1).get(1).asDouble(), 1e-9);
        assertEquals(0, written.get("correlation").get(0).get(1).asDouble(), 1e-9);
        assertEquals(1, written.get("correlation").get(1).get(1).asDouble(), 1e-12);
    }

    @Test
    void aColumnOfNamesIndexesGroupsAndItsLevelsAreShown(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out.json");
        Run r = run("fit", sample("grunfeld"), "--data", sampleData("grunfeld"), "--json", json.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("levels of firm: 1 = American Steel, 2 = Atlantic Refining,"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("b_capital\\s+0\\.31003344\\d?\\s.*")), r.out());
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(11, written.get("levels").get("firm").size());
        assertEquals("Westinghouse", written.get("levels").get("firm").get(10).asText());
        // A group number outside the vector names its line, and the fit is bad input.
        Path model = dir.resolve("groups.mle"), csv = dir.resolve("groups.csv");
        Files.writeString(model, "data y, g\nparam m[2]\nparam σ > 0\ny ~ Normal(m[g], σ)\n", StandardCharsets.UTF_8);
        Files.writeString(csv, "y,g\n1,1\n2,2\n3,3\n", StandardCharsets.UTF_8);
        Run bad = run("fit", model.toString(), "--data", csv.toString());
        assertEquals(Main.BAD_INPUT, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("line 4") && bad.err().contains("an index of `m` must be a whole number from 1 to 2"), bad.err());
    }

    @Test
    void incompleteRowsAreAnErrorUnlessAskedToLeaveThemOut(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("mean.mle"), csv = dir.resolve("gaps.csv"), json = dir.resolve("out.json");
        Files.writeString(model, "data y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\n", StandardCharsets.UTF_8);
        Files.writeString(csv, "y,note\n1,\n2,x\nNA,x\n4,\n,x\n", StandardCharsets.UTF_8);
        Run refused = run("fit", model.toString(), "--data", csv.toString());
        assertEquals(Main.BAD_INPUT, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("line 4, column `y`") && refused.err().contains("--drop-incomplete"), refused.err());
        Run r = run("fit", model.toString(), "--data", csv.toString(), "--drop-incomplete", "--json", json.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("to 3 rows of " + csv + " (2 incomplete rows left out (lines 4, 6))"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("μ\\s+2\\.33333333\\d?\\s.*")), "the mean of 1, 2 and 4: " + r.out());
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals("[4,6]", written.get("dropped_lines").toString());
        assertEquals(3, written.get("rows").asInt());
    }

    @Test
    void aDataFileWhoseNameBeginsWithADashIsRead(@TempDir Path dir) throws IOException {
        // Only a relative name can begin with '-': the file is made in the working directory, and removed. picocli took
        // -d123.csv for the option -d given again.
        Path model = dir.resolve("mean.mle"), csv = Path.of("-d" + ProcessHandle.current().pid() + ".csv");
        Files.writeString(model, "data y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\n", StandardCharsets.UTF_8);
        try {
            Files.writeString(csv, "y\n1\n2\n4\n", StandardCharsets.UTF_8);
            for (List<String> given : List.of(List.of("--data=" + csv), List.of("--data", csv.toString()), List.of("-d" + csv))) {
                List<String> args = new java.util.ArrayList<>(List.of("fit", model.toString()));
                args.addAll(given);
                Run r = run(args.toArray(String[]::new));
                assertEquals(Main.OK, r.code(), given + ": " + r.out() + r.err());
                assertTrue(r.out().contains("to 3 rows of " + csv), r.out());
            }
            // An option where the file should be is still a forgotten file, not a file named --json.
            Run forgotten = run("fit", model.toString(), "--data", "--json", dir.resolve("out.json").toString());
            assertEquals(Main.USAGE, forgotten.code(), forgotten.out() + forgotten.err());
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    @Test
    void profileIntervalsAreInTheTableAndTheJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out.json");
        Run r = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--profile", "--json", json.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        // x̄ ± σ̂·√(e^{χ²/n} − 1) with x̄ = 2.88, σ̂ = 0.530659966, n = 5
        assertTrue(r.out().contains("profile-likelihood 95% intervals") && r.out().lines().anyMatch(l -> l.matches("μ\\s+\\[2\\.3094\\d*, 3\\.4505\\d*\\]")), r.out());
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(2.30943, written.get("profile").get(0).get("lower95").asDouble(), 1e-5);
        // The profile's points: with σ fitted at each μ, 2·(NLL − min NLL) = n·log(1 + (μ − x̄)²/σ̂²), σ̂² = 0.2816.
        var curve = written.get("profile").get(0).get("curve");
        assertTrue(curve.size() >= 9, curve.toString());
        for (var point : curve) {
            double mu = point.get("value").asDouble();
            assertEquals(5 * Math.log1p((mu - 2.88) * (mu - 2.88) / 0.2816), point.get("deviance").asDouble(), 1e-7, curve.toString());
        }
        Run one = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--profile", "sigma");
        assertEquals(Main.OK, one.code(), one.out() + one.err());
        assertTrue(one.out().lines().anyMatch(l -> l.startsWith("σ ")) && one.out().lines().filter(l -> l.startsWith("μ ")).count() == 1, one.out());
        Run unknown = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--profile", "tau");
        assertEquals(Main.USAGE, unknown.code(), unknown.out() + unknown.err());
    }

    @Test
    void predictionsAreWrittenAsCsv(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("rows.csv");
        Run r = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--predictions", csv.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("line,x,fitted,residual,std_residual,loglik", lines.getFirst());
        assertEquals(6, lines.size());
        assertTrue(lines.get(1).startsWith("2,") && lines.get(1).contains(",2.88,"), lines.get(1));
        Run bad = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--predictions", dir.toString());
        assertEquals(Main.CANNOT_CREATE, bad.code(), bad.err());
        assertTrue(bad.err().contains("give a file name for --predictions"), bad.err());
    }

    @Test
    void compareTestsNestedModelsAndRefusesOthers(@TempDir Path dir) throws IOException {
        Path small = dir.resolve("small.mle"), big = dir.resolve("big.mle"), logs = dir.resolve("logs.mle"), json = dir.resolve("c.json");
        Files.writeString(small, "data x, y\nparam a\nparam σ > 0\ny ~ Normal(a + 0 * x, σ)\n", StandardCharsets.UTF_8);
        Files.writeString(big, "data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n", StandardCharsets.UTF_8);
        Files.writeString(logs, "data x, y\nparam a\nparam σ > 0\nexp(y) ~ Normal(a + 0 * x, σ)\n", StandardCharsets.UTF_8);
        String data = ROOT.resolve("samples/linear-regression/data.csv").toString();
        Run r = run("compare", small.toString(), big.toString(), "--data", data, "--column", "x=X1", "--json", json.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("likelihood-ratio test") && r.out().contains("on 1 degree of freedom"), r.out());
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(1, written.get("df").asInt());
        assertEquals(2, written.get("larger").get("parameters").asInt() - 1);
        Run refused = run("compare", logs.toString(), big.toString(), "--data", data, "--column", "x=X1");
        assertEquals(Main.USAGE, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("different observations"), refused.err());
        Run map = run("compare", small.toString(), big.toString(), "--data", data, "--map");
        assertEquals(Main.USAGE, map.code(), map.err());
    }

    @Test
    void simulateWritesTheSameBytesForASeed(@TempDir Path dir) throws IOException {
        Path covariates = dir.resolve("x.csv"), one = dir.resolve("one.csv"), two = dir.resolve("two.csv");
        Files.writeString(covariates, "exposure\n1\n2\n3\n4\n", StandardCharsets.UTF_8);
        String model = sample("poisson-regression");
        Run r = run("simulate", model, "--set", "alpha=0.5", "--set", "beta=0.3", "--data", covariates.toString(), "--seed", "9", "--out", one.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        run("simulate", model, "--set", "alpha=0.5", "--set", "beta=0.3", "--data", covariates.toString(), "--seed", "9", "--out", two.toString());
        assertEquals(Files.readString(one), Files.readString(two));
        List<String> lines = Files.readAllLines(one);
        assertEquals("exposure,count", lines.getFirst());
        assertTrue(lines.get(1).matches("1,\\d+"), "counts are whole numbers: " + lines);
        Run missing = run("simulate", model, "--set", "alpha=0.5", "--data", covariates.toString(), "--seed", "9", "--out", one.toString());
        assertEquals(Main.USAGE, missing.code(), missing.err());
        assertTrue(missing.err().contains("`beta` has none"), missing.err());
        Run noCovariates = run("simulate", model, "--set", "alpha=0.5", "--set", "beta=0.3", "--rows", "3", "--seed", "9", "--out", one.toString());
        assertEquals(Main.USAGE, noCovariates.code(), noCovariates.err());
        assertTrue(noCovariates.err().contains("give them with --data"), noCovariates.err());
    }

    @Test
    void simulateRefusesWhatItCannotDrawAsBadUsageAndWritesCountsUpTo2To53Exactly(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.mle"), out = dir.resolve("out.csv");
        Files.writeString(model, "const N = 10\ndata y\nparam p in (0, 1)\ny ~ Binomial(N, p)\n", StandardCharsets.UTF_8);
        // Before: exit 0 and about 1e9 successes of 1e18 trials (N was cast to int).
        Run huge = run("simulate", model.toString(), "--set", "N=1e18", "--set", "p=0.5", "--rows", "3", "--seed", "1", "--out", out.toString());
        assertEquals(Main.USAGE, huge.code(), huge.out() + huge.err());
        assertTrue(huge.err().contains("mle: Binomial cannot be drawn at row 1 (line 4: y ~ Binomial(N, p)): its number of trials N is 1.0e18, beyond 2⁵³"), huge.err());
        assertFalse(Files.exists(out), "nothing written");
        // 2⁵³ trials of probability 1 − 2⁻⁵³: 2⁵³ minus a small count, odd numbers included, written as whole numbers.
        Run exact = run("simulate", model.toString(), "--set", "N=9007199254740992", "--set", "p=0.9999999999999999",
                "--rows", "200", "--seed", "1", "--out", out.toString());
        assertEquals(Main.OK, exact.code(), exact.out() + exact.err());
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.stream().skip(1).allMatch(l -> l.matches("90071992547409\\d\\d") && Long.parseLong(l) <= 1L << 53), lines.toString());
        assertTrue(lines.stream().skip(1).anyMatch(l -> Long.parseLong(l) % 2 == 1), "odd counts below 2⁵³");
        Files.delete(out);
        // Before: a stack overflow (exit 1), a hang, and a column of zeros written for the Gamma.
        String[][] refused = {{"data y\nparam m > 0\ny ~ NegBinomial(m, 2)\n", "m=1e300", "its mean μ is 1.0e300"},
                {"data y\nparam l > 0\ny ~ Poisson(l)\n", "l=1e300", "its rate λ is 1.0e300"},
                {"data y\nparam a > 0\ny ~ Gamma(a, 1)\n", "a=1e-300", "it would be written as 0, outside its support"}};
        // Trials from the covariates: bad data, at the file's line.
        Path covariates = dir.resolve("n.csv");
        Files.writeString(covariates, "n\n3\n2.5\n", StandardCharsets.UTF_8);
        Files.writeString(model, "data n, y\nparam p in (0, 1)\ny ~ Binomial(n, p)\n", StandardCharsets.UTF_8);
        Run data = run("simulate", model.toString(), "--set", "p=0.5", "--data", covariates.toString(), "--seed", "1", "--out", out.toString());
        assertEquals(Main.BAD_INPUT, data.code(), data.out() + data.err());
        assertTrue(data.err().contains(covariates + ", line 3: the number of trials N of Binomial is 2.5 (model line 3: y ~ Binomial(n, p)), "
                + "but it must be a whole number ≥ 0."), data.err());
        assertFalse(Files.exists(out), "nothing written for the covariates");
        for (String[] r : refused) {
            Files.writeString(model, r[0], StandardCharsets.UTF_8);
            Run refusal = run("simulate", model.toString(), "--set", r[1], "--rows", "3", "--seed", "1", "--out", out.toString());
            assertEquals(Main.USAGE, refusal.code(), refusal.out() + refusal.err());
            assertTrue(refusal.err().contains("at row 1 (line 3: ") && refusal.err().contains(r[2]), refusal.err());
            assertFalse(Files.exists(out), "nothing written for " + r[1]);
        }
    }

    @Test
    void robustStandardErrorsAreInTheTableAndTheJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out.json");
        Run r = run("fit", sample("linear-regression"), "--data", sampleData("linear-regression"), "--mle", "--robust", "--json", json.toString());
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("sandwich (robust, Huber–White HC0) standard errors:"), r.out());
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(5, written.get("robust_estimates").size());
        Run map = run("fit", sample("normal-mean-prior"), "--data", sampleData("normal-mean-prior"), "--robust");
        assertEquals(Main.USAGE, map.code(), map.out() + map.err());
    }

    @Test
    void aFitThatDoesNotConvergeExitsThree() {
        Run r = run("fit", ROOT.resolve("samples/misra1a/model.mle").toString(), "--data", sampleData("misra1a"),
                "--start", "b1=500", "--start", "b2=1e-4", "--method", "lbfgs", "--max-iterations", "3");
        assertEquals(Main.NOT_CONVERGED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("WARNING: not converged"), r.out());
    }

    @Test
    void aFitThatRunsOffSaysWhyInTheTableAndTheJsonAndExitsThree(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("separated.mle"), csv = dir.resolve("separated.csv"), json = dir.resolve("out.json");
        Files.writeString(model, "data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n", StandardCharsets.UTF_8);
        Files.writeString(csv, "x,y\n-2,0\n-1,0\n-0.5,0\n0.5,1\n1,1\n2,1\n", StandardCharsets.UTF_8);
        Run r = run("fit", model.toString(), "--data", csv.toString(), "--json", json.toString());
        assertEquals(Main.NOT_CONVERGED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict     WARNING: not converged: the optimum is not attained"), r.out());
        assertTrue(r.out().contains("`b` runs off to +∞"), r.out());
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertFalse(written.get("converged").asBoolean());
        assertEquals("AT_BOUNDARY", written.get("verdict").asText());
        assertTrue(written.get("message").asText().contains("separation"), written.toString());
        assertTrue(written.get("estimates").get(1).get("lower95").isNull(), "no Wald interval for b: " + written);
    }

    @Test
    void anObjectiveThatIsNotFiniteAtTheStartIsBadInputWithItsPlace(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("swapped.mle"), csv = dir.resolve("d.csv");
        Files.writeString(model, "data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(σ, a + b * x)\n", StandardCharsets.UTF_8);
        Files.writeString(csv, "x,y\n-1,1\n2,2\n3,3\n", StandardCharsets.UTF_8);
        Run r = run("fit", model.toString(), "--data", csv.toString(), "--start", "b=0.3");
        assertEquals(Main.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(model + ":4:15: error: the scale σ of Normal is −0.3 at row 1 (line 2 of " + csv + ")"), r.err());
        assertEquals("", r.out(), "nothing half-written on stdout");
    }

    /** Each way a fit ends away from a strict minimum: the model, its data, and words the verdict must contain. */
    record Degenerate(String name, String model, String csv, String words) {}

    @Test
    void everyDegenerateFitExitsThreeAndSaysWhy(@TempDir Path dir) throws IOException {
        java.util.List<Degenerate> cases = java.util.List.of(
                new Degenerate("separated", "data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n",
                        "x,y\n-2,0\n-1,0\n1,1\n2,1\n", "`b` runs off to +∞"),
                new Degenerate("all-ones", "data y\nparam θ in (0, 1)\ny ~ Bernoulli(θ)\n", "y\n1\n1\n1\n",
                        "`θ` runs to the edge 1"),
                new Degenerate("zero-counts", "data y\nparam α\ny ~ PoissonLog(α)\n", "y\n0\n0\n0\n", "`α` runs off to −∞"),
                new Degenerate("pinned", "data x, y\nparam a, b, σ > 0\ny ~ Normal(a + b * x, σ)\n",
                        "x,y\n1,10.1\n2,8.9\n3,8.2\n4,6.8\n5,6.1\n", "the constraint binds"),
                new Degenerate("flat", "data y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b, σ)\n", "y\n1.2\n0.7\n1.9\n",
                        "the data do not determine"),
                new Degenerate("exact", "data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n",
                        "x,y\n1,3\n2,5\n3,7\n4,9\n", "fits the data exactly"),
                new Degenerate("underdetermined", "data x1, x2, y\nparam a, b1, b2\nparam σ > 0\ny ~ Normal(a + b1 * x1 + b2 * x2, σ)\n",
                        "x1,x2,y\n1,2,3\n2,1,4\n", "2 rows cannot determine 3 coefficients"));
        for (Degenerate c : cases) {
            Path model = dir.resolve(c.name() + ".mle"), csv = dir.resolve(c.name() + ".csv");
            Files.writeString(model, c.model(), StandardCharsets.UTF_8);
            Files.writeString(csv, c.csv(), StandardCharsets.UTF_8);
            Run r = run("fit", model.toString(), "--data", csv.toString());
            assertEquals(Main.NOT_CONVERGED, r.code(), c.name() + ": " + r.out() + r.err());
            assertTrue(r.out().contains("verdict     WARNING: not converged") && r.out().contains(c.words()),
                    c.name() + ": " + r.out());
        }
        // A saddle point needs a start on it and no other starts.
        Path saddle = dir.resolve("saddle.mle"), csv = dir.resolve("saddle.csv");
        Files.writeString(saddle, "data y\nparam a, b\ny ~ Normal(a * b, 1)\n", StandardCharsets.UTF_8);
        Files.writeString(csv, "y\n1.5\n2.5\n2\n", StandardCharsets.UTF_8);
        Run r = run("fit", saddle.toString(), "--data", csv.toString(), "--method", "lbfgs", "--starts", "1");
        assertEquals(Main.NOT_CONVERGED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("this is a saddle point, not a minimum: the objective falls along"), r.out());
    }

    @Test
    void fitReportsDataErrorsWithLineAndColumn(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "x\n2.3\nabc\n");
        Run r = run("fit", sample("normal-mean"), "--data", csv.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("line 3") && r.err().contains("`x`"), r.err());
        Run missing = run("fit", sample("normal-mean"), "--data", dir.resolve("none.csv").toString());
        assertEquals(Main.NO_INPUT, missing.code(), missing.err());
        Run renamed = run("fit", sample("normal-mean"), "--data", csv.toString(), "--column", "x=value");
        assertEquals(Main.BAD_INPUT, renamed.code(), "a mapping to a column the file lacks");
    }

    @Test
    void fitUsageErrorsExit64() {
        String model = sample("normal-mean"), data = sampleData("normal-mean");
        assertEquals(Main.USAGE, run("fit", model).code(), "--data is required");
        assertEquals(Main.USAGE, run("fit", model, "--data", data, "--start", "σ=-1").code(), "outside the constraint");
        assertEquals(Main.USAGE, run("fit", model, "--data", data, "--start", "nope=1").code());
        assertEquals(Main.USAGE, run("fit", model, "--data", data, "--method", "simplex").code());
        assertEquals(Main.USAGE, run("fit", model, "--data", data, "--starts", "0").code());
        assertEquals(Main.USAGE, run("fit", model, "--data", data, "--mle", "--map").code());
    }

    @Test
    void jsonIsWrittenWholeOrNotAtAll(@TempDir Path dir) {
        Path target = dir.resolve("no-such-dir/out.json");
        Run r = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--json", target.toString());
        assertEquals(Main.CANNOT_CREATE, r.code(), r.err());
        assertFalse(Files.exists(target));
    }

    @Test
    void evalGivesTheSeedFiguresOfSpecSection5() {
        Path good = ROOT.resolve("compiler/src/test/resources/golden/good");
        Run r = run("eval", good.resolve("seed-normal.mle").toString(), "--data", good.resolve("seed-normal.csv").toString(),
                "--at", "μ=2.88", "--at", "v=0.2816");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("NLL = 3.926523529277739"), r.out());
        assertTrue(r.out().contains("17.75568182"), r.out());
        assertTrue(r.out().contains("31.52642368"), r.out());
        assertTrue(r.out().contains("expected (Fisher) information"), r.out());
        Run incomplete = run("eval", good.resolve("seed-normal.mle").toString(), "--data", good.resolve("seed-normal.csv").toString(),
                "--at", "μ=2.88");
        assertEquals(Main.USAGE, incomplete.code());
        assertTrue(incomplete.err().contains("give a value for v"), incomplete.err());
    }

    @Test
    void mapIsTheDefaultWithPriorsAndMleCanBeAsked() {
        Run map = run("fit", sample("lasso-regression"), "--data", sampleData("lasso-regression"));
        assertTrue(map.out().contains("MAP fit"), map.out());
        Run mle = run("fit", sample("lasso-regression"), "--data", sampleData("lasso-regression"), "--mle");
        assertTrue(mle.out().contains("MLE fit") && mle.out().contains("AIC"), mle.out());
    }

    @Test
    void overridesKeepTheDeclaredShape(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("w.mle");
        Files.writeString(model, "data x, y\nconst w = [1, 2, 3]\nparam a\nparam σ > 0\ny ~ Normal(a + sum(w) * x, σ)\n");
        Run wrong = run("derive", "--set", "w=1,2", model.toString());
        assertEquals(Main.USAGE, wrong.code(), "a mistake of the command line, not of the model: " + wrong.err());
        assertTrue(wrong.err().startsWith("mle: --set w=1,2: ") && wrong.err().contains("gives 2 values, but `w` is a vector of 3 elements"),
                wrong.err());
        Run fill = run("derive", "--set", "w=5", model.toString());
        assertEquals(Main.OK, fill.code(), fill.err());
        assertTrue(fill.out().contains("w = [5, 5, 5]"), fill.out());
    }

    @Test
    void aValueGivenTwiceIsAUsageError() {
        Path good = ROOT.resolve("compiler/src/test/resources/golden/good");
        String model = good.resolve("seed-normal.mle").toString(), data = good.resolve("seed-normal.csv").toString();
        assertEquals(Main.USAGE, run("eval", model, "--data", data, "--at", "μ=1", "--at", "μ=2", "--at", "v=1").code());
        assertEquals(Main.USAGE, run("eval", model, "--data", data, "--at", "mu=1", "--at", "μ=2", "--at", "v=1").code());
    }

    @Test
    void aFitOnAKinkSaysWhyAndALinearOneIsSolvedExactly(@TempDir Path dir) throws IOException {
        Path nonlinear = dir.resolve("nonlinear.mle");
        Files.writeString(nonlinear, "data x, y\nparam a, b\nparam s > 0\ny ~ Laplace(a * exp(b * x), s)\n");
        Run r = run("fit", nonlinear.toString(), "--data", sampleData("lasso-regression"));
        assertEquals(Main.NOT_CONVERGED, r.code(), r.out());
        assertTrue(r.out().contains("verdict     WARNING: not converged: the point sits where the objective is not smooth"), r.out());
        assertTrue(r.out().contains("a, b appear inside an absolute value"), r.out());
        Path linear = dir.resolve("lad.mle");
        Files.writeString(linear, "data x, y\nparam a, b\nparam s > 0\ny ~ Laplace(a + b * x, s)\n");
        Run exact = run("fit", linear.toString(), "--data", sampleData("lasso-regression"));
        assertEquals(Main.OK, exact.code(), exact.out());
        assertTrue(exact.out().contains("a vertex of the linear program"), exact.out());
    }

    @Test
    void everyCommandHasCleanHelp() {
        for (String command : new String[] {"fit", "eval", "check", "derive"}) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            java.io.PrintStream previous = System.err;
            java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(stray, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.run(new String[] {command, "--help"}, new PrintWriter(out), new PrintWriter(err));
            } finally {
                System.setErr(previous);
            }
            assertEquals(Main.OK, code, command);
            assertTrue(out.toString().startsWith("Usage: mle " + command), out.toString());
            assertEquals("", stray.toString(StandardCharsets.UTF_8) + err, "help of " + command + " prints no warnings");
        }
    }
}
