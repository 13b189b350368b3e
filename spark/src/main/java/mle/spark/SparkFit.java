package mle.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mle.api.FitOptions;
import mle.api.FitResult;
import mle.api.Model;
import mle.api.ModelException;
import mle.api.NumericalException;
import mle.api.OptionException;
import mle.cli.FitOutput;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataException;
import mle.runtime.data.csv.CsvReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `mle fit` on Spark, for spark-submit: the data are read by Spark (Parquet, or CSV with a header) and stay in the
 * executors' memory; each pass of the fit computes the objective's row sums where the partitions are. The same table,
 * JSON and exit status as `mle fit`.
 */
@Command(name = "mle-spark", mixinStandardHelpOptions = true,
        description = {"Fit a model to data read by Spark (Parquet or CSV files, on a cluster or locally): the same "
                + "estimates, standard errors, verdict and exit status as `mle fit`, for data that do not fit one machine.",
                "Each step of the optimiser is one Spark job (from some tens of milliseconds to a few hundred), so for "
                        + "data that fit in memory `mle fit` is much faster."})
public final class SparkFit implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "the model file (.mle)")
    Path model;

    @Option(names = "--data", required = true, preprocessor = mle.cli.DashedValue.class, paramLabel = "PATH", description = "the data: a Parquet or CSV file or directory, any path Spark reads (hdfs://, s3a://, …)")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "parquet or csv (default: from the path's ending, else parquet)")
    String format;

    @Option(names = "--column", paramLabel = "NAME=COLUMN", description = "read the model's data NAME from the data's COLUMN (repeatable)")
    List<String> columns = List.of();

    @Option(names = "--start", paramLabel = "NAME=VALUE", description = "a starting value (repeatable)")
    List<String> starts = List.of();

    @Option(names = "--mle", description = "maximum likelihood: leave out the priors")
    boolean mle;

    @Option(names = "--json", preprocessor = mle.cli.DashedValue.class, paramLabel = "FILE", description = "also write the fit as JSON to FILE")
    Path json;

    @Option(names = "--drop-incomplete", description = "leave out rows with a missing value (empty, NA, null, NaN) in a "
            + "column the model reads, and say how many; without it such a row is an error")
    boolean dropIncomplete;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; its exit status. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new SparkFit());
        cl.getCommandSpec().exitCodeOnInvalidInput(FitOutput.USAGE);
        cl.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("mle: " + e.getMessage() + " (mle-spark --help lists the options)");
            return FitOutput.USAGE;
        });
        // A failure no message above foresees: one line, never a stack trace.
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CommandLine.ParameterException p) {
                command.getErr().println("mle: " + p.getMessage());
                return FitOutput.USAGE;
            }
            command.getErr().println("mle: the fit on Spark failed: " + e);
            return FitOutput.INTERNAL;
        });
        try {
            return cl.execute(args);
        } catch (Throwable e) {   // an Error from inside Spark (a library that will not load, say): one line too
            System.err.println("mle: the fit on Spark failed: " + e);
            return FitOutput.INTERNAL;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        // Before any work: the JSON must not replace the model or a local data file.
        String clash = FitOutput.clash(Map.of("the model", model, "--data", local() ? Path.of(data) : model), json == null ? Map.of()
                : Map.of("--json", json));
        if (clash != null) throw new CommandLine.ParameterException(spec.commandLine(), clash);
        PrintWriter tableOut = FitOutput.isStandardOutput(json) ? err : out;
        Model m;
        try {
            m = Model.compile(model);
        } catch (ModelException e) {
            err.print(e.getMessage());
            return FitOutput.BAD_INPUT;
        } catch (IOException e) {
            err.println("mle: cannot read " + model + ": " + e.getMessage());
            return FitOutput.NO_INPUT;
        }
        Map<String, Double> start = new LinkedHashMap<>();
        pairs(starts, "--start").forEach((name, value) -> start.put(name, number(name, value)));
        FitOptions options = FitOptions.defaults().withStart(start);
        if (mle) options = options.withMode(Objective.Mode.MLE);
        Map<String, String> rename = pairs(columns, "--column");
        // A local path that is not there, said before Spark logs its own search for it.
        if (local() && !java.nio.file.Files.exists(Path.of(data))) {
            err.println("mle: cannot read " + data + ": no such file or directory");
            return FitOutput.NO_INPUT;
        }
        SparkSession spark = session();
        Dataset<Row> frame;
        try {
            frame = read(spark);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (Exception e) {   // Spark's AnalysisException (no such path, not Parquet), which Java does not see declared
            String reason = e instanceof org.apache.spark.sql.AnalysisException a ? a.getSimpleMessage() : e.getMessage();
            err.println("mle: cannot read " + data + ": " + reason);
            return FitOutput.NO_INPUT;
        }
        SparkRows read;
        try {
            read = SparkRows.of(m, frame, rename, dropIncomplete);
        } catch (DataException e) {
            return refuse(located(e), err);
        }
        try (SparkRows rows = read) {
            long dropped = rows.dropped();
            String source = data + " (Spark, " + (dropped > 0 ? dropped + (dropped == 1 ? " incomplete row" : " incomplete rows")
                    + " left out, " : "");
            FitResult result = m.fit(rows, options);
            if (json != null) {
                int written = FitOutput.writeJson(json, result, m, rows.levels(), out, err);
                if (written != FitOutput.OK) return written;
            }
            tableOut.print(FitOutput.table(result, m, source + rows.count() + " rows)", rows.levels()));
            tableOut.flush();
            return result.converged() ? FitOutput.OK : FitOutput.NOT_CONVERGED;
        } catch (DataException e) {
            // A row of the fit is a record of the file only when none was left out.
            return refuse(read.dropped() == 0 ? located(e) : e, err);
        } catch (NumericalException e) {
            err.println(e.getMessage().startsWith("the ") ? "mle: " + e.getMessage() : e.getMessage());
            return FitOutput.BAD_INPUT;
        } catch (OptionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int refuse(DataException e, PrintWriter err) {
        err.println("mle: " + e.getMessage());
        return e.kind() == DataException.Kind.BAD_MAPPING ? FitOutput.USAGE : FitOutput.BAD_INPUT;   // as `mle fit` says it
    }

    /** The error at its file and line, where the data are one local CSV file and the error names a record. */
    private DataException located(DataException e) {
        if (e.file() != null || e.line() <= 0 || !"csv".equals(kind()) || data.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")
                || !java.nio.file.Files.isRegularFile(Path.of(data))) {
            return e;
        }
        Path file = Path.of(data);
        long line = CsvReader.lineOfRow(file, e.line());
        return line <= 0 ? e : new DataException(e.kind(), file, line, e.column(), e.problem(), e.hint());
    }

    /** Whether --data is a path on this machine rather than a URI (hdfs://, s3a://, …). */
    private boolean local() { return !data.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*"); }

    /** csv or parquet: as --format says, else from the path's ending. */
    private String kind() {
        return format != null ? format.toLowerCase(java.util.Locale.ROOT)
                : data.toLowerCase(java.util.Locale.ROOT).matches(".*\\.csv(\\.gz)?/?$") ? "csv" : "parquet";
    }

    private Dataset<Row> read(SparkSession spark) {
        return switch (kind()) {
            case "csv" -> csv(spark, data);
            case "parquet" -> spark.read().parquet(data);
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--format is parquet or csv, not " + format);
        };
    }

    /**
     * A CSV file or folder as `mle fit` reads CSV: every column as text, read by {@link SparkRows} with the number grammar
     * of `mle fit` (Spark's own inference takes 0x1p3 and NaN for numbers); a quoted field may hold line breaks, and ""
     * in one is a quote, as R and pandas write them. Read so, a file is one partition, since a record may span lines.
     */
    static Dataset<Row> csv(SparkSession spark, String path) {
        org.apache.spark.sql.types.StructType header = csvReader(spark).csv(path).schema();
        // A record with more or fewer fields than the header lands in a column of its own, for SparkRows to refuse.
        return csvReader(spark).option("columnNameOfCorruptRecord", SparkRows.MALFORMED)
                .schema(header.add(SparkRows.MALFORMED, org.apache.spark.sql.types.DataTypes.StringType)).csv(path);
    }

    private static org.apache.spark.sql.DataFrameReader csvReader(SparkSession spark) {
        return spark.read().option("header", true).option("multiLine", true).option("escape", "\"");
    }

    /** The session spark-submit made, or a local one on every core when run on its own. */
    private static SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("mle fit");
        if (System.getProperty("spark.master") == null) {
            // Run on its own: Spark's chatter would bury the table (spark-submit keeps the cluster's logging).
            builder.master("local[*]").config("spark.ui.enabled", "false").config("spark.log.level", "ERROR");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    private Map<String, String> pairs(List<String> given, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : given) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new CommandLine.ParameterException(spec.commandLine(), option + " needs NAME=VALUE, not `" + s + "`");
            String earlier = out.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
            if (earlier != null && !earlier.equals(s.substring(eq + 1).strip())) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " gives " + s.substring(0, eq).strip()
                        + " twice, as `" + earlier + "` and `" + s.substring(eq + 1).strip() + "`: keep the one you mean");
            }
        }
        return out;
    }

    private double number(String name, String value) {
        try {
            double v = Double.parseDouble(value);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--start " + name + ": `" + value + "` is not a finite number");
    }
}
