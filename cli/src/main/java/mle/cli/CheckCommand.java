package mle.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import mle.compiler.Compiler;
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

    @Override
    public Integer call() {
        int worst = Main.OK;
        for (Path model : models) {
            try {
                Compiler.Compilation c = options.compile(model, spec.commandLine(), spec.commandLine().getErr());
                int params = c.objective().params().size(), columns = c.objective().columns().size();
                spec.commandLine().getOut().println(model + ": ok (" + params + " parameter" + (params == 1 ? "" : "s") + ", "
                        + columns + " data column" + (columns == 1 ? "" : "s") + ")");
            } catch (ModelOptions.Exit e) {
                worst = Math.max(worst, e.code);
            }
        }
        return worst;
    }
}
