package mle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs never replace inputs, other outputs or devices; they are written whole or not at all, and a failed write
 * leaves nothing behind. Every case here destroyed or lost a file before it was fixed.
 */
class OutputFilesTest {
    @TempDir Path dir;
    Path model, data;
    byte[] modelBytes, dataBytes;

    @BeforeEach
    void files() throws IOException {
        model = dir.resolve("m.mle");
        data = dir.resolve("d.csv");
        // No `model NAME` line: the HTML report once failed on such a model.
        Files.writeString(model, "data y\nparam mu\nparam s > 0\ny ~ Normal(mu, s)\n");
        Files.writeString(data, "y\n1\n2\n3.5\n");
        modelBytes = Files.readAllBytes(model);
        dataBytes = Files.readAllBytes(data);
    }

    private void assertInputsIntact() throws IOException {
        assertArrayEquals(modelBytes, Files.readAllBytes(model), "the model file is untouched");
        assertArrayEquals(dataBytes, Files.readAllBytes(data), "the data file is untouched");
    }

    private CliTest.Run fit(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("fit", model.toString(), "--data", data.toString()));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void anOutputThatIsAnInputUnderAnySpellingIsRefusedBeforeAnyWork() throws IOException {
        Path hardLink = Files.createLink(dir.resolve("hard.csv"), data);
        Path symbolic = Files.createSymbolicLink(dir.resolve("link.json"), model);
        String dotted = dir.resolve(".").resolve("d.csv").toString();
        for (String option : List.of("--json", "--predictions", "--report")) {
            for (String spelling : List.of(data.toString(), dotted, hardLink.toString(), symbolic.toString(), model.toString(),
                    dir.resolve("sub/../d.csv").toString())) {
                if (spelling.contains("sub/")) Files.createDirectories(dir.resolve("sub"));
                CliTest.Run r = fit(option, spelling);
                assertEquals(Main.USAGE, r.code(), option + " " + spelling + ": " + r.err());
                String other = spelling.equals(model.toString()) || spelling.equals(symbolic.toString()) ? "the model" : "--data";
                assertTrue(r.err().contains(option + " " + spelling + " is the same file as " + other), r.err());
                assertEquals("", r.out(), "nothing is fitted");
                assertInputsIntact();
            }
        }
    }

