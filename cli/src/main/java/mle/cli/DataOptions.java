package mle.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mle.api.Model;
import mle.compiler.ir.Objective;
import mle.estimate.MethodChooser;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What `fit` and `eval` share: the data file, its column mapping, MLE or MAP, and `--json`. */
final class DataOptions {
    @Option(names = {"-d", "--data"}, required = true, preprocessor = DashedValue.class, paramLabel = "CSV", description = "the data: a CSV file with a header row")
    Path data;

    @Option(names = "--column", paramLabel = "NAME=HEADER",
            description = "read the model's data NAME from the CSV column HEADER, e.g. --column y=price (repeatable)")
    List<String> columns = List.of();

    @CommandLine.ArgGroup(exclusive = true)
    ModeOption mode;

    static final class ModeOption {
        @Option(names = "--mle", description = "maximum likelihood: the likelihood alone, priors ignored") boolean mle;
        @Option(names = "--map", description = "maximum a posteriori: likelihood and priors (the default when the model has priors)") boolean map;
    }

    @Option(names = "--json", preprocessor = DashedValue.class, paramLabel = "FILE", description = "also write the result as JSON to FILE (written whole or not at all)")
    Path json;

    @Option(names = "--drop-incomplete", description = "leave out rows with a missing value (empty, NA, NaN, …) in a column "
            + "the model reads, and say how many; without it a missing value is an error")
    boolean dropIncomplete;

    Objective.Mode mode() { return mode == null ? null : mode.mle ? Objective.Mode.MLE : Objective.Mode.MAP; }

    /**
     * Reads the data within what is left of the command's time limit; ends the command with 66 for an unreadable file,
     * 64 for a bad --column, 65 for bad data, and 3 for a file not read in time (a FIFO that no one writes to).
     */
    DataTable read(Model model, CommandLine cl, PrintWriter err, TimeLimitOption limit) {
        Map<String, String> rename = new LinkedHashMap<>();
        for (String c : columns) {
            int eq = c.indexOf('=');
            if (eq <= 0 || eq == c.length() - 1) {
                throw new CommandLine.ParameterException(cl, "--column needs NAME=HEADER, e.g. --column y=price, but got `" + c + "`");
            }
            String name = c.substring(0, eq).trim(), header = c.substring(eq + 1).trim(), earlier = rename.put(name, header);
            if (earlier != null && !earlier.equals(header)) {
                throw new CommandLine.ParameterException(cl, "--column maps " + name + " twice, to `" + earlier + "` and to `" + header
                        + "`: keep the one you mean");
            }
        }
        try {
            return limit.run("reading " + Main.shown(data), cl, err, () -> model.readData(data, rename, dropIncomplete));
        } catch (DataException e) {
            throw report(e, err);
        }
    }

    /**
     * Runs a fit or an evaluation: a problem in the data ends the command as bad input; a bad name or value
     * given on the command line (a start outside its constraint, an unknown parameter) as bad usage; anything else
     * is a bug and goes to the internal-error handler.
     */
    static <T> T run(java.util.function.Supplier<T> work, CommandLine cl, PrintWriter err) {
        try {
            return work.get();
        } catch (DataException e) {
            throw report(e, err);
        } catch (mle.api.NumericalException e) {
            err.println(e.getMessage().startsWith("the ") ? "mle: " + e.getMessage() : e.getMessage());
            throw new ModelOptions.Exit(Main.BAD_INPUT);
        } catch (mle.api.OptionException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        } catch (mle.api.TimeLimitException e) {
            err.println("mle: " + e.getMessage());
            throw new ModelOptions.Exit(Main.NOT_CONVERGED);
        } catch (mle.api.MemoryLimitException e) {
            err.println("mle: out of memory: " + memoryAdvice(e, Runtime.getRuntime().maxMemory()));
            throw new ModelOptions.Exit(Main.OUT_OF_MEMORY);
        }
    }

    /**
     * A refusal for memory as advice: what the fit needs, what the heap has left beside the data, and a heap that holds
     * both, in whole GB ({@code heap} the JVM's maximum; the limit was what it had left when the fit began).
     */
    static String memoryAdvice(mle.api.MemoryLimitException e, long heap) {
        if (e.needed() < 0) return e.getMessage() + " (the limit is what the JVM's heap has left; MLE_JAVA_OPTS=-Xmx… raises it)";
        // What the heap already held (the data), the fit's need, and room for the collector to work in: large arrays
        // take whole regions of G1's heap, and a heap filled to its last byte spends its time collecting.
        double held = heap - e.limit();
        long gb = (long) Math.ceil((held + e.needed()) * HEAP_ROOM / (1L << 30));
        return "this fit needs about " + MethodChooser.MemoryNeed.inWords(e.needed()) + " for " + e.what() + ", more than the "
                + MethodChooser.MemoryNeed.inWords(e.limit()) + " the JVM's heap has left beside the data; give it a heap of "
                + gb + " GB: MLE_JAVA_OPTS=-Xmx" + gb + "g mle ...";
    }

    /** The heap advised for a fit over what it and the data need. */
    private static final double HEAP_ROOM = 1.25;

    static ModelOptions.Exit report(DataException e, PrintWriter err) {
        // The message names the file and may quote its cells: either may hold a line break or a bidirectional control.
        err.println("mle: " + Main.shown(e.getMessage()));
        // A mapping comes from --column on the command line: a mistake there is bad usage, not bad data.
        return new ModelOptions.Exit(switch (e.kind()) {
            case UNREADABLE -> Main.NO_INPUT;
            case BAD_MAPPING -> Main.USAGE;
            default -> Main.BAD_INPUT;
        });
    }

    /** NAME=VALUE pairs as numbers by name. */
    static Map<String, Double> values(List<String> pairs, String option, CommandLine cl) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : pairs) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new CommandLine.ParameterException(cl, option + " needs NAME=VALUE, e.g. " + option + " σ=1, but got `" + s + "`");
            try {
                double v = Double.parseDouble(s.substring(eq + 1).trim());
                if (!Double.isFinite(v)) throw new NumberFormatException();
                if (out.put(s.substring(0, eq).trim(), v) != null) {
                    throw new CommandLine.ParameterException(cl, option + " gives " + s.substring(0, eq).trim() + " twice");
                }
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cl, option + " " + s.substring(0, eq) + ": `" + s.substring(eq + 1) + "` is not a finite number");
            }
        }
        return out;
    }
}
