package mle.compiler.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Schedule;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Differentiator's gradient and Hessian of every log-density, with respect to every argument and (for
 * continuous distributions) the variate, against central finite differences of the Evaluator's values.
 * Gradient: central differences of the value, step 1e-5 relative, tolerance 1e-6 relative. Hessian:
 * central differences of the evaluated gradient (checked just before against the values), step 1e-5
 * relative, tolerance 1e-4 relative; second differences of the value would drown small curvatures
 * (Logistic's e⁻⁸ at z = 8) in the roundoff of f, ~1e-16·|f|/h². "Relative" is to the larger of the entry and the largest entry of the gradient or Hessian,
 * so that an entry that is zero analytically is held to the scale of its neighbours.
 */
class DistributionDerivativeTest {
    /** Interior points (x, arguments…), away from kinks (x = μ for Laplace) and support edges. */
    private static final Map<String, double[][]> POINTS = new LinkedHashMap<>();

    static {
        POINTS.put("Normal", new double[][] {{0.3, -0.2, 1.3}, {5, 2, 0.7}});
        POINTS.put("Laplace", new double[][] {{0.3, -0.2, 1.3}, {-4, 2, 0.7}});
        POINTS.put("StudentT", new double[][] {{0.5, 3, 0.2, 1.5}, {-2, 0.8, 1, 0.6}, {4, 25, 1, 2}});
        POINTS.put("Cauchy", new double[][] {{0.5, 0.2, 1.5}, {-3, 1, 0.4}});
        POINTS.put("Logistic", new double[][] {{0.5, 0.2, 1.5}, {-3, 1, 0.4}, {8, 0, 1}});
        POINTS.put("LogNormal", new double[][] {{1.5, 0.2, 0.8}, {0.2, -1, 0.5}});
        POINTS.put("Exponential", new double[][] {{1.5, 0.7}, {0.01, 30}});
        POINTS.put("Gamma", new double[][] {{1.5, 2.5, 0.7}, {0.3, 0.6, 2}});
        POINTS.put("Beta", new double[][] {{0.3, 2, 5}, {0.8, 0.7, 0.4}});
        POINTS.put("Uniform", new double[][] {{0.5, -1, 2}, {3, 2.5, 3.5}});
        POINTS.put("Weibull", new double[][] {{1.5, 2.5, 1.2}, {0.3, 0.7, 2}});
        POINTS.put("Bernoulli", new double[][] {{1, 0.3}, {0, 0.8}});
        POINTS.put("BernoulliLogit", new double[][] {{1, 0.4}, {0, -2}});
        POINTS.put("Binomial", new double[][] {{3, 10, 0.3}, {0, 5, 0.2}, {7, 7, 0.6}});
        POINTS.put("Poisson", new double[][] {{3, 2.5}, {0, 0.4}});
        POINTS.put("PoissonLog", new double[][] {{3, 0.9}, {0, -1}});
        POINTS.put("NegBinomial", new double[][] {{3, 2.5, 0.7}, {0, 1, 4}, {12, 5, 30}});
    }

    private static final double GRADIENT_STEP = 1e-5, GRADIENT_TOLERANCE = 1e-6;
    private static final double HESSIAN_STEP = 1e-5, HESSIAN_TOLERANCE = 1e-4;

    @Test
    void everyDistributionHasPoints() {
        for (Distribution d : Distributions.all()) assertTrue(POINTS.containsKey(d.name()), "no points for " + d.name());
    }

    @TestFactory
    Stream<DynamicContainer> derivativesMatchFiniteDifferences() {
        return Distributions.all().stream().map(d -> DynamicContainer.dynamicContainer(d.name(),
                Arrays.stream(POINTS.getOrDefault(d.name(), new double[0][])).map(p -> DynamicTest.dynamicTest(
                        d.name() + "(x = " + p[0] + " | " + Arrays.toString(Arrays.copyOfRange(p, 1, p.length)) + ")",
                        () -> check(d, p)))));
    }

    /** Value, gradient and Hessian nodes of one distribution's log-density, x = param 0, arguments 1..k. */
    private static final class Compiled {
        final int n;
        final Evaluator evaluator;

        Compiled(Distribution d) {
            IrBuilder b = new IrBuilder();
            n = d.parameters().size() + 1;
            List<Node> args = new ArrayList<>();
            for (int i = 1; i < n; i++) args.add(b.param(i));
            Node f = b.sum(d.logDensity(b, b.param(0), args));
            Differentiator diff = new Differentiator(b);
            Node[] g = diff.gradient(f, n);
            Node[][] h = diff.hessian(f, n);
            List<Node> outputs = new ArrayList<>();
            outputs.add(f);
            outputs.addAll(List.of(g));
            for (Node[] row : h) outputs.addAll(List.of(row));
            evaluator = new Evaluator(new Schedule(outputs));
        }

        double[] all(double[] p) { return evaluator.evaluate(p, new double[0][], 1); }

        double value(double[] p) { return all(p)[0]; }
    }

    private static void check(Distribution d, double[] p) {
        Compiled c = new Compiled(d);
        int n = c.n;
        double[] out = c.all(p);
        // The variate of a discrete distribution is data: whole numbers, not differentiated.
        int first = d.support().integer ? 1 : 0;

        double[] fdGradient = new double[n];
        double[][] fdHessian = new double[n][n];
        double gradientScale = 0, hessianScale = 0;
        for (int i = first; i < n; i++) {
            double hi = step(p[i], GRADIENT_STEP);
            fdGradient[i] = (c.value(shift(p, i, hi)) - c.value(shift(p, i, -hi))) / (2 * hi);
            gradientScale = Math.max(gradientScale, Math.abs(fdGradient[i]));
        }
        for (int j = first; j < n; j++) {
            double hj = step(p[j], HESSIAN_STEP);
            double[] up = c.all(shift(p, j, hj)), down = c.all(shift(p, j, -hj));
            for (int i = first; i < n; i++) {
                fdHessian[i][j] = (up[1 + i] - down[1 + i]) / (2 * hj);
                hessianScale = Math.max(hessianScale, Math.abs(fdHessian[i][j]));
            }
        }
        String[] names = new String[n];
        names[0] = "x";
        for (int i = 1; i < n; i++) names[i] = d.parameters().get(i - 1).name();
        for (int i = first; i < n; i++) {
            double symbolic = out[1 + i];
            double tolerance = GRADIENT_TOLERANCE * Math.max(Math.max(Math.abs(symbolic), gradientScale), 1e-8);
            String what = "∂/∂" + names[i];
            assertEquals(fdGradient[i], symbolic, tolerance, what);
        }
        for (int i = first; i < n; i++) {
            for (int j = first; j < n; j++) {
                double symbolic = out[1 + n + i * n + j];
                double tolerance = HESSIAN_TOLERANCE * Math.max(Math.max(Math.abs(symbolic), hessianScale), 1e-8);
                String what = "∂²/∂" + names[i] + "∂" + names[j];
                assertEquals(fdHessian[i][j], symbolic, tolerance, what);
            }
        }
        assertTrue(Double.isFinite(out[0]), "log-density finite");
    }

    private static double step(double v, double relative) { return relative * Math.max(Math.abs(v), 1e-2); }

    private static double[] shift(double[] p, int i, double by) {
        double[] q = p.clone();
        q[i] += by;
        return q;
    }
}
