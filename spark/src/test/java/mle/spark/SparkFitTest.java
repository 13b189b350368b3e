package mle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import mle.api.Estimate;
import mle.api.FitOptions;
import mle.api.FitResult;
import mle.api.Model;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fits on Spark in local[2] mode (two executor threads, the data in partitions, every pass a Spark job) against the
 * same fits in memory: the samples, and a million rows read from CSV and from Parquet.
 */
class SparkFitTest {
    static SparkSession spark;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("mle tests")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() { spark.stop(); }

    static Path samples() { return Path.of(System.getProperty("mle.root", "..")).resolve("samples"); }

    static Dataset<Row> csv(Path file) {
        return spark.read().option("header", true).option("inferSchema", true).csv(file.toString());
    }

    static void agree(FitResult memory, FitResult spark, String what) {
        assertTrue(memory.converged() && spark.converged(), memory.message() + " / " + spark.message());
        assertEquals(memory.rows(), spark.rows(), what);
        assertEquals(memory.objective(), spark.objective(), 1e-12 * Math.abs(memory.objective()), what);
        for (Estimate e : memory.estimates()) {
            Estimate s = spark.estimate(e.name());
            assertEquals(e.value(), s.value(), 1e-10 * Math.max(Math.abs(e.value()), e.standardError()), what + " " + e.name());
            if (Double.isFinite(e.standardError())) {
                assertEquals(e.standardError(), s.standardError(), 1e-6 * e.standardError(), what + " SE of " + e.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal-mean", "linear-regression", "misra1a", "mixture", "poisson-regression", "probit-vote",
            "survival", "gaussian-residuals", "normal-mean-prior", "grunfeld", "laplace-residuals", "lasso-regression"})
    void samplesAgreeWithTheInMemoryFit(String sample) throws IOException {
        Path folder = samples().resolve(sample);
        Model model = Model.compile(folder.resolve("model.mle"));
        FitOptions options = sample.equals("misra1a") ? FitOptions.defaults().withStart(Map.of("b1", 500.0, "b2", 1e-4))
                : FitOptions.defaults();
        FitResult memory = model.fit(model.readData(folder.resolve("data.csv")), options);
        try (SparkRows rows = SparkRows.of(model, csv(folder.resolve("data.csv")).repartition(2))) {
            agree(memory, model.fit(rows, options), sample);
            if (sample.equals("grunfeld")) assertEquals(11, rows.levels().get("firm").size(), "firms read as levels");
        }
    }

    /** A million rows of a linear regression and a Poisson regression, written as CSV with a fixed seed. */
    static Path millionRows() throws IOException {
        Path file = dir.resolve("million.csv");
        if (Files.exists(file)) return file;
        SplittableRandom r = new SplittableRandom(20261201);
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("x1,x2,y,count\n");
            for (int i = 0; i < 1_000_000; i++) {
                double x1 = r.nextGaussian(), x2 = r.nextDouble() * 4 - 2;
                double y = 1.5 + 0.8 * x1 - 0.3 * x2 + 0.7 * r.nextGaussian();
                double rate = Math.exp(0.2 + 0.3 * x1 - 0.1 * x2);
                int count = 0;
                for (double t = -Math.log(r.nextDouble()) / rate; t < 1; t += -Math.log(r.nextDouble()) / rate) count++;
                w.write(String.format(java.util.Locale.ROOT, "%.6f,%.6f,%.6f,%d%n", x1, x2, y, count));
            }
        }
        return file;
    }

    static final String LINEAR = "data x1, x2, y\nparam a, b1, b2\nparam σ > 0\ny ~ Normal(a + b1*x1 + b2*x2, σ)\n";
    static final String POISSON = "data x1, x2, count\nparam a, b1, b2\ncount ~ Poisson(exp(a + b1*x1 + b2*x2))\n";

    @Test
    void aMillionRowsFromCsvAndParquetAgreeWithTheInMemoryFit() throws IOException {
        Path file = millionRows();
        Dataset<Row> frame = csv(file);
        Path parquet = dir.resolve("million.parquet");
        frame.write().mode("overwrite").parquet(parquet.toString());
        for (String text : List.of(LINEAR, POISSON)) {
            Model model = Model.compile(text);
            DataTable data = model.readData(file);
            FitResult memory = model.fit(data);
            try (SparkRows rows = SparkRows.of(model, csv(file))) {
                agree(memory, model.fit(rows, FitOptions.defaults()), "CSV " + text);
            }
            try (SparkRows rows = SparkRows.of(model, spark.read().parquet(parquet.toString()))) {
                agree(memory, model.fit(rows, FitOptions.defaults()), "Parquet " + text);
            }
        }
    }

    /** The message of the data error that reading {@code csv} for a model of x ~ Normal(μ, 1) gives. */
    static String refusal(String name, String csv) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        Model model = Model.compile("data x\nparam μ\nx ~ Normal(μ, 1)\n");
        return assertThrows(DataException.class, () -> SparkRows.of(model, csv(file))).getMessage();
    }

