package mle.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for what reads user input: model text through check and derive, CSV bytes through the reader, and a
 * model through a whole fit on small data. Under `mvn test` each runs once per file of its regression corpus (in
 * src/test/resources/mle/cli/InputFuzzTestInputs/, seeded with every input that once crashed or hung); `bin/fuzz`
 * fuzzes one of them for a given time. The property is the same everywhere: a documented exit code and a message,
 * never a stack trace, an internal error or a hang.
 */
class InputFuzzTest {
    private static final Set<Integer> EXPECTED = Set.of(Main.OK, Main.NOT_CONVERGED, Main.USAGE, Main.BAD_INPUT, Main.NO_INPUT);
    private static Path dir, model, data;

    @BeforeAll
    static void files() throws IOException {
        dir = Files.createTempDirectory("mle-fuzz");
        model = dir.resolve("model.mle");
        data = dir.resolve("data.csv");
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        String text = err.toString();
        assertTrue(EXPECTED.contains(code), "exit " + code + ": " + text);
        assertClean(text);
        return text;
    }

    /**
     * No internal error and no stack trace. Only mle's own lines count: the model's words, echoed under a caret, may
     * say anything ("internal error" and "Exception" included).
     */
    private static void assertClean(String text) {
        assertFalse(text.lines().anyMatch(l -> l.startsWith("mle: internal error") || l.startsWith("\tat ")
                || l.startsWith("Exception in thread")), text);
    }

    /** Any bytes as a model file: read, compiled, and explained when it compiles; errors rendered. */
    @FuzzTest(maxDuration = "10m")
    void modelText(byte[] bytes) throws IOException {
        Files.write(model, bytes);
        mle.compiler.source.SourceFile source;
        try {
            source = mle.compiler.source.SourceFile.read(model);
        } catch (mle.compiler.source.SourceFile.NotAModel expected) {
            return;
        }
        mle.compiler.Compiler.Compilation c = mle.compiler.Compiler.compile(source, java.util.Map.of());
        String rendered = mle.compiler.source.DiagnosticRenderer.renderAll(c.diagnostics().sorted());
        assertTrue(rendered.lines().noneMatch(l -> l.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')), rendered);
        if (c.succeeded()) {
            assertClean(mle.compiler.LargeStack.call(() -> mle.compiler.explain.Derivation.explain(c.checked(), c.objective())));
        } else {
            assertTrue(c.diagnostics().hasErrors(), "no objective and no error");
        }
    }

    /** Any bytes as a CSV file for a model with data x and y: data or a located data error, nothing else. */
    @FuzzTest(maxDuration = "10m")
    void csvBytes(byte[] bytes) throws IOException {
        Files.write(data, bytes);
        try {
            DataTable.readCsv(data, java.util.List.of("x", "y"), java.util.Map.of());
        } catch (DataException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        }
    }

    /** Any model text fitted to five rows of x and y. */
    @FuzzTest(maxDuration = "10m")
    void fitOnSmallData(byte[] bytes) throws IOException {
        Files.write(model, bytes);
        Files.writeString(data, "x,y,n\n1,0.5,3\n2,1.7,3\n3,2.1,3\n4,3.9,3\n5,5.2,3\n");
        run("fit", model.toString(), "--data", data.toString(), "--starts", "2");
    }

    /**
     * Output paths chosen by the bytes among the spellings that once destroyed inputs (the data under another name, a
     * hard or symbolic link to the model, a device, standard output, a folder, …) for fit, simulate and eval: whatever
     * the choice, the inputs keep their bytes, no temporary file is left, and the exit code is a documented one.
     */
    @FuzzTest(maxDuration = "10m")
    void outputPaths(byte[] bytes) throws IOException {
        String modelText = "data y\nparam mu\nparam s > 0\ny ~ Normal(mu, s)\n", dataText = "y\n1\n2\n3.5\n";
        Files.writeString(model, modelText);
        Files.writeString(data, dataText);
        Path hard = dir.resolve("hard.csv"), link = dir.resolve("link.mle");
        Files.deleteIfExists(hard);
        Files.deleteIfExists(link);
        Files.createLink(hard, data);
        Files.createSymbolicLink(link, model.getFileName());
        String[] spellings = {model.toString(), data.toString(), dir.resolve(".").resolve("data.csv").toString(),
                hard.toString(), link.toString(), "-", "/dev/null", "/dev/full", dir.toString(), dir.resolve("no/such").toString(),
                dir.resolve("a.out").toString(), dir.resolve("./a.out").toString(), "", ".", dir.resolve("b.out").toString()};
        int at = 0;
        int command = bytes.length > at ? bytes[at++] & 3 : 0;
        java.util.List<String> args = new java.util.ArrayList<>(switch (command) {
            case 1 -> java.util.List.of("simulate", model.toString(), "--set", "mu=1", "--set", "s=1", "--rows", "3", "--seed", "1");
            case 2 -> java.util.List.of("eval", model.toString(), "--data", data.toString(), "--at", "mu=1", "--at", "s=1");
            default -> java.util.List.of("fit", model.toString(), "--data", data.toString());
        });
        String[] options = switch (command) {
            case 1 -> new String[] {"--out", "--data"};
            case 2 -> new String[] {"--json"};
            default -> new String[] {"--json", "--predictions", "--report"};
        };
        for (int k = 0; k < 4 && at + 1 < bytes.length; k++) {
            args.add(options[(bytes[at++] & 0xFF) % options.length]);
            args.add(spellings[(bytes[at++] & 0xFF) % spellings.length]);
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertTrue(EXPECTED.contains(code) || code == Main.CANNOT_CREATE, "exit " + code + ": " + err);
        assertClean(err.toString());
        assertTrue(Files.readString(model).equals(modelText) && Files.readString(data).equals(dataText), args + ": an input was replaced");
        assertTrue(Files.isSymbolicLink(link), args + ": the link was replaced");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), args + ": a temporary file was left");
        }
    }
}
