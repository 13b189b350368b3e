package mle.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IrBuilderTest {
    private final IrBuilder b = new IrBuilder();
    private final Node x = b.data(0), y = b.data(1);
    private final Node mu = b.param(0), sigma = b.param(1);

    @Test
    void equalExpressionsAreOneNode() {
        assertSame(b.add(mu, b.mul(sigma, x)), b.add(mu, b.mul(sigma, x)));
    }

    @Test
    void constantsFoldAndIdentitiesVanish() {
        assertEquals(6, b.mul(b.constant(2), b.constant(3)).value);
        assertSame(mu, b.add(mu, b.zero));
        assertSame(mu, b.mul(b.one, mu));
        assertSame(mu, b.pow(mu, b.one));
        assertSame(b.one, b.pow(mu, b.zero));
        assertSame(b.zero, b.sub(mu, mu));
        assertSame(mu, b.neg(b.neg(mu)));
        assertSame(b.mul(b.constant(2), mu), b.add(mu, mu));
        assertSame(b.mul(b.constant(6), mu), b.mul(b.constant(2), b.mul(b.constant(3), mu)));
        assertSame(mu, b.log(b.exp(mu)));
    }

    @Test
    void namedConstantsStayNamed() {
        Node s = b.namedConstant(1, "s");
        Node quotient = b.div(mu, s);
        assertEquals(Op.DIV, quotient.op, "dividing by a constant named s stays visible in the derivation");
        assertEquals("θ0 / s", IrPrinter.inline(quotient));
    }

    @Test
    void rowSumTakesOutWhatDoesNotVaryByRow() {
        // Σᵢ (log σ + (yᵢ − μ)² / (2σ²)) = n·log σ + Σᵢ (yᵢ − μ)² / (2σ²), the sum computed without σ.
        Node body = b.add(b.log(sigma), b.div(b.square(b.sub(y, mu)), b.mul(b.two, b.square(sigma))));
        Node sum = b.rowSum(body);
        assertEquals("n·log(θ1) + Σᵢ (x1ᵢ − θ0)² / (2·θ1²)", IrPrinter.inline(sum));
        Schedule schedule = new Schedule(List.of(sum));
        assertTrue(schedule.beforeLoop.contains(b.log(sigma)), "log σ is computed once, before the loop");
        assertTrue(schedule.beforeLoop.contains(b.mul(b.two, b.square(sigma))), "so is 2σ²");
        assertFalse(schedule.perRow.stream().anyMatch(n -> n.dependsOn(1)), "nothing in the loop depends on σ");
        assertEquals(1, schedule.rowSums.size());
    }

    @Test
    void rowSumTakesOutAFactorThatDoesNotVaryByRowFromInsideAProduct() {
        // Σᵢ (yᵢ − μ)·(σ·xᵢ) = σ·Σᵢ (yᵢ − μ)·xᵢ: the multiplication by σ once, not once a row.
        Node r = b.sub(y, mu);
        Node sum = b.rowSum(b.mul(r, b.mul(sigma, x)));
        assertEquals(b.mul(sigma, b.rowSum(b.mul(r, x))), sum);
        Schedule schedule = new Schedule(List.of(sum));
        assertFalse(schedule.perRow.stream().anyMatch(n -> n.dependsOn(1)), "nothing in the loop depends on σ");
        double[][] columns = {{0.5, -1, 2}, {1, 2, 4}};
        double expected = 0;
        for (int i = 0; i < 3; i++) expected += (columns[1][i] - 0.3) * (1.7 * columns[0][i]);
        assertEquals(expected, new Evaluator(schedule).evaluate(new double[] {0.3, 1.7}, columns, 3)[0], 1e-14);
    }

    @Test
    void rowSumOfAConstantIsNTimesIt() {
        assertSame(b.mul(b.rows, b.log(sigma)), b.rowSum(b.log(sigma)));
    }

    @Test
    void scheduleComputesSharedNodesOnce() {
        Node shared = b.exp(b.add(mu, b.mul(sigma, x)));
        Node f = b.rowSum(b.add(shared, b.mul(x, shared)));
        Schedule schedule = new Schedule(List.of(f, b.rowSum(shared)));
        assertEquals(1, schedule.perRow.stream().filter(n -> n == shared).count());
    }

    @Test
    void evaluatorSumsOverRows() {
        Node f = b.rowSum(b.square(b.sub(y, mu)));
        double[] out = new Evaluator(new Schedule(List.of(f))).evaluate(new double[] {1, 0}, new double[][] {{}, {1, 2, 4}}, 3);
        assertEquals(0 + 1 + 9, out[0]);
    }

    @Test
    void derivativesReuseTheNodesOfTheObjective() {
        Differentiator d = new Differentiator(b);
        Node e = b.exp(b.mul(mu, x));
        Node de = d.derivative(e, 0);
        assertEquals("exp(θ0·x0ᵢ)·x0ᵢ", IrPrinter.inline(de));
        assertSame(e, de.arg(0), "d exp(u) = exp(u)·du shares exp(u)");
        assertSame(b.zero, d.derivative(e, 1));
    }
}
