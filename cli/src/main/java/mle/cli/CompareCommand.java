package mle.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mle.api.Comparison;
import mle.api.FitOptions;
import mle.api.FitResult;
import mle.api.Model;
import mle.compiler.ir.Objective;
import mle.runtime.data.DataTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two models fitted to the same data: a likelihood-ratio test for nested models, and AIC and BIC side by side.",
                "Both are fitted by maximum likelihood (priors ignored). The models must describe the same observations "
                        + "(the same data on the left of `~`, the same rows); the test assumes that the smaller model is a special "
                        + "case of the larger, which cannot be checked from the files.",
                "Exit status: 0 compared, 3 a fit did not converge (or the time limit was reached), 64 models that cannot be compared, 65 bad model or data, "
                        + "66 unreadable file."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SMALL", description = "the smaller (nested) model")
    Path small;

    @Parameters(index = "1", paramLabel = "BIG", description = "the larger model")
    Path big;

    @Mixin ModelOptions models;
    @Mixin DataOptions data;
    @Mixin TimeLimitOption limit;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        CommandLine cl = spec.commandLine();
        try {
            if (data.mode() == Objective.Mode.MAP) {
                throw new CommandLine.ParameterException(cl, "a likelihood-ratio test compares likelihoods: --map does not apply");
            }
            PrintWriter textOut = OutputFiles.beforeWork(cl, out, err, OutputFiles.named("SMALL", small, "BIG", big, "--data", data.data),
                    OutputFiles.named("--json", data.json));
            limit.total(cl);
            Model a = limit.run("compiling " + Main.shown(small), cl, err, () -> Model.from(models.compile(small, cl, err)));
            Model b = limit.run("compiling " + Main.shown(big), cl, err, () -> Model.from(models.compile(big, cl, err)));
            DataTable tableA = data.read(a, cl, err, limit), tableB = data.read(b, cl, err, limit);
            // Both fits share what is left of the command's time limit.
            FitResult fitA = DataOptions.run(() -> limit.kept(err, () -> a.fit(tableA, mleWithin(limit.remaining(cl)))), cl, err);
            FitResult fitB = DataOptions.run(() -> limit.kept(err, () -> b.fit(tableB, mleWithin(limit.remaining(cl)))), cl, err);
            for (FitResult f : List.of(fitA, fitB)) {
                if (!f.converged()) {
                    err.println("mle: " + Main.shown(f == fitA ? small : big) + " did not converge, so the models cannot be compared: " + f.message());
                    return Main.NOT_CONVERGED;
                }
            }
            Comparison c = DataOptions.run(() -> Comparison.of(Main.shown(small), a, fitA, Main.shown(big), b, fitB), cl, err);
            if (data.json != null) JsonOutput.write(data.json, json(c), out, err);
            textOut.print(text(c));
            return Main.OK;
        } catch (ModelOptions.Exit e) {
            return e.code;
        }
    }

    private static FitOptions mleWithin(java.time.Duration left) {
        return FitOptions.defaults().withMode(Objective.Mode.MLE)
                .withOptimizer(FitOptions.defaults().optimizer().withTimeLimit(left));
    }

    static String text(Comparison c) {
        int width = Math.max(5, Math.max(c.smaller().name().length(), c.larger().name().length()));
        StringBuilder s = new StringBuilder(String.format("%-" + width + "s  %10s  %16s  %14s  %14s%n", "model", "parameters",
                "log-likelihood", "AIC", "BIC"));
        for (Comparison.Side side : List.of(c.smaller(), c.larger())) {
            s.append(String.format("%-" + width + "s  %10d  %16s  %14s  %14s%n", side.name(), side.parameters(),
                    Numbers.sig(-side.nll(), 12), Numbers.sig(side.criteria().aic(), 10), Numbers.sig(side.criteria().bic(), 10)));
        }
        s.append('\n');
        if (!Double.isNaN(c.pValue())) {
            s.append("likelihood-ratio test: 2·(NLL of the smaller − NLL of the larger) = ").append(Numbers.sig(c.statistic(), 6))
                    .append(" on ").append(c.df()).append(c.df() == 1 ? " degree" : " degrees").append(" of freedom, p = ")
                    .append(Numbers.sig(c.pValue(), 4)).append(" (χ²)\n");
        }
        s.append(c.note()).append('\n');
        s.append("AIC prefers ").append(c.smaller().criteria().aic() <= c.larger().criteria().aic() ? c.smaller().name() : c.larger().name())
                .append(", BIC prefers ").append(c.smaller().criteria().bic() <= c.larger().criteria().bic() ? c.smaller().name() : c.larger().name())
                .append(" (lower is better)\n");
        return s.toString();
    }

    static Map<String, Object> json(Comparison c) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Comparison.Side> sides = new LinkedHashMap<>();
        sides.put("smaller", c.smaller());
        sides.put("larger", c.larger());
        for (Map.Entry<String, Comparison.Side> e : sides.entrySet()) {
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("model", e.getValue().name());
            side.put("parameters", e.getValue().parameters());
            side.put("loglik", JsonOutput.number(-e.getValue().nll()));
            side.put("aic", JsonOutput.number(e.getValue().criteria().aic()));
            side.put("bic", JsonOutput.number(e.getValue().criteria().bic()));
            root.put(e.getKey(), side);
        }
        root.put("statistic", JsonOutput.number(c.statistic()));
        root.put("df", c.df());
        root.put("p_value", JsonOutput.number(c.pValue()));
        root.put("note", c.note());
        return root;
    }
}