    @Test
    void aMissingValueIsReportedAtItsRow() throws IOException {
        String message = refusal("gap.csv", "x,z\n1.5,1\n2.5,1\n,1\n3.0,1\n");
        assertTrue(message.contains("row 3") && message.contains("missing"), message);
    }

    @Test
    void textWhereNumbersBelongIsRefused() throws IOException {
        String message = refusal("text.csv", "x\none\ntwo\n");
        assertTrue(message.contains("row 1, column `x`: \"one\" is not a number"), message);
    }

    /** Standard error and exit status of the command. */
    record Run(int code, String err) {}

    static Run command(String... args) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = SparkFit.run(args);
            return new Run(code, captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    static final String MEAN = "data x\nparam μ\nparam σ > 0\nx ~ Normal(μ, σ)\n";

    @Test
    void oneNumberGrammarOnBothFrontEnds() throws IOException {
        // What `mle fit` refuses, Spark refuses with the same sentence (0x1p3 was 8, NaN a missing value, 1e400 ∞, and
        // 1,234 a 1 with the 234 cut off as a field too many).
        Model model = Model.compile(MEAN);
        List<String> refused = List.of("0x1p3", "1_000", "1e400", "Infinity", "-inf", "NaN", "NA", "\"1,5\"", "1,234",
                "١٢", "1d", "2f", "TRUE", "\u22122", "abc");
        for (int i = 0; i < refused.size(); i++) {
            Path file = dir.resolve("refused" + i + ".csv");
            Files.writeString(file, "x,note\n1,a\n" + refused.get(i) + ",b\n2,c\n");
            DataException inMemory = assertThrows(DataException.class, () -> model.readData(file), refused.get(i));
            DataException onSpark = assertThrows(DataException.class,
                    () -> SparkRows.of(model, SparkFit.csv(spark, file.toString())), refused.get(i));
            assertEquals(inMemory.kind(), onSpark.kind(), refused.get(i) + ": " + onSpark.getMessage());
            assertEquals(inMemory.problem(), onSpark.problem(), refused.get(i));
            assertEquals(inMemory.hint(), onSpark.hint(), refused.get(i));
            assertEquals(2, onSpark.line(), "the second row: " + onSpark.getMessage());
        }
        // What it accepts, Spark reads as the same numbers: the mean of 5, 0.5, 5, 7 and 1000.
        Path file = dir.resolve("accepted.csv");
        Files.writeString(file, "x\n+5\n.5\n5.\n 7 \n1e3\n");
        FitResult inMemory = model.fit(model.readData(file));
        try (SparkRows rows = SparkRows.of(model, SparkFit.csv(spark, file.toString()))) {
            FitResult onSpark = model.fit(rows, FitOptions.defaults());
            assertEquals(1017.5 / 5, inMemory.estimate("μ").value(), 1e-9);
            assertEquals(inMemory.estimate("μ").value(), onSpark.estimate("μ").value(), 1e-9);
        }
    }

    @Test
    void aCsvFileReadWholeIsSpreadOverTheCoresInRowOrder() throws IOException {
        // Read as one partition (a quoted field may span lines), cut into one piece per core: the same fit as in memory,
        // and a row's number is still its place in the file.
        Path folder = samples().resolve("linear-regression");
        Model model = Model.compile(folder.resolve("model.mle"));
        FitResult memory = model.fit(model.readData(folder.resolve("data.csv")));
        try (SparkRows rows = SparkRows.of(model, SparkFit.csv(spark, folder.resolve("data.csv").toString()))) {
            assertEquals(2, rows.partitions());
            agree(memory, model.fit(rows, FitOptions.defaults()), "linear-regression read whole");
        }
        StringBuilder text = new StringBuilder("x\n");
        for (int i = 1; i <= 20; i++) text.append(i == 15 ? -1 : i).append('\n');
        Path file = dir.resolve("waits.csv"), rate = dir.resolve("waits.mle");
        Files.writeString(file, text);
        Files.writeString(rate, "data x\nparam λ > 0\nx ~ Exponential(λ)\n");
        Run r = command(rate.toString(), "--data", file.toString());
        assertTrue(r.err().contains(file + ", line 16: `x` is −1"), r.err());
    }

    @Test
    void aBadCellIsNamedWithItsColumnValueAndLine() throws IOException {
        Path model = dir.resolve("mean.mle"), file = dir.resolve("cells.csv");
        Files.writeString(model, MEAN);
        // A quoted line break in the header and in a text column, read as `mle fit` reads them: the line of the bad
        // cell counts them.
        Files.writeString(file, "\"long\nnote\",x\n\"a\nb\",1\nc,2\nd,\"1,5\"\n");
        Run r = command(model.toString(), "--data", file.toString());
        assertEquals(65, r.code(), r.err());
        assertTrue(r.err().contains(file + ", line 6, column `x`: \"1,5\" is not a number: it has a decimal comma."), r.err());
        // A blank line is no row for Spark either.
        Files.writeString(file, "\"long\nnote\",x\n\"a\nb\",1\nc,2\nd,4\n\ne,one\n");
        r = command(model.toString(), "--data", file.toString());
        assertTrue(r.err().contains(file + ", line 8, column `x`: \"one\" is not a number."), r.err());
        Files.writeString(file, "\"long\nnote\",x\n\"a\nb\",1\nc,2\nd,4\n");
        Path json = dir.resolve("cells.json");
        r = command(model.toString(), "--data", file.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(json).contains("\"rows\" : 3"), Files.readString(json));
        // A value outside the support found by the fit (not by the reading) is at its line too.
        Path positive = dir.resolve("rate.mle");
        Files.writeString(positive, "data x\nparam λ > 0\nx ~ Exponential(λ)\n");
        Files.writeString(file, "\"long\nnote\",x\n\"a\nb\",1\nc,-2\n");
        r = command(positive.toString(), "--data", file.toString());
        assertEquals(65, r.code(), r.err());
        assertTrue(r.err().contains(file + ", line 5: `x` is −2"), r.err());
    }

    @Test
    void theCommandPrintsTheTableAndWritesTheJson() throws IOException {
        Path folder = samples().resolve("linear-regression"), json = dir.resolve("fit.json");
        int status = SparkFit.run(folder.resolve("model.mle").toString(), "--data", folder.resolve("data.csv").toString(),
                "--json", json.toString());
        assertEquals(0, status);
        String written = Files.readString(json);
        assertTrue(written.contains("\"verdict\""), written);
        assertEquals(66, SparkFit.run(dir.resolve("none.mle").toString(), "--data", "x.csv"), "an unreadable model");
        assertEquals(66, SparkFit.run(folder.resolve("model.mle").toString(), "--data", dir.resolve("none.parquet").toString()),
                "data that are not there");
        assertEquals(64, SparkFit.run(folder.resolve("model.mle").toString(), "--data", folder.resolve("data.csv").toString(),
                "--start", "zz=1"), "a start for no parameter");
        // NA and empty cells: an error (65) unless incomplete rows are left out, as with `mle fit`.
        Path gaps = dir.resolve("gaps.csv"), model = dir.resolve("mean.mle");
        Files.writeString(gaps, "x\n1.5\nNA\n2.5\n\n3.5\n");
        Files.writeString(model, "data x\nparam μ\nparam σ > 0\nx ~ Normal(μ, σ)\n");
        assertEquals(65, SparkFit.run(model.toString(), "--data", gaps.toString()), "a missing value");
        assertEquals(0, SparkFit.run(model.toString(), "--data", gaps.toString(), "--drop-incomplete", "--json",
                json.toString()), "incomplete rows left out");
        assertTrue(Files.readString(json).contains("\"rows\" : 3"), Files.readString(json));
    }

    @Test
    void theJsonNeverReplacesTheModelOrTheData() throws IOException {
        Path model = dir.resolve("keep.mle"), data = dir.resolve("keep.csv");
        Files.writeString(model, "data x\nparam μ\nparam σ > 0\nx ~ Normal(μ, σ)\n");
        Files.writeString(data, "x\n1.5\n2.5\n3.5\n");
        byte[] modelBytes = Files.readAllBytes(model), dataBytes = Files.readAllBytes(data);
        assertEquals(64, SparkFit.run(model.toString(), "--data", data.toString(), "--json", dir.resolve(".").resolve("keep.csv").toString()));
        assertEquals(64, SparkFit.run(model.toString(), "--data", data.toString(), "--json", model.toString()));
        assertTrue(java.util.Arrays.equals(modelBytes, Files.readAllBytes(model)) && java.util.Arrays.equals(dataBytes, Files.readAllBytes(data)));
    }
}
