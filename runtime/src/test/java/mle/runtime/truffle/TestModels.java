package mle.runtime.truffle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mle.compiler.Compiler;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import mle.runtime.data.DataTable;
import mle.runtime.data.csv.CsvReader;

/** The models the runtime is checked on (every sample, every good golden model) with their data. */
record TestModels(String name, Objective objective, double[][] columns, int rows) {

    static Path root() {
        String configured = System.getProperty("mle.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples")) && Files.exists(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("cannot find the project's top folder from " + start);
    }

    /** samples/NAME/model.mle with data.csv, and compiler/…/golden/good/NAME.mle with NAME.csv. */
    static List<TestModels> all() {
        List<TestModels> out = new ArrayList<>();
        Path root = root();
        try (Stream<Path> samples = Files.list(root.resolve("samples"));
             Stream<Path> golden = Files.list(root.resolve("compiler/src/test/resources/golden/good"))) {
            for (Path dir : samples.sorted().toList()) {
                Path model = dir.resolve("model.mle"), csv = dir.resolve("data.csv");
                if (Files.exists(model) && Files.exists(csv)) out.add(load(root, model, csv));
            }
            for (Path model : golden.filter(p -> p.toString().endsWith(".mle")).sorted().toList()) {
                Path csv = model.resolveSibling(model.getFileName().toString().replace(".mle", ".csv"));
                if (Files.exists(csv)) out.add(load(root, model, csv));
            }
            // A model with random effects is evaluated through its marginal likelihood, not by the engines compared here.
            out.removeIf(m -> m.objective().hasRandomEffects());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static TestModels load(Path root, Path model, Path csv) throws IOException {
        Objective objective = compile(model.getFileName().toString(), Files.readString(model));
        List<String> names = objective.columns().stream().map(Objective.Column::name).toList();
        DataTable table = CsvReader.read(csv, names, Map.of(), objective.levelColumns(), false);
        double[][] columns = names.stream().map(table::column).toArray(double[][]::new);
        return new TestModels(root.relativize(model).toString(), objective, columns, table.rowCount());
    }

    static Objective compile(String name, String text) {
        Compiler.Compilation c = Compiler.compile(new SourceFile(name, text), Map.of());
        if (!c.succeeded()) throw new IllegalArgumentException(name + " does not compile: " + c.diagnostics().sorted());
        return c.objective();
    }

    @Override
    public String toString() { return name; }
}
