package mle.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Rows;
import mle.compiler.source.SourceFile;
import mle.runtime.optim.Options;
import mle.runtime.optim.ProgressListener;
import org.junit.jupiter.api.Test;

/** Which method the chooser asks for each structure, what it says about why, and its refusals as values. */
class MethodChooserTest {
    private static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final double[] Y = {1.1, 2.9, 5.2, 6.8, 9.1, 11.2, 12.8, 15.1};

    @Test
    void aGaussianLinearMeanIsOrdinaryLeastSquaresSolvedDirectly() {
        MethodChooser.Choice c = choose("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n", X, Y);
        assertEquals(1, c.why().size(), c.why().toString());
        assertTrue(c.why().getFirst().startsWith("ordinary least squares, solved directly"), c.why().toString());
        Optimum o = assertInstanceOf(Optimum.class, c.answer());
        assertTrue(o.search().method().startsWith("a direct solve"), o.search().method());
        assertEquals("none (a direct solve)", o.engine());
    }

    @Test
    void aDesignOfDeficientRankIsDeclinedAndGoesToTheSearch() {
        // x2 = 2·x: the coefficients of x and x2 are not both determined, which the search then names.
        double[] x2 = new double[X.length];
        for (int i = 0; i < X.length; i++) x2[i] = 2 * X[i];
        MethodChooser.Choice c = choose("data x, x2, y\nparam a, b, c\nparam σ > 0\ny ~ Normal(a + b * x + c * x2, σ)\n",
                X, x2, Y);
        assertEquals(List.of("ordinary least squares, solved directly: a Gaussian likelihood with a mean linear in its "
                        + "parameters", "declined: the design's rank is deficient",
                "the search: the direct solver declined; its local method as the search's account says"), c.why());
        assertInstanceOf(Optimum.class, c.answer());
    }

    @Test
    void eachStructureGoesToItsOwnSolver() {
        assertTrue(choose("data x, y\nparam a, b\nparam s > 0\ny ~ Laplace(a + b * x, s)\n", X, Y).why().getFirst()
                .startsWith("least absolute deviations"));
        double[] k = {0, 0, 1, 0, 1, 1, 0, 1};
        assertTrue(choose("data x, k\nparam a, b\nk ~ BernoulliLogit(a + b * x)\n", X, k).why().getFirst()
                .startsWith("Newton's method on XᵀWX"));
        assertTrue(choose("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\nb ~ Laplace(0, 1)\n", X, Y)
                .why().getFirst().startsWith("penalised least squares"));
        List<String> nonlinear = choose("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a * exp(b * x / 10), σ)\n", X, Y).why();
        assertEquals(1, nonlinear.size());
        assertTrue(nonlinear.getFirst().startsWith("the search: no direct solver knows"), nonlinear.toString());
    }

    @Test
    void aMethodAskedForIsTheSearchWhateverTheStructure() {
        Objective o = objective("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        FitProblem p = problem(o, Options.defaults().withMethod(Options.Method.LBFGS), new double[] {0, 0, 1}, X, Y);
        MethodChooser.Choice c = MethodChooser.fit(p);
        assertEquals(List.of("the search: the optimiser's method was set to LBFGS"), c.why());
        assertInstanceOf(Optimum.class, c.answer());
    }

    @Test
    void refusalsAreValuesThatSayWhy() {
        Objective o = objective("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n");
        assertTrue(MethodChooser.overMemoryLimit(o, Objective.Mode.MLE, 8, 0).isEmpty(), "0 is no limit");
        Attempt.Refused tooBig = MethodChooser.overMemoryLimit(o, Objective.Mode.MLE, 100_000_000, 1 << 20).orElseThrow();
        assertEquals(Attempt.Refused.Reason.OVER_MEMORY_LIMIT, tooBig.reason());
        assertTrue(tooBig.message().contains("more than the memory limit of 1 MB"), tooBig.message());
        // Normal(σ, a + b·x), the arguments swapped: at a = 0, b = 0.3 the "scale" is 0 on the first row (x = 0).
        Objective swapped = objective("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(σ, a + b * x)\n");
        FitProblem p = problem(swapped, Options.defaults(), new double[] {0, 0.3, 1}, X, Y);
        Attempt.Refused start = assertInstanceOf(Attempt.Refused.class, MethodChooser.fit(p).answer());
        assertEquals(Attempt.Refused.Reason.START_NOT_FINITE, start.reason());
        assertNotNull(start.located(), "blamed on the argument at its place in the model");
        assertTrue(start.located().message().contains("at row 1"), start.located().message());
    }

    private static MethodChooser.Choice choose(String model, double[]... columns) {
        Objective o = objective(model);
        double[] start = new double[o.params().size()];
        for (Objective.Parameter p : o.params()) start[p.index()] = p.lower() > Double.NEGATIVE_INFINITY ? p.lower() + 1 : 0;
        return MethodChooser.fit(problem(o, Options.defaults(), start, columns));
    }

    private static FitProblem problem(Objective o, Options optimizer, double[] start, double[]... columns) {
        int rows = columns[0].length;
        return new FitProblem(o, o.hasPriors() ? Objective.Mode.MAP : Objective.Mode.MLE, Rows.inMemory(columns, rows), columns, r -> "row " + (r + 1), start,
                new FitProblem.Settings(optimizer, ProgressListener.NONE, 1, false));
    }

    private static Objective objective(String text) {
        Compiler.Compilation c = Compiler.compile(new SourceFile("model.mle", text), Map.of());
        assertTrue(!c.diagnostics().hasErrors(), () -> c.diagnostics().sorted().toString());
        return c.objective();
    }
}
