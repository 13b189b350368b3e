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
import mle.runtime.data.csv.CsvReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for what reads user input: model text through check and derive, CSV bytes through the reader, a
 * model through a whole fit on small data, and distribution arguments through simulate. Under `mvn test` each runs once per file of its regression corpus (in
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
            CsvReader.read(data, java.util.List.of("x", "y"), java.util.Map.of());
        } catch (DataException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        }
    }

    /**
     * Any distribution arguments drawn from by simulate: the text is a distribution's name (any other word picks one)
     * and its arguments, row after row; an argument of the first row written `=VALUE` is a parameter set with --set,
     * the others are covariate columns read from a CSV. A draw is written only when it is a finite number in the
     * distribution's support (Uniform's bounds are checked by the fit that reads it, not here).
     */
    @FuzzTest(maxDuration = "10m")
    void simulateArguments(byte[] bytes) throws IOException {
        String[] tokens = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip().split("[\\s,]+");
        java.util.List<mle.compiler.ir.Distribution> all = java.util.List.copyOf(mle.compiler.dist.Distributions.all());
        mle.compiler.ir.Distribution d = mle.compiler.dist.Distributions.lookup(tokens[0]);
        if (d == null) d = all.get(Math.floorMod(tokens[0].hashCode(), all.size()));
        int k = d.parameters().size(), rows = Math.max(1, (tokens.length - 1) / k);
        java.util.List<String> arguments = new java.util.ArrayList<>(), columns = new java.util.ArrayList<>(), sets = new java.util.ArrayList<>();
        StringBuilder declarations = new StringBuilder();
        for (int a = 0; a < k; a++) {
            String first = 1 + a < tokens.length ? tokens[1 + a] : "1";
            mle.compiler.ir.Support domain = d.parameters().get(a).domain();
            if (first.startsWith("=") && domain != mle.compiler.ir.Support.COUNT) {
                declarations.append("param a").append(a).append(switch (domain) {
                    case POSITIVE -> " > 0";
                    case UNIT_INTERVAL -> " in (0, 1)";
                    default -> "";
                }).append('\n');
                sets.add("--set");
                sets.add("a" + a + first);
                arguments.add("a" + a);
            } else {
                columns.add("x" + a);
                arguments.add("x" + a);
            }
        }
        if (sets.isEmpty()) {
            declarations.append("param q\nq ~ Normal(0, 1)\n");
            sets.addAll(java.util.List.of("--set", "q=0"));
        }
        Files.writeString(model, (columns.isEmpty() ? "" : "data " + String.join(", ", columns) + "\n") + "data y\n" + declarations
                + "y ~ " + d.name() + "(" + String.join(", ", arguments) + ")\n");
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        for (int r = 0; r < rows; r++) {
            java.util.List<String> cells = new java.util.ArrayList<>();
            for (int a = 0; a < k; a++) {
                if (!columns.contains("x" + a)) continue;
                int i = 1 + r * k + a;
                cells.add(i < tokens.length ? tokens[i].replace("=", "") : "1");
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(data, csv);
        Path out = dir.resolve("simulated.csv");
        Files.deleteIfExists(out);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("simulate", model.toString(), "--seed", "1", "--out", out.toString()));
        args.addAll(sets);
        if (columns.isEmpty()) args.addAll(java.util.List.of("--rows", Integer.toString(rows)));
        else args.addAll(java.util.List.of("--data", data.toString()));
        run(args.toArray(String[]::new));
        if (Files.exists(out)) {
            java.util.List<String> lines = Files.readAllLines(out);
            int y = java.util.Arrays.asList(lines.getFirst().split(",")).indexOf("y");
            for (String line : lines.subList(1, lines.size())) {
                double v = Double.parseDouble(line.split(",")[y]);
                assertTrue(d.support().contains(v), d.name() + " wrote " + v + " outside its support: " + String.join(" ", tokens));
            }
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
