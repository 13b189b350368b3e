package mle.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** Which objectives are proved to have one minimum, and that the rest are left unproven rather than guessed. */
class ConvexityTest {
    static boolean proved(String model, Objective.Mode mode, double[]... columns) {
        Objective o = Compiler.compile(new SourceFile("m.mle", model), Map.of()).objective();
        return Convexity.proof(o, mode, columns, columns.length == 0 ? 0 : columns[0].length).isPresent();
    }

    static final double[] X = {1, 2, 3, 4}, Y = {1.1, 1.9, 3.2, 3.9}, COUNTS = {0, 2, 1, 4}, BINARY = {0, 1, 0, 1};

    @Test
    void logConcaveLikelihoodsOfLinearPredictorsAreConvex() {
        assertEquals(true, proved("data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n", Objective.Mode.MLE, X, BINARY));
        assertEquals(true, proved("data x, y\nparam a, b\ny ~ PoissonLog(a + b * x)\n", Objective.Mode.MLE, X, COUNTS));
        assertEquals(true, proved("data x, y\nparam a, b\ny ~ Poisson(exp(a + b * x))\nb ~ Normal(0, 10)\n", Objective.Mode.MAP, X, COUNTS));
        assertEquals(true, proved("data x, y\nparam a, b\ny ~ Normal(a + b * x, 0.5)\nb ~ Laplace(0, 1)\n", Objective.Mode.MAP, X, Y));
        assertEquals(true, proved("data y\nparam λ > 0\ny ~ Poisson(λ)\n", Objective.Mode.MLE, COUNTS));
        assertEquals(true, proved("data y\nparam λ > 0\ny ~ Exponential(λ)\n", Objective.Mode.MLE, Y));
        assertEquals(true, proved("data y\nparam θ in (0, 1)\ny ~ Bernoulli(θ)\n", Objective.Mode.MLE, BINARY));
        // With its scale a parameter, n·log s + Σ|r|/s is not jointly convex in (a, b, log s): |r|·e^{−u} has a
        // Hessian [[0, −e^{−u}], [−e^{−u}, |r|e^{−u}]] of negative determinant.
        assertEquals(false, proved("data x, y\nparam a, b\nparam s > 0\ny ~ Laplace(a + b * x, s)\n", Objective.Mode.MLE, X, Y));
    }

    @Test
    void gaussianLeastSquaresWithALinearMeanHasOneMinimum() {
        assertEquals(true, proved("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n", Objective.Mode.MLE, X, Y));
        assertEquals(false, proved("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\nb ~ Normal(0, 1)\n",
                Objective.Mode.MAP, X, Y), "with a prior the scale no longer drops out");
    }

    @Test
    void nonlinearAndNonConvexModelsAreNotProven() {
        assertEquals(false, proved("data x, y\nparam b1, b2\nparam σ > 0\ny ~ Normal(b1 * (1 - exp(-b2 * x)), σ)\n", Objective.Mode.MLE, X, Y));
        assertEquals(false, proved("data y\nparam a, b\ny ~ Normal(a * b, 1)\n", Objective.Mode.MLE, Y));
        assertEquals(false, proved("data x, y\nparam μ\nparam σ > 0\ny ~ StudentT(3, μ, σ)\n", Objective.Mode.MLE, X, Y));
        assertEquals(false, proved("data y\nparam μ\ny ~ Cauchy(μ, 1)\n", Objective.Mode.MLE, Y));
    }

    @Test
    void aSignThatDependsOnTheDataIsReadFromThem() {
        // −n·u + e^u·Σx in u = log λ: convex when Σx ≥ 0, not proven otherwise.
        String model = "data x\nparam λ > 0\nx ~ Exponential(λ)\n";
        assertEquals(true, proved(model, Objective.Mode.MLE, new double[] {1, 2}));
        assertEquals(false, proved(model, Objective.Mode.MLE, new double[] {-1, -2}));
    }
}
