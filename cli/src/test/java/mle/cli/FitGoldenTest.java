package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `mle fit` prints and writes, whole: the table and the JSON of every sample and of every good golden model that
 * has data, against the files in golden/fit/. They hold still while the estimation layer is rebuilt, so that a move
 * that changes a single digit or word shows here. Timings and the engine are masked: they change from run to run.
 * Re-bless after an intended change with `bin/test -Dmle.bless=true`, then read the diff.
 */
class FitGoldenTest {
    static final Path GOLDEN = CliTest.ROOT.resolve("cli/src/test/resources/golden/fit");
    static final boolean BLESS = Boolean.getBoolean("mle.bless");
    /** The samples that need a start, with the one their README line gives. */
    static final Map<String, List<String>> STARTS = Map.of(
            "misra1a", List.of("--start", "b1=500", "--start", "b2=1e-4"),
            "mixture", List.of("--start", "μ1=-1", "--start", "μ2=1"));
    /**
     * Good models whose multi-start does not finish within its time budget (a share of the first run's time), so that
     * how many starts run depends on the machine's speed: one start, for the same output on every machine.
     */
    static final Map<String, List<String>> ONE_START = Map.of("censored-shapes", List.of("--starts", "1"));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir static Path dir;

    @TestFactory
    Stream<DynamicTest> everyFitPrintsAndWritesWhatItDidBefore() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> samples = Files.list(CliTest.ROOT.resolve("samples"))) {
            for (Path sample : samples.filter(Files::isDirectory).sorted().toList()) {
                String name = sample.getFileName().toString();
                tests.add(DynamicTest.dynamicTest("samples/" + name, () -> expect("samples/" + name, sample.resolve("model.mle"),
                        sample.resolve("data.csv"), STARTS.getOrDefault(name, List.of()))));
            }
        }
        Path good = CliTest.ROOT.resolve("compiler/src/test/resources/golden/good");
        try (Stream<Path> models = Files.list(good)) {
            for (Path model : models.filter(p -> p.toString().endsWith(".mle")).sorted().toList()) {
                String stem = model.getFileName().toString().replaceFirst("\\.mle$", "");
                Path data = model.resolveSibling(stem + ".csv");
                if (Files.exists(data)) tests.add(DynamicTest.dynamicTest("good/" + stem, () -> expect("good/" + stem, model, data, ONE_START.getOrDefault(stem, List.of()))));
            }
        }
        try (Stream<Path> samples = Files.list(CliTest.ROOT.resolve("samples"))) {
            for (Path sample : samples.filter(Files::isDirectory).sorted().toList()) {
                String name = sample.getFileName().toString();
                tests.add(DynamicTest.dynamicTest("parted/" + name, () -> expectParted("parted/" + name, sample, STARTS.getOrDefault(name, List.of()))));
            }
        }
        return tests.stream();
    }

    /**
     * The sample fitted through `Model.fit(Rows)` on rows cut into parts of 7 (each pass a job serialized as if it
     * travelled), printed as mle-spark prints it.
     */
    private static void expectParted(String name, Path sample, List<String> startOptions) throws IOException {
        mle.api.Model model = mle.api.Model.compile(sample.resolve("model.mle"));
        mle.runtime.data.DataTable data = model.readData(sample.resolve("data.csv"));
        java.util.Map<String, Double> start = new java.util.LinkedHashMap<>();
        for (int i = 1; i < startOptions.size(); i += 2) {
            String[] pair = startOptions.get(i).split("=");
            start.put(pair[0], Double.parseDouble(pair[1]));
        }
        double[][] columns = model.dataColumns().stream().map(data::columnForReading).toArray(double[][]::new);
        mle.api.FitResult fit = model.fit(mle.runtime.parts.LocalParts.split(columns, data.rowCount(), 7),
                mle.api.FitOptions.defaults().withStart(start));
        java.util.Map<String, List<String>> levels = FitCommand.levels(model, data);
        compare(GOLDEN.resolve(name + ".table"), masked(FitOutput.table(fit, model, "parts of 7 rows", levels)));
        compare(GOLDEN.resolve(name + ".json"), maskedJson(JSON.writeValueAsString(
                FitCommand.json(fit, model, new FitCommand.Extras(levels, new long[0], false, null, null)))));
    }

    private static void expect(String name, Path model, Path data, List<String> extra) throws IOException {
        Path json = dir.resolve(name.replace('/', '-') + ".json");
        List<String> args = new ArrayList<>(List.of("fit", model.toString(), "--data", data.toString(), "--json", json.toString()));
        args.addAll(extra);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        String table = "exit " + code + "\n" + masked(out.toString());
        String written = Files.exists(json) ? maskedJson(Files.readString(json)) : "(no JSON written)\n";
        compare(GOLDEN.resolve(name + ".table"), table);
        compare(GOLDEN.resolve(name + ".json"), written);
    }

    /** The table without what changes from run to run: where the files are, how long the optimiser took, the engine. */
    static String masked(String table) {
        StringBuilder s = new StringBuilder();
        for (String line : table.replace(CliTest.ROOT + "/", "").split("\n", -1)) {
            if (line.startsWith("optimiser   ")) line = line.replaceFirst("; [0-9.e-]+ s$", "; (time) s");
            if (line.contains("the objective ran in Truffle's interpreter")) line = "(engine)";
            s.append(line).append('\n');
        }
        return s.substring(0, s.length() - 1);
    }

    static String maskedJson(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        if (root instanceof ObjectNode o) {
            if (o.has("seconds")) o.put("seconds", 0);
            if (o.has("engine")) o.put("engine", "(engine)");
        }
        return JSON.writeValueAsString(root).replace(CliTest.ROOT + "/", "") + "\n";
    }

    private static void compare(Path expected, String actual) throws IOException {
        if (BLESS) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(expected), "missing " + expected + "; run bin/test -Dmle.bless=true to create it");
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, "differs from " + expected);
    }
}
