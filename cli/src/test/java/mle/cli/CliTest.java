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
        assertTrue(r.out().contains("For fixed σ, minimising the NLL over the location parameters is least squares"), r.out());
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
}
