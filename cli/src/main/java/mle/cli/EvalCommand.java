package mle.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mle.api.Model;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate the objective and its exact derivatives at given parameter values.",
                "Prints the objective and the log-likelihood with every constant, the gradient and the score, the Hessian "
                        + "(the observed information in MLE mode) and, for least-squares models, the expected (Fisher) information."})
final class EvalCommand implements Callable<Integer> {
    @Mixin SingleModelOptions model;
    @Mixin DataOptions data;
    @Mixin TimeLimitOption limit;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "NAME=VALUE",
            description = "a parameter's value, e.g. --at μ=2.88 (repeatable; every parameter needs one; a vector's name sets all its elements)")
    List<String> at = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        CommandLine cl = spec.commandLine();
        try {
            PrintWriter textOut = OutputFiles.beforeWork(cl, out, err, OutputFiles.named("the model", model.model, "--data", data.data),
                    OutputFiles.named("--json", data.json));
            limit.total(cl);
            Model m = limit.run("compiling " + Main.shown(model.model), cl, err, () -> Model.from(model.compile(cl, err)));
            DataTable table = data.read(m, cl, err, limit);
            Objective.Mode mode = data.mode() != null ? data.mode() : m.defaultMode();
            Map<String, Double> values = DataOptions.values(at, "--at", cl);
            Model.Evaluation e = limit.run("evaluating the objective and its derivatives", cl, err,
                    () -> DataOptions.run(() -> m.evaluate(table, values, mode), cl, err));
            if (data.json != null) JsonOutput.write(data.json, json(e, m), out, err);
            textOut.print(text(e, m));
            return Main.OK;
        } catch (ModelOptions.Exit x) {
            return x.code;
        }
    }

    private static String text(Model.Evaluation e, Model m) {
        List<String> names = m.parameterNames();
        String f = e.mode() == Objective.Mode.MLE ? "NLL" : "NLP";
        StringBuilder s = new StringBuilder();
        s.append(e.mode() == Objective.Mode.MLE ? "negative log-likelihood  NLL = " : "negative log-posterior   NLP = ")
                .append(Numbers.sig(e.objective(), 16)).append('\n');
        s.append("log-likelihood           log L = ").append(Numbers.sig(-e.nll(), 16))
                .append("   (likelihood L = ").append(Numbers.sig(Math.exp(-e.nll()), 16)).append(")\n\n");
        int width = Math.max(9, names.stream().mapToInt(String::length).max().orElse(0));
        s.append(String.format("%-" + width + "s  %22s  %22s%n", "parameter", "∂" + f + "/∂θ", e.mode() == Objective.Mode.MLE ? "score ∂log L/∂θ" : ""));
        for (int i = 0; i < names.size(); i++) {
            s.append(String.format("%-" + width + "s  %22s  %22s%n", names.get(i), Numbers.sig(e.gradient()[i], 12),
                    e.mode() == Objective.Mode.MLE ? Numbers.sig(-e.gradient()[i], 12) : ""));
        }
        s.append("\nHessian of the ").append(f).append(e.mode() == Objective.Mode.MLE ? " (the observed information):\n" : ":\n");
        matrix(s, e.hessian(), names, width);
        if (e.expectedInformation() != null) {
            s.append("\nexpected (Fisher) information:\n");
            matrix(s, e.expectedInformation(), names, width);
        }
        return s.toString();
    }

    private static void matrix(StringBuilder s, double[][] m, List<String> names, int width) {
        s.append(" ".repeat(width));
        for (String n : names) s.append(String.format("  %16s", n));
        s.append('\n');
        for (int i = 0; i < m.length; i++) {
            s.append(String.format("%-" + width + "s", names.get(i)));
            for (double v : m[i]) s.append(String.format("  %16s", Numbers.sig(v, 10)));
            s.append('\n');
        }
    }

    private static Map<String, Object> json(Model.Evaluation e, Model m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", e.mode().name());
        root.put("at", e.at());
        root.put("objective", JsonOutput.number(e.objective()));
        root.put("nll", JsonOutput.number(e.nll()));
        root.put("parameters", m.parameterNames());
        root.put("gradient", java.util.Arrays.stream(e.gradient()).mapToObj(JsonOutput::number).toList());
        root.put("hessian", rows(e.hessian()));
        if (e.expectedInformation() != null) root.put("expected_information", rows(e.expectedInformation()));
        return root;
    }

    private static List<List<Object>> rows(double[][] m) {
        return java.util.Arrays.stream(m).map(r -> java.util.Arrays.stream(r).mapToObj(JsonOutput::number).toList()).toList();
    }
}
