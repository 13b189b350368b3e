package mle.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import mle.runtime.data.DataTable;

/**
 * Whole fits through the public API, in one JVM after warm-up: every sample (Misra1a from NIST's Start 1) and a
 * generated 200,000-row Gaussian regression with 3 predictors. Prints the median and fastest milliseconds per fit.
 * Run by `bin/bench fit [rounds]`; it uses only Model.compile, readData and fit, so the same file times any
 * version of mle side by side.
 */
public final class FitBench {
    record Case(String name, Model model, DataTable data, FitOptions options) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Path.of(System.getProperty("mle.root", "."));
        List<Case> cases = new ArrayList<>();
        try (var dirs = Files.list(root.resolve("samples"))) {
            for (Path dir : dirs.sorted().toList()) {
                Model m = Model.compile(dir.resolve("model.mle"));
                FitOptions options = FitOptions.defaults();
                if (dir.getFileName().toString().equals("misra1a")) options = options.withStart(Map.of("b1", 500.0, "b2", 1e-4));
                cases.add(new Case(dir.getFileName().toString(), m, m.readData(dir.resolve("data.csv")), options));
            }
        }
        cases.add(regression(200_000));
        System.out.printf("%-22s %10s %10s%n", "fit", "median ms", "min ms");
        for (Case c : cases) {
            for (int i = 0; i < Math.max(5, rounds / 2); i++) c.model().fit(c.data(), c.options());
            double[] ms = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                FitResult r = c.model().fit(c.data(), c.options());
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (!r.converged()) throw new IllegalStateException(c.name() + " did not converge: " + r.optimizer().message());
            }
            Arrays.sort(ms);
            System.out.printf("%-22s %10.2f %10.2f%n", c.name(), ms[rounds / 2], ms[0]);
        }
    }

    static Case regression(int rows) {
        Model m = Model.compile("model Regression\ndata X[3], y\nparam α\nparam β[3]\nparam σ > 0\ny ~ Normal(α + dot(X, β), σ)\n");
        SplittableRandom random = new SplittableRandom(7);
        double[][] x = new double[3][rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) x[j][i] = random.nextGaussian();
            y[i] = 1 + 2 * x[0][i] - x[1][i] + 0.5 * x[2][i] + 0.7 * random.nextGaussian();
        }
        DataTable data = DataTable.of(List.of("X1", "X2", "X3", "y"), List.of(x[0], x[1], x[2], y));
        return new Case("regression-200k", m, data, FitOptions.defaults());
    }
}
