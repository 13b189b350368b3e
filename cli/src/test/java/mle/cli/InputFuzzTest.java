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
}
