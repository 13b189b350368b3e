package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Options;
import org.junit.jupiter.api.Test;

/**
 * The direct solvers against the general path (the compiled objective, its symbolic derivatives and trust-region
 * Newton from several starts) on random small problems: the same optimum where it is smooth, and never a worse
 * objective where it is not (the general path cannot land exactly on a kink).
 */
class DirectSolversAgreeTest {
    static final int N = 40;

    static DataTable data(long seed, String response) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x1 = new double[N], x2 = new double[N], y = new double[N];
        for (int i = 0; i < N; i++) {
            x1[i] = r.nextGaussian();
            x2[i] = r.nextDouble() * 2;
            double eta = 0.4 + 0.7 * x1[i] - 0.5 * x2[i];
            y[i] = switch (response) {
                case "binary" -> r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
                case "count" -> poisson(r, Math.exp(eta));
                default -> eta + 0.6 * r.nextGaussian();
            };
        }
        return DataTable.of(List.of("x1", "x2", "y"), List.of(x1, x2, y));
    }

    static double poisson(SplittableRandom r, double rate) {
        double u = r.nextDouble(), term = Math.exp(-rate), total = term;
        int k = 0;
        while (u > total && k < 1000) total += term *= rate / ++k;
        return k;
    }

    static FitOptions general() {
        return FitOptions.defaults().withOptimizer(Options.defaults().withMethod(Options.Method.NEWTON));
    }

    static void sameOptimum(String model, String response) {
        for (long seed = 1; seed <= 5; seed++) {
            Model m = Model.compile(model);
            DataTable d = data(seed, response);
            FitResult direct = m.fit(d), iterative = m.fit(d, general());
            assertTrue(direct.converged() && iterative.converged(), direct.message() + " / " + iterative.message());
            assertTrue(!direct.optimizer().phases().getFirst().method().equals(iterative.optimizer().phases().getFirst().method()));
            for (Estimate e : direct.estimates()) {
                Estimate other = iterative.estimate(e.name());
                assertEquals(other.value(), e.value(), 1e-7 * Math.max(1, Math.abs(other.value())), model + " " + e.name());
                assertEquals(other.standardError(), e.standardError(), 1e-5 * other.standardError(), model + " SE " + e.name());
            }
            assertEquals(iterative.objective(), direct.objective(), 1e-9 * Math.max(1, Math.abs(iterative.objective())));
            if (iterative.loss() != null) assertEquals(iterative.loss().value(), direct.loss().value(), 1e-9 * iterative.loss().value());
        }
    }

    static void neverWorse(String model, String response) {
        for (long seed = 1; seed <= 5; seed++) {
            Model m = Model.compile(model);
            DataTable d = data(seed, response);
            FitResult direct = m.fit(d), iterative = m.fit(d, general());
            assertTrue(direct.converged(), direct.message());
            assertTrue(direct.objective() <= iterative.objective() + 1e-9 * Math.max(1, Math.abs(iterative.objective())),
                    model + ": direct " + direct.objective() + " against iterative " + iterative.objective());
        }
    }

    @Test
    void ordinaryLeastSquares() {
        sameOptimum("data x1, x2, y\nparam a, b1, b2\nparam σ > 0\ny ~ Normal(a + b1 * x1 + b2 * x2, σ)\n", "gaussian");
    }

    @Test
    void aVectorStatementStacksItsElementsAsRows() {
        SplittableRandom r = new SplittableRandom(9);
        double[] x = new double[N], y1 = new double[N], y2 = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = r.nextGaussian();
            y1[i] = 1 + 2 * x[i] + r.nextGaussian();
            y2[i] = 1 - x[i] + r.nextGaussian();
        }
        Model m = Model.compile("data x, y[2]\nparam a, b, c\nparam σ > 0\ny ~ Normal([a + b * x, a + c * x], σ)\n");
        DataTable d = DataTable.of(List.of("x", "y1", "y2"), List.of(x, y1, y2));
        FitResult direct = m.fit(d), iterative = m.fit(d, general());
        assertEquals("QR", direct.optimizer().phases().getFirst().method());
        for (Estimate e : direct.estimates()) {
            assertEquals(iterative.estimate(e.name()).value(), e.value(), 1e-8, e.name());
            assertEquals(iterative.estimate(e.name()).standardError(), e.standardError(), 1e-6, e.name());
        }
        assertEquals(iterative.objective(), direct.objective(), 1e-12 * Math.abs(iterative.objective()), "2n rows' likelihood");
        // The MLE of σ² divides the RSS by the 2n residuals.
        assertEquals(2 * N, direct.criteria() == null ? 0 : Math.round(Math.exp((direct.criteria().bic() - direct.criteria().aic())
                / direct.estimates().size() + 2)), "BIC counts 2n observations");
    }

    /** The objective's value comes from the RSS in closed form: the same as the objective evaluated row by row. */
    @Test
    void ordinaryLeastSquaresWithTheScaleKnownAndInMapMode() {
        sameOptimum("data x1, x2, y\nparam a, b1, b2\ny ~ Normal(a + b1 * x1 + b2 * x2, 0.6)\n", "gaussian");
        sameOptimum("data x1, x2, y\nparam a, b1, b2\ny ~ Normal(a + b1 * x1 + b2 * x2, exp(-0.5) + 0.1)\n", "gaussian");
        Model m = Model.compile("data x1, x2, y\nparam a, b1, b2\nparam σ > 0\ny ~ Normal(a + b1 * x1 + b2 * x2, σ)\n");
        DataTable d = data(3, "gaussian");
        FitResult map = m.fit(d, FitOptions.defaults().withMode(mle.compiler.ir.Objective.Mode.MAP));
        FitResult general = m.fit(d, general().withMode(mle.compiler.ir.Objective.Mode.MAP));
        assertEquals(general.objective(), map.objective(), 1e-9 * Math.abs(general.objective()));
    }

    @Test
    void ridgeWithTheScaleKnownAndEstimated() {
        sameOptimum("data x1, x2, y\nparam a, b1, b2\ny ~ Normal(a + b1 * x1 + b2 * x2, 0.6)\nb1 ~ Normal(0, 0.3)\nb2 ~ Normal(0.1, 0.5)\n", "gaussian");
        sameOptimum("data x1, x2, y\nparam a, b1, b2\nparam σ > 0\ny ~ Normal(a + b1 * x1 + b2 * x2, σ)\nb1 ~ Normal(0, 0.3)\n", "gaussian");
    }

    @Test
    void logisticAndPoissonRegression() {
        sameOptimum("data x1, x2, y\nparam a, b1, b2\ny ~ BernoulliLogit(a + b1 * x1 + b2 * x2)\n", "binary");
        sameOptimum("data x1, x2, y\nparam a, b1, b2\ny ~ PoissonLog(a + b1 * x1 + b2 * x2)\nb2 ~ Normal(0, 1)\n", "count");
    }

    @Test
    void leastAbsoluteDeviationsAndLassosAreNeverWorse() {
        neverWorse("data x1, x2, y\nparam a, b1, b2\nparam s > 0\ny ~ Laplace(a + b1 * x1 + b2 * x2, s)\n", "gaussian");
        neverWorse("data x1, x2, y\nparam a, b1, b2\nparam σ > 0\ny ~ Normal(a + b1 * x1 + b2 * x2, σ)\nb1 ~ Laplace(0, 0.05)\nb2 ~ Laplace(0, 0.05)\n", "gaussian");
        neverWorse("data x1, x2, y\nparam a, b1, b2\ny ~ BernoulliLogit(a + b1 * x1 + b2 * x2)\nb1 ~ Laplace(0, 0.1)\nb2 ~ Laplace(0, 0.1)\n", "binary");
    }

    /**
     * A Poisson regression on 300,000 rows: Newton on XᵀWX must end at the optimum to the last digits, as the general
     * path's Newton does, not 10⁻⁵ standard errors short (its stopping rule once scaled with the objective, which grows
     * with the rows), and not give up where the objective's fall is below its rounding.
     */
    @Test
    void aLargePoissonRegressionIsSolvedToItsLastDigits() {
        int n = 300_000;
        SplittableRandom r = new SplittableRandom(7);
        double[] x1 = new double[n], x2 = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = r.nextGaussian();
            x2[i] = r.nextDouble() * 4 - 2;
            y[i] = poisson(r, Math.exp(0.2 + 0.3 * x1[i] - 0.1 * x2[i]));
        }
        DataTable d = DataTable.of(List.of("x1", "x2", "y"), List.of(x1, x2, y));
        Model m = Model.compile("data x1, x2, y\nparam a, b1, b2\ny ~ Poisson(exp(a + b1*x1 + b2*x2))\n");
        FitResult direct = m.fit(d), iterative = m.fit(d, general());
        assertEquals("IRLS", direct.optimizer().phases().getFirst().method());
        assertTrue(direct.converged() && iterative.converged(), direct.message() + " / " + iterative.message());
        for (Estimate e : direct.estimates()) {
            Estimate other = iterative.estimate(e.name());
            assertEquals(other.value(), e.value(), 1e-11 * Math.max(Math.abs(other.value()), other.standardError()), e.name());
        }
    }
}
