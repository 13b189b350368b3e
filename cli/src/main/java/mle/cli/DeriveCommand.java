package mle.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import mle.compiler.Compiler;
import mle.compiler.ast.AstPrinter;
import mle.compiler.explain.Derivation;
import mle.compiler.explain.Dumps;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "derive", mixinStandardHelpOptions = true,
        description = {"Explain a model: its objective in readable math and the textbook equivalences that apply.",
                "Prints the negative log-likelihood, the negative log-posterior, which terms are constant in which "
                        + "parameters, the gradient, and the equivalences (least squares, least absolute deviations, "
                        + "ridge, lasso, MAP = MLE) with their conditions. With a --dump option it prints one phase of the "
                        + "compiler instead."})
final class DeriveCommand implements Callable<Integer> {
    @Mixin SingleModelOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(exclusive = true)
    Dump dump;

    static final class Dump {
        @Option(names = "--dump-ast", description = "the syntax tree, as s-expressions") boolean ast;
        @Option(names = "--dump-ir", description = "the IR of the objective: hoisted, shared sub-expressions named") boolean ir;
        @Option(names = "--dump-grad", description = "the gradient IR, in the model's parameters and in the optimiser's unconstrained ones") boolean grad;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Compiler.Compilation c = options.compile(spec.commandLine(), spec.commandLine().getErr());
            if (dump == null) out.print(Derivation.explain(c.checked(), c.objective()));
            else if (dump.ast) out.print(AstPrinter.print(c.ast()));
            else if (dump.ir) out.print(Dumps.ir(c.objective()));
            else out.print(Dumps.gradient(c.objective()));
            return Main.OK;
        } catch (ModelOptions.Exit e) {
            return e.code;
        }
    }
}
