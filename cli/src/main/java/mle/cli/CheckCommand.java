package mle.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mle.compiler.Compiler;
import mle.compiler.source.Diagnostic;
import mle.compiler.source.SourceFile;
import mle.compiler.source.Span;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check models and report every problem with its line and column.",
                "Exit status: 0 when every model is clean (warnings allowed), 65 when any has errors, 66 when a file cannot be read."})
final class CheckCommand implements Callable<Integer> {
    @Mixin ModelOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MODEL", description = "the .mle model files")
    List<Path> models;

    @CommandLine.Option(names = "--json", description = "print the problems as JSON on standard output, for editors: per "
            + "file, each with severity, line, column, end_line, end_column (1-based, in characters as shown), offset and "
            + "end_offset (into the text, in UTF-16 units), message and hint")
    boolean json;

    @Override
    public Integer call() {
        if (json) return callForEditors();
        int worst = Main.OK;
        for (Path model : models) {
            try {
                Compiler.Compilation c = options.compile(model, spec.commandLine(), spec.commandLine().getErr());
                int params = c.objective().params().size(), columns = c.objective().columns().size();
                int randoms = c.objective().randoms().size();
                spec.commandLine().getOut().println(model + ": ok (" + params + " parameter" + (params == 1 ? "" : "s") + ", "
                        + (randoms == 0 ? "" : randoms + " random effect" + (randoms == 1 ? "" : "s") + ", ")
                        + columns + " data column" + (columns == 1 ? "" : "s") + ")");
                if (randoms > 0) spec.commandLine().getOut().println("  " + randomEffects(c.objective()));
            } catch (ModelOptions.Exit e) {
                worst = Math.max(worst, e.code);
            }
        }
        return worst;
    }

    /** What the model's `random` declarations mean for a fit, in one sentence. */
    private static String randomEffects(mle.compiler.ir.Objective o) {
        java.util.LinkedHashSet<String> vectors = new java.util.LinkedHashSet<>();
        for (mle.compiler.ir.Objective.Parameter p : o.randoms()) vectors.add(p.baseName());
        String how;
        try {
            how = mle.compiler.lower.RandomEffects.of(o, mle.compiler.ir.Objective.Mode.MLE, List.of()).isQuadratic()
                    ? "exactly, since the model is Gaussian and linear in them" : "by the Laplace approximation";
        } catch (mle.compiler.lower.RandomEffects.Unsupported e) {
            return String.join(", ", vectors) + " cannot be integrated out: " + e.getMessage();
        }
        return String.join(", ", vectors) + (vectors.size() == 1 ? " is" : " are") + " random: latent variables that a fit "
                + "integrates out of the likelihood (" + how + ") rather than estimates; it maximises the marginal "
                + "likelihood of the parameters and reports each effect's conditional mode";
    }

    /** The diagnostics of every file as one JSON document on standard output; unreadable files are reported on stderr. */
    private int callForEditors() {
        int worst = Main.OK;
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path model : models) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", model.toString());
            try {
                Compiler.Compilation c = options.compileWithDiagnostics(model, spec.commandLine(), spec.commandLine().getErr());
                boolean ok = !c.diagnostics().hasErrors();
                entry.put("ok", ok);
                if (ok) {
                    entry.put("parameters", c.objective().params().size());
                    entry.put("data_columns", c.objective().columns().size());
                } else {
                    worst = Math.max(worst, Main.BAD_INPUT);
                }
                entry.put("diagnostics", c.diagnostics().sorted().stream().map(CheckCommand::diagnostic).toList());
            } catch (ModelOptions.Exit e) {
                worst = Math.max(worst, e.code);
                entry.put("ok", false);
                entry.put("unreadable", true);
                entry.put("diagnostics", List.of());
            }
            files.add(entry);
        }
        try {
            spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("files", files)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return worst;
    }

    private static Map<String, Object> diagnostic(Diagnostic d) {
        Span span = d.span();
        SourceFile file = span.file();
        int end = Math.max(span.start(), Math.min(span.end(), file.text().length()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", d.isError() ? "error" : "warning");
        m.put("line", span.line());
        m.put("column", span.column());
        m.put("end_line", file.lineOf(end));
        m.put("end_column", file.columnOf(end));
        m.put("offset", span.start());
        m.put("end_offset", end);
        m.put("message", d.message());
        m.put("hint", d.hint());
        return m;
    }
}
