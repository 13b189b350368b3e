package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * A caller's time limit holds for every kind of fit, and leaves the caller's thread as it found it; a memory limit
 * refuses a fit that would need more before anything is allocated.
 */
class ResourceLimitTest {
    /** A logistic regression with 300 predictors on 3,000 rows: iteratively reweighted least squares, a direct solver. */
    private static FitResult logistic(Duration limit) {
        int p = 300, m = 3000;
        SplittableRandom random = new SplittableRandom(5);
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        double[] eta = new double[m];
        for (int j = 1; j <= p; j++) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = random.nextGaussian();
                eta[i] += 0.05 * x[i];
            }
            names.add("X" + j);
            columns.add(x);
        }
        double[] y = new double[m];
        for (int i = 0; i < m; i++) y[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta[i])) ? 1 : 0;
        names.add("y");
        columns.add(y);
        Model model = Model.compile("data X[" + p + "], y\nparam a\nparam β[" + p + "]\ny ~ BernoulliLogit(a + dot(X, β))\n");
        return model.fit(DataTable.of(names, columns),
                FitOptions.defaults().withOptimizer(FitOptions.defaults().optimizer().withTimeLimit(limit)));
    }

    @Test
    void aDirectSolverStopsShortlyAfterTheLimitAndSaysSo() {
        long t0 = System.nanoTime();
        TimeLimitException e = assertThrows(TimeLimitException.class, () -> logistic(Duration.ofMillis(1)));
        // The step it names: the solver's iterations, or the derivatives of its 300 columns before them.
        assertTrue(e.getMessage().contains("iteratively reweighted least squares")
                || e.getMessage().contains("before compiling the model's derivatives finished"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "stopped within seconds");
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is not left interrupted");
        assertTrue(logistic(Duration.ofSeconds(120)).converged(), "with time enough it converges");
    }

    @Test
    void anOptimiserStopsAtTheLimitWithItsPoint() {
        Model model = Model.compile("data x\nparam μ\nparam σ > 0\nx ~ StudentT(3, μ, σ)\n");
        double[] x = new double[20_000];   // the Hessian at its point, after the limit, takes well under the second allowed
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) x[i] = random.nextGaussian();
        FitResult r = model.fit(DataTable.of(List.of("x"), List.of(x)),
                FitOptions.defaults().withOptimizer(FitOptions.defaults().optimizer().withTimeLimit(Duration.ofMillis(1))));
        assertFalse(r.converged(), r.message());
        assertTrue(r.verdict() == Verdict.TIME_LIMIT || r.verdict() == Verdict.INTERRUPTED, r.verdict() + ": " + r.message());
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(2, r.estimates().size());
    }

    @Test
    void aFitThatWouldNeedMoreMemoryThanAllowedIsRefusedBeforeItStarts() {
        Model model = Model.compile("data X[500], y\nparam a\nparam β[500]\nparam σ > 0\ny ~ Normal(a + dot(X, β), σ)\n");
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(9);
        for (int j = 1; j <= 501; j++) {
            double[] c = new double[1000];
            for (int i = 0; i < c.length; i++) c[i] = random.nextGaussian();
            names.add(j <= 500 ? "X" + j : "y");
            columns.add(c);
        }
        DataTable data = DataTable.of(names, columns);
        // A working copy of the 1000×501 design, its intercept column (the other 500 are the data's own) and four
        // 501×501 matrices: 1000·502 + 4·501² doubles, 12,048,032 bytes, about 11 MB.
        MemoryLimitException e = assertThrows(MemoryLimitException.class,
                () -> model.fit(data, FitOptions.defaults().withMemoryLimit(10L << 20)));
        assertTrue(e.getMessage().contains("needs about 11 MB for a direct solve on the 1000×501 design matrix"), e.getMessage());
        assertTrue(model.fit(data, FitOptions.defaults().withMemoryLimit(64L << 20)).converged());
        assertThrows(OptionException.class, () -> FitOptions.defaults().withMemoryLimit(-1));
    }

    @Test
    void compilingStopsAtItsTimeLimit() {
        // 4,000 statements of a model that takes a while to check: more than 1 ms whatever the machine.
        StringBuilder text = new StringBuilder("data y\nparam m\n");
        for (int i = 0; i < 4000; i++) text.append("let v").append(i).append(" = m + ").append(i).append("\n");
        text.append("y ~ Normal(m, 1)\n");
        mle.compiler.source.SourceFile source = new mle.compiler.source.SourceFile("many.mle", text.toString());
        TimeLimitException e = assertThrows(TimeLimitException.class,
                () -> Model.compile(source, java.util.Map.of(), Duration.ofMillis(1)));
        assertTrue(e.getMessage().contains("compiling many.mle reached its time limit"), e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(List.of("m"), Model.compile(source, java.util.Map.of(), Duration.ofSeconds(60)).parameterNames());
    }

    @Test
    void theProfileSharesOneTimeLimitAndLeavesTheEndsItDidNotReachAsNaN() {
        Model model = Model.compile("data x\nparam μ\nparam σ > 0\nparam ν > 0\nx ~ StudentT(ν, μ, σ)\n");
        double[] x = new double[5000];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            double chi2 = 0;
            for (int d = 0; d < 3; d++) chi2 += Math.pow(random.nextGaussian(), 2);
            x[i] = random.nextGaussian() / Math.sqrt(chi2 / 3);
        }
        DataTable data = DataTable.of(List.of("x"), List.of(x));
        FitResult fit = model.fit(data);
        assertTrue(fit.converged(), fit.message());
        long t0 = System.nanoTime();
        List<ProfileInterval> intervals = model.profile(data, fit, List.of(), Duration.ofMillis(200));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "ended within the limit and a margin");
        assertEquals(3, intervals.size());
        assertTrue(intervals.stream().anyMatch(ProfileInterval::cutShort), intervals.toString());
        ProfileInterval last = intervals.get(2);
        assertTrue(Double.isNaN(last.lower()) && Double.isNaN(last.upper()), "not started: " + last);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void theStandardErrorsOfAHugeHessianAreRefusedWhenTheyCannotEndInTime() {
        // 4·k³ operations for the eigenvalues of a 2,000×2,000 Hessian: three seconds even on a fast machine.
        int k = 2000;
        double[][] h = new double[k][k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) h[i][j] = (i == j ? 2 : 0) + 1.0 / k;
        long t0 = System.nanoTime();
        mle.compiler.interrupt.Interruption.Stopped stopped = assertThrows(mle.compiler.interrupt.Interruption.Stopped.class,
                () -> mle.compiler.LargeStack.callWithin(() -> mle.runtime.stats.Inference.atOptimum(h, new double[k]),
                        Duration.ofSeconds(1), Duration.ofSeconds(2)));
        // Refused before it starts, or stopped where it would start if building the matrices took the second.
        assertTrue(stopped.step.startsWith("the standard errors (the eigendecomposition of the 2000×2000 Hessian)"),
                stopped.step);
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "refused at once");
    }

    @Test
    void newtonOnADenseHessianTooLargeForTheTimeLimitStopsThereWithItsPoint() {
        // ½xᵀAx − Σx with A = I + 11ᵀ/n, dense: each Newton step an eigendecomposition of 10·n³ operations.
        int n = 1500;
        mle.runtime.ObjectiveFunction f = new mle.runtime.ObjectiveFunction() {
            @Override public int dimension() { return n; }

            @Override public double valueAndGradient(double[] u, double[] gradient) {
                double sum = 0, value = 0;
                for (double v : u) sum += v;
                for (int i = 0; i < n; i++) {
                    gradient[i] = u[i] + sum / n - 1;
                    value += 0.5 * u[i] * u[i] - u[i];
                }
                return value + 0.5 * sum * sum / n;
            }

            @Override public double value(double[] u) { return valueAndGradient(u, new double[n]); }

            @Override public void hessian(double[] u, double[][] hessian) {
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) hessian[i][j] = (i == j ? 1 : 0) + 1.0 / n;
            }
        };
        long t0 = System.nanoTime();
        mle.runtime.optim.Result r = mle.runtime.optim.Minimizer.minimize(f, new double[n], mle.runtime.optim.Options.defaults()
                .withMethod(mle.runtime.optim.Options.Method.NEWTON).withTimeLimit(Duration.ofMillis(300)), null);
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "stopped at the limit");
        assertEquals(Verdict.TIME_LIMIT, r.verdict(), r.message());
    }
}
