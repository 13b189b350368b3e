package mle.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mle.api.FitResult;
import mle.api.Model;

/**
 * A fit's table, JSON and exit status exactly as `mle fit` gives them, for other front ends (the Spark runner): the one
 * class of the command line that they use.
 */
public final class FitOutput {
    private FitOutput() {}

    /** The exit statuses of `mle fit` ({@link Main} says what each means). */
    public static final int OK = Main.OK, NOT_CONVERGED = Main.NOT_CONVERGED, USAGE = Main.USAGE, BAD_INPUT = Main.BAD_INPUT,
            NO_INPUT = Main.NO_INPUT, INTERNAL = Main.INTERNAL;

    private static FitCommand.Extras extras(Map<String, List<String>> levels) {
        return new FitCommand.Extras(levels, new long[0], false, null, null);
    }

    /**
     * The estimates table with the verdict, the objective and the method.
     *
     * @param dataName where the data came from
     * @param levels   the level names of the columns read as names, by column
     */
    public static String table(FitResult result, Model model, String dataName, Map<String, List<String>> levels) {
        return FitCommand.table(result, model, dataName, extras(levels));
    }

    /**
     * Why the outputs cannot be written as given, in one sentence for a usage error, or null: an output that is the
     * same file as an input or another output (see {@link OutputFiles}).
     *
     * @param inputs  the files read, by the option or argument that names them
     * @param outputs the files to write, by option
     */
    public static String clash(Map<String, Path> inputs, Map<String, Path> outputs) {
        return OutputFiles.clash(inputs, outputs);
    }

    /** Whether an output path stands for standard output ({@code -}), where the table must then not go. */
    public static boolean isStandardOutput(Path p) { return OutputFiles.isStandardOutput(p); }

    /**
     * Writes the fit's JSON to the file ({@code -}: standard output), whole or not at all; a device or FIFO is written
     * to, not replaced.
     *
     * @return 0, or the exit status of a file that cannot be written (the reason is printed to {@code err})
     */
    public static int writeJson(Path target, FitResult result, Model model, Map<String, List<String>> levels, PrintWriter out,
                                PrintWriter err) {
        try {
            JsonOutput.write(target, FitCommand.json(result, model, extras(levels)), out, err);
            return OK;
        } catch (ModelOptions.Exit e) {
            return e.code;
        }
    }
}
