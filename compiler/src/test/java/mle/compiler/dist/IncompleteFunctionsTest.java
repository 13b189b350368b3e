package mle.compiler.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Functions;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The incomplete gamma and beta functions in logarithms, with their derivatives in the shapes to second order, against
 * mpmath's at 50 digits (reference/incomplete.csv, written by reference/distributions.py); and the derivatives that the
 * IR derives from them (in x, and mixed in a shape and x) against central differences of the exact gradient.
 */
class IncompleteFunctionsTest {

    @TestFactory
    Stream<DynamicTest> shapeDerivativesMatchMpmath() {
        List<String[]> rows = ReferenceData.read("incomplete.csv");
        assertTrue(rows.size() >= 25);
        return rows.stream().map(r -> DynamicTest.dynamicTest(String.join(" ", r), () -> {
            double a = Double.parseDouble(r[1]), x = Double.parseDouble(r[3]);
            double[] expected = new double[6];
            for (int k = 0; k < 6; k++) expected[k] = Double.parseDouble(r[4 + k]);
            if (r[0].equals("beta")) {
                double[] args = {a, Double.parseDouble(r[2]), x, 1 - x};
                close(expected[0], Functions.special(Op.LOG_BETA_INC, 0, args), "log I");
                int[] orders = {10, 1, 20, 11, 2};
                for (int k = 0; k < orders.length; k++) {
                    close(expected[k + 1], Functions.special(Op.LOG_BETA_INC_SHAPE, orders[k], args), "∂ order " + orders[k]);
                }
            } else {
                boolean lower = r[0].equals("gamma_p");
                close(expected[0], lower ? Functions.logGammaP(a, x) : Functions.logGammaQ(a, x), "log value");
                Op shape = lower ? Op.LOG_GAMMA_P_SHAPE : Op.LOG_GAMMA_Q_SHAPE;
                close(expected[1], Functions.special(shape, 1, new double[] {a, x}), "∂s");
                close(expected[3], Functions.special(shape, 2, new double[] {a, x}), "∂²s");
            }
        }));
    }