    @Test
    void twoOutputsThatAreOneFileAreRefused() throws IOException {
        Path out = dir.resolve("out.txt");
        CliTest.Run r = fit("--json", out.toString(), "--predictions", dir.resolve("./out.txt").toString());
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--predictions") && r.err().contains("--json") && r.err().contains("one output would overwrite the other"), r.err());
        assertFalse(Files.exists(out), "nothing written");
        // Standard output can take one of them only.
        r = fit("--json", "-", "--predictions", "-");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("both ask for standard output"), r.err());
    }

    @Test
    void simulateEvalAndCompareRefuseTheirInputsAsOutputs() throws IOException {
        CliTest.Run r = CliTest.run("simulate", model.toString(), "--set", "mu=1", "--set", "s=1", "--rows", "3", "--seed", "1",
                "--out", model.toString());
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--out " + model + " is the same file as the model"), r.err());
        Path covariates = dir.resolve("x.csv");
        Files.writeString(covariates, "x\n1\n2\n");
        Path regression = dir.resolve("r.mle");
        Files.writeString(regression, "data x, y\nparam a\ny ~ Normal(a * x, 1)\n");
        byte[] before = Files.readAllBytes(covariates);
        r = CliTest.run("simulate", regression.toString(), "--set", "a=1", "--data", covariates.toString(), "--seed", "1",
                "--out", covariates.toString());
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("is the same file as --data"), r.err());
        assertArrayEquals(before, Files.readAllBytes(covariates));
        r = CliTest.run("eval", model.toString(), "--data", data.toString(), "--at", "mu=1", "--at", "s=1", "--json", data.toString());
        assertEquals(Main.USAGE, r.code(), r.err());
        r = CliTest.run("compare", model.toString(), model.toString(), "--data", data.toString(), "--json", model.toString());
        assertEquals(Main.USAGE, r.code(), r.err());
        assertInputsIntact();
    }

    @Test
    void aDashIsStandardOutputAndTheTableMovesToStandardError() throws IOException {
        CliTest.Run r = fit("--json", "-");
        assertEquals(Main.OK, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(3, json.get("rows").asInt(), r.out());
        assertTrue(r.err().contains("parameter         estimate"), "the table, on stderr: " + r.err());
        assertFalse(Files.exists(Path.of("-")), "no file called -");
        r = CliTest.run("simulate", model.toString(), "--set", "mu=1", "--set", "s=1", "--rows", "4", "--seed", "7", "--out", "-");
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals(5, r.out().lines().count(), "a header and 4 rows: " + r.out());
        assertTrue(r.err().contains("to standard output"), r.err());
    }

    @Test
    void devicesAndFifosAreWrittenToNotReplaced() throws Exception {
        CliTest.Run r = fit("--json", "/dev/null", "--predictions", "/dev/null");
        assertEquals(Main.OK, r.code(), r.err());
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        r = fit("--predictions", fifo.toString());
        assertEquals(Main.OK, r.code(), r.err());
        String csv = reader.get(30, TimeUnit.SECONDS);
        assertTrue(csv.startsWith("line,"), csv);
        assertEquals(4, csv.lines().count(), csv);
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(), "still a FIFO");
    }

    @Test
    void aSymbolicLinkIsFollowedAndItsTargetReplacedWhole() throws IOException {
        Path target = dir.resolve("real.json"), link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));
        Files.writeString(target, "old");
        CliTest.Run r = fit("--json", link.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.readString(target).contains("\"rows\" : 3"), Files.readString(target));
        // A dangling link: the file it names is made.
        Files.delete(target);
        r = fit("--json", link.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link) && Files.isRegularFile(target));
    }

    @Test
    void aFullDeviceIsSaidInWordsWithExit73() {
        CliTest.Run r = fit("--predictions", "/dev/full");
        assertEquals(Main.CANNOT_CREATE, r.code(), r.err());
        assertTrue(r.err().contains("mle: cannot write /dev/full: no space left on device"), r.err());
    }

    @Test
    void aWriteThatFailsPartWayLeavesNoTemporaryFileAndTheOldFileWhole() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "the previous result\n");
        for (boolean unchecked : new boolean[] {false, true}) {
            StringWriter err = new StringWriter();
            ModelOptions.Exit exit = assertThrows(ModelOptions.Exit.class, () -> OutputFiles.write(target, "--predictions", w -> {
                w.write("x".repeat(100_000));
                IOException full = new IOException("No space left on device");
                if (unchecked) throw new UncheckedIOException(full);
                throw full;
            }, new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
            assertEquals(Main.CANNOT_CREATE, exit.code);
            assertEquals("mle: cannot write " + target + ": no space left on device", err.toString().strip());
            try (var files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary file left");
            }
            assertEquals("the previous result\n", Files.readString(target));
        }
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeTheFit() {
        CliTest.Run r = fit("--json", dir.resolve("no/such/folder/out.json").toString());
        assertEquals(Main.CANNOT_CREATE, r.code(), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertEquals("", r.out(), "no fit was run");
        r = fit("--report", dir.toString());
        assertEquals(Main.CANNOT_CREATE, r.code(), r.err());
        assertTrue(r.err().contains("it is a directory"), r.err());
    }

    @Test
    void aReportOfAModelWithoutANameIsTitledByItsFile() throws IOException {
        Path report = dir.resolve("r.html");
        CliTest.Run r = fit("--report", report.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(Files.readString(report).contains("<h1>m.mle</h1>"));
    }

    @Test
    void aDataFileNameCannotForgeALineOrReadBackwards() throws IOException {
        Path strange = dir.resolve("x\nmle: all is well\u202E.csv");
        Files.writeString(strange, "z\n1\n", StandardCharsets.UTF_8);
        CliTest.Run r = CliTest.run("fit", model.toString(), "--data", strange.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains("x\\nmle: all is well\\u202E.csv"), r.err());
    }

    @Test
    void contradictoryOrImpossibleCommandLineValuesAreUsageErrors() throws IOException {
        CliTest.Run r = fit("--column", "y=y", "--column", "y=z");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--column maps y twice"), r.err());
        Path sized = dir.resolve("p.mle");
        Files.writeString(sized, "const p = 2\nconst w[2] = [1, 2]\ndata X[p], y\nparam b[p]\nparam s > 0\ny ~ Normal(dot(X, b) * w[1], s)\n");
        r = CliTest.run("fit", sized.toString(), "--data", data.toString(), "--set", "p=0");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith("mle: --set p=0: the size of `X` is 0"), r.err());
        assertFalse(r.err().contains("^"), "not a caret under the model's line: " + r.err());
        r = CliTest.run("fit", sized.toString(), "--data", data.toString(), "--set", "w=1,2,3");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--set w=1,2,3"), r.err());
        r = CliTest.run("fit", sized.toString(), "--data", data.toString(), "--set", "p=1", "--set", "p=2");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--set p is given twice"), r.err());
        r = CliTest.run("simulate", model.toString(), "--set", "mu=1", "--set", "mu=2", "--set", "s=1", "--rows", "2", "--seed", "1",
                "--out", dir.resolve("o.csv").toString());
        assertEquals(Main.USAGE, r.code(), r.err());
        // A model error stays a model error, --set or not.
        Files.writeString(sized, "const p = 2\ndata y\nparam b\ny ~ Normal(b, q)\n");
        r = CliTest.run("fit", sized.toString(), "--data", data.toString(), "--set", "p=3");
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
    }
}
