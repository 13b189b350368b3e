package mle.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mle.api.Model;
import mle.compiler.ast.Names;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import mle.runtime.data.csv.CsvReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Draw data from a model: the columns on the left of its `~` statements, at given parameter values.",
                "Every parameter needs a value (--set NAME=VALUE, which also overrides constants); the other data columns "
                        + "(covariates) come from --data. The same seed gives the same file.",
                "Exit status: 0 written, 64 bad usage, 65 bad model or data, 66 unreadable file, 73 an output file that cannot be written."})
final class SimulateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "the .mle model file")
    Path model;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "a parameter's value, e.g. --set σ=0.5 (a vector's name sets all its elements), or a constant's override (repeatable)")
    List<String> sets = List.of();

    @Option(names = {"-d", "--data"}, preprocessor = DashedValue.class, paramLabel = "CSV", description = "the covariates: a CSV file with the model's other data columns")
    Path data;

    @Option(names = "--rows", paramLabel = "N", description = "how many rows to draw (default: the covariates' rows)")
    Integer rows;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "the random seed")
    long seed;

    @Option(names = "--out", required = true, preprocessor = DashedValue.class, paramLabel = "FILE", description = "the CSV file to write (whole or not at all)")
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        CommandLine cl = spec.commandLine();
        try {
            // With --out - the data are the standard output: the account of them goes beside, to standard error.
            PrintWriter accountTo = OutputFiles.beforeWork(cl, stdout, err, OutputFiles.named("the model", model, "--data", data),
                    OutputFiles.named("--out", out));
            // --set names parameters and constants alike: the model's parameters take theirs, the rest are overrides.
            ModelOptions plain = new ModelOptions();
            mle.compiler.Compiler.Compilation compiled = plain.compile(model, cl, err);
            Model first = Model.from(compiled);
            Map<String, Double> values = new LinkedHashMap<>();
            List<String> constants = new ArrayList<>();
            java.util.Set<String> parameterNames = new java.util.HashSet<>();
            first.objective().params().forEach(p -> {
                parameterNames.add(Names.canonical(p.name()));
                parameterNames.add(Names.canonical(p.baseName()));
            });
            for (String s : sets) {
                int eq = s.indexOf('=');
                String name = eq > 0 ? s.substring(0, eq).strip() : s;
                if (eq > 0 && parameterNames.contains(Names.canonical(name))) {
                    DataOptions.values(List.of(s), "--set", cl).forEach((parameter, value) -> {
                        Double earlier = values.put(parameter, value);
                        if (earlier != null && !earlier.equals(value)) {
                            throw new CommandLine.ParameterException(cl, "--set " + parameter + " is given twice with different values: keep one");
                        }
                    });
                } else if (eq > 0 && !(compiled.checked().scope().get(Names.canonical(name)) instanceof mle.compiler.check.Symbol.Const)) {
                    throw new CommandLine.ParameterException(cl, "--set " + name + ": the model has no parameter or constant called `" + name + "`");
                } else {
                    constants.add(s);
                }
            }
            ModelOptions overrides = new ModelOptions();
            overrides.sets = constants;
            Model m = constants.isEmpty() ? first : Model.from(overrides.compile(model, cl, err));
            DataTable covariates = null;
            List<String> needed = m.covariateColumns();
            if (data != null) {
                try {
                    covariates = needed.isEmpty() ? null : CsvReader.read(data, needed);
                } catch (DataException e) {
                    throw DataOptions.report(e, err);
                }
            } else if (!needed.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "the model's data " + String.join(", ", needed)
                        + " are not drawn by a `~` statement: give them with --data COVARIATES.csv");
            }
            int n = rows != null ? rows : covariates != null ? covariates.rowCount() : -1;
            if (n < 1) throw new CommandLine.ParameterException(cl, rows == null ? "give --rows N, the number of rows to draw" : "--rows must be at least 1");
            DataTable finalCovariates = covariates;
            DataTable drawn = DataOptions.run(() -> m.simulate(values, finalCovariates, n, seed), cl, err);
            OutputFiles.write(out, "--out", w -> writeCsv(drawn, w), stdout, err);
            accountTo.println("mle: wrote " + n + (n == 1 ? " row" : " rows") + " of "
                    + String.join(", ", drawn.columnNames()) + " to " + (OutputFiles.isStandardOutput(out) ? "standard output" : Main.shown(out)));
            return Main.OK;
        } catch (ModelOptions.Exit e) {
            return e.code;
        }
    }

    /** The table as CSV; whole numbers up to 2⁵³ (every count simulate draws) without a decimal point, others to full precision. */
    static void writeCsv(DataTable t, java.io.Writer w) throws java.io.IOException {
        try (de.siegmar.fastcsv.writer.CsvWriter csv = de.siegmar.fastcsv.writer.CsvWriter.builder()
                .lineDelimiter(de.siegmar.fastcsv.writer.LineDelimiter.LF).build(w)) {
            csv.writeRecord(t.columnNames());
            String[] record = new String[t.columnCount()];
            for (int r = 0; r < t.rowCount(); r++) {
                for (int c = 0; c < record.length; c++) {
                    double v = t.get(t.columnNames().get(c), r);
                    record[c] = v == Math.rint(v) && Math.abs(v) <= 0x1p53 ? Long.toString((long) v) : Double.toString(v);
                }
                csv.writeRecord(record);
            }
        }
    }
}
