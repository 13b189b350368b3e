package mle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.source.DiagnosticRenderer;
import mle.compiler.source.SourceFile;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every command that reads models shares: `--set` overrides of constants, and reading and compiling. */
class ModelOptions {
    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "override a constant of the model, e.g. --set s=0.5 or --set w=1,2,3 (repeatable)")
    List<String> sets = List.of();

    /** Thrown to end a command with an exit code after its message was printed. */
    static final class Exit extends RuntimeException {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    Map<String, double[]> overrides(CommandLine cl) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new CommandLine.ParameterException(cl, "--set needs NAME=VALUE, e.g. --set s=0.5, but got `" + s + "`");
            String[] parts = s.substring(eq + 1).split(",");
            double[] v = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    v[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new CommandLine.ParameterException(cl, "--set " + s.substring(0, eq) + ": `" + parts[i].trim() + "` is not a number");
                }
                if (!Double.isFinite(v[i])) throw new CommandLine.ParameterException(cl, "--set " + s.substring(0, eq) + ": the value must be finite");
            }
            double[] earlier = values.put(s.substring(0, eq).trim(), v);
            if (earlier != null && !java.util.Arrays.equals(earlier, v)) {
                throw new CommandLine.ParameterException(cl, "--set " + s.substring(0, eq).trim() + " is given twice with different "
                        + "values: keep one");
            }
        }
        return values;
    }

    /** Reads and compiles the model, printing its diagnostics; ends the command on errors. */
    Compiler.Compilation compile(Path model, CommandLine cl, PrintWriter err) {
        Compiler.Compilation c = compileWithDiagnostics(model, cl, err);
        if (c.diagnostics().hasErrors()) refuseBadOverrides(c, cl, err);
        if (!c.diagnostics().sorted().isEmpty()) err.print(DiagnosticRenderer.renderAll(c.diagnostics().sorted()));
        if (c.diagnostics().hasErrors()) throw new Exit(Main.BAD_INPUT);
        return c;
    }

    /**
     * A model that compiles as written but not with the `--set` values given (a size of 0, a vector of the wrong
     * length) is a mistake on the command line: said as one, naming the --set, with exit 64, not as an error of the
     * model's line.
     */
    private void refuseBadOverrides(Compiler.Compilation c, CommandLine cl, PrintWriter err) {
        Map<String, double[]> all = overrides(cl);
        if (all.isEmpty() || Compiler.compile(c.source(), Map.of()).diagnostics().hasErrors()) return;
        List<String> culprits = new java.util.ArrayList<>();
        for (String s : sets) {
            String name = s.substring(0, s.indexOf('=')).trim();
            if (Compiler.compile(c.source(), Map.of(name, all.get(name))).diagnostics().hasErrors()) culprits.add(s.strip());
        }
        if (culprits.isEmpty()) culprits = sets.stream().map(String::strip).toList();   // only their combination fails
        for (mle.compiler.source.Diagnostic d : c.diagnostics().sorted()) {
            if (!d.isError()) continue;
            err.println("mle: --set " + Main.shown(String.join(", --set ", culprits)) + ": " + d.message() + " ("
                    + Main.shown(c.source().name()) + ", line " + d.span().line() + ")");
        }
        throw new Exit(Main.USAGE);
    }

    /**
     * Reads and compiles the model, leaving its diagnostics to the caller; ends the command, with a message, only when
     * the file cannot be read or is not a model, or a `--set` names no constant.
     */
    Compiler.Compilation compileWithDiagnostics(Path model, CommandLine cl, PrintWriter err) {
        SourceFile source;
        try {
            source = SourceFile.read(model);
        } catch (SourceFile.NotAModel e) {
            err.println("mle: " + e.getMessage());
            throw new Exit(Main.BAD_INPUT);
        } catch (IOException e) {
            err.println("mle: cannot read " + Main.shown(model) + ": " + Main.ioReason(e, model));
            throw new Exit(Main.NO_INPUT);
        }
        Compiler.Compilation c = Compiler.compile(source, overrides(cl));
        if (!c.unknownOverrides().isEmpty() && c.checked() != null) {
            if (!c.diagnostics().sorted().isEmpty()) err.print(DiagnosticRenderer.renderAll(c.diagnostics().sorted()));
            err.println("mle: --set " + String.join(", ", c.unknownOverrides()) + ": the model has no constant of that name");
            throw new Exit(Main.USAGE);
        }
        return c;
    }
}

/** A command that reads one model file. */
final class SingleModelOptions extends ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "the .mle model file")
    Path model;

    Compiler.Compilation compile(CommandLine cl, PrintWriter err) { return compile(model, cl, err); }
}