    /** 1e-10 relative, or 1e-14 of the function's own scale where a derivative is close to 0. */
    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-10 * Math.abs(expected) + 1e-300, what);
    }

    /** lgamma(a + d) − lgamma(a) and its digamma and trigamma differences against mpmath, out to a = 1e300. */
    @Test
    void lgammaDifferencesKeepTheirDigitsAsTheShapeGrows() {
        List<String[]> rows = ReferenceData.read("lgamma_differences.csv");
        assertTrue(rows.size() >= 40);
        for (String[] r : rows) {
            int order = Integer.parseInt(r[0]);
            double a = Double.parseDouble(r[1]), d = Double.parseDouble(r[2]), expected = Double.parseDouble(r[3]);
            double actual = Functions.special(Op.LGAMMA_DIFF, order, new double[] {a, d});
            assertEquals(expected, actual, 1e-12 * Math.abs(expected) + 1e-300, "order " + order + " at a = " + a + ", d = " + d);
        }
        // Computed apart, the two log Γ of 10¹⁵ lose the difference (about 414) to rounding of 10¹⁶-sized numbers.
        double apart = Functions.lgamma(1e15 + 12) - Functions.lgamma(1e15);
        assertTrue(Math.abs(apart - 12 * Math.log(1e15)) > 1, "the cancellation this avoids: " + apart);
    }

    @Test
    void edgesOfTheSupport() {
        assertEquals(Double.NEGATIVE_INFINITY, Functions.logGammaP(2, 0));
        assertEquals(0, Functions.logGammaQ(2, 0));
        assertEquals(0, Functions.special(Op.LOG_BETA_INC, 0, new double[] {0, 4, 0.3, 0.7}), "a binomial count at N: F = 1");
        assertEquals(Double.NEGATIVE_INFINITY, Functions.special(Op.LOG_BETA_INC, 0, new double[] {4, 0, 0.3, 0.7}));
        assertTrue(Double.isNaN(Functions.special(Op.LOG_BETA_INC, 0, new double[] {-1, 4, 0.3, 0.7})));
        assertTrue(Double.isNaN(Functions.logGammaP(-1, 2)));
        // Far in a tail the complement is 1 to rounding: its log and derivatives are 0, not 0·∞
        assertEquals(0, Functions.special(Op.LOG_GAMMA_P_SHAPE, 2, new double[] {50, 1000}));
        assertEquals(0, Functions.special(Op.LOG_GAMMA_Q_SHAPE, 2, new double[] {1000, 1}));
        assertEquals(0, Functions.special(Op.LOG_BETA_INC_SHAPE, 11, new double[] {2, 3, 1 - 1e-300, 1e-300}));
    }

    /**
     * Every first and second derivative of log P(s, x), log Q(s, x) and log I_x(a, b) (y = 1 − x) with all arguments
     * parameters: the Hessian against central differences of the gradient, whose shape parts are checked above.
     */
    @TestFactory
    Stream<DynamicTest> hessianMatchesDifferencesOfTheGradient() {
        List<DynamicTest> tests = new ArrayList<>();
        double[][] gammaPoints = {{2.5, 1.0}, {2.5, 10.0}, {0.7, 0.2}, {30, 45}};
        for (double[] p : gammaPoints) {
            for (Op op : List.of(Op.LOG_GAMMA_P, Op.LOG_GAMMA_Q)) {
                tests.add(DynamicTest.dynamicTest(op + " at " + java.util.Arrays.toString(p), () -> check(p, b -> b.binary(op, b.param(0), b.param(1)))));
            }
        }
        double[][] differencePoints = {{2.5, 3}, {30, 2}, {1e3, 4.5}};
        for (double[] p : differencePoints) {
            tests.add(DynamicTest.dynamicTest("LGAMMA_DIFF at " + java.util.Arrays.toString(p), () -> check(p, b -> b.lgammaDiff(b.param(0), b.param(1)))));
        }
        double[][] betaPoints = {{2, 3, 0.4}, {2, 3, 0.9}, {0.5, 0.8, 0.05}, {40, 35, 0.6}};
        for (double[] p : betaPoints) {
            tests.add(DynamicTest.dynamicTest("LOG_BETA_INC at " + java.util.Arrays.toString(p),
                    () -> check(p, b -> b.logBetaInc(b.param(0), b.param(1), b.param(2), b.sub(b.one, b.param(2))))));
        }
        return tests.stream();
    }

    private static void check(double[] point, java.util.function.Function<IrBuilder, Node> function) {
        IrBuilder b = new IrBuilder();
        Node f = function.apply(b);
        int k = point.length;
        Differentiator d = new Differentiator(b);
        Node[] gradient = d.gradient(f, k);
        Node[][] hessian = d.hessian(f, k);
        List<Node> outputs = new ArrayList<>(List.of(gradient));
        for (Node[] row : hessian) outputs.addAll(List.of(row));
        Evaluator evaluator = new Evaluator(new Schedule(outputs));
        double[] at = evaluator.evaluate(point, new double[0][0], 0);
        for (int i = 0; i < k; i++) {
            double h = 1e-5 * Math.max(1, Math.abs(point[i]));
            double[] plus = point.clone(), minus = point.clone();
            plus[i] += h;
            minus[i] -= h;
            double[] up = evaluator.evaluate(plus, new double[0][0], 0), down = evaluator.evaluate(minus, new double[0][0], 0);
            for (int j = 0; j < k; j++) {
                double difference = (up[j] - down[j]) / (2 * h);
                double exact = at[k + i * k + j];
                assertEquals(difference, exact, 1e-6 * Math.max(1, Math.abs(exact)), "∂²/∂θ" + i + "∂θ" + j);
            }
        }
    }
}
