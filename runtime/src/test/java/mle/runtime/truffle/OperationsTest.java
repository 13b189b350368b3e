package mle.runtime.truffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/**
 * Every op of the IR, compiled, computes what {@link mle.compiler.ir.Functions} computes: one objective
 * with a row sum per op over arguments that cross each function's special regions (negative, zero, large,
 * the reflection branches of log Γ and, through its derivative, of ψ), against the reference evaluator, in value and gradient.
 */
class OperationsTest {

    @Test
    void everyOpAgreesWithTheReferenceEvaluator() {
        IrBuilder b = new IrBuilder();
        Node p = b.param(0), x = b.data(0), positive = b.data(1), unit = b.data(2);
        Node px = b.mul(p, x), pPositive = b.mul(p, positive), pUnit = b.mul(p, unit);
        List<Node> terms = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op.arity != 1 || op == Op.ROW_SUM || op == Op.POLYGAMMA) continue;
            Node argument = switch (op) {
                case LOG, SQRT, LOG1P -> pPositive;
                case LOGIT, ASIN, ACOS -> pUnit;
                default -> px;
            };
            terms.add(b.rowSum(b.apply(op, argument)));
        }
        for (int order = 0; order < 3; order++) terms.add(b.rowSum(b.polygamma(order, pPositive)));
        terms.add(b.rowSum(b.add(px, positive)));
        terms.add(b.rowSum(b.sub(px, positive)));
        terms.add(b.rowSum(b.mul(px, positive)));
        terms.add(b.rowSum(b.div(px, positive)));
        for (double e : new double[] {2, 3, -1, 0.5, 1.7}) terms.add(b.rowSum(b.pow(pPositive, b.constant(e))));
        terms.add(b.rowSum(b.pow(pPositive, x)));
        terms.add(b.rowSum(b.pow(positive, p)));
        Node sum = b.sum(terms);
        Objective objective = new Objective("Operations",
                List.of(new Objective.Parameter(0, "p", "p", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)),
                List.of(new Objective.Column(0, "x", "x", "x"), new Objective.Column(1, "positive", "positive", "positive"),
                        new Objective.Column(2, "unit", "unit", "unit")),
                List.of(new Objective.Term(Objective.Kind.LIKELIHOOD, "all ops", 1, sum)), List.of(), List.of(), b);
        double[] xs = {-7.5, -2.25, -0.5, -1e-3, 1e-3, 0.25, 0.5, 1, 2, 3.5, 12, 40};
        double[] positives = new double[xs.length], units = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            positives[i] = 0.05 + Math.abs(xs[i]);
            units[i] = (i + 0.5) / (2.0 * xs.length);
        }
        double[][] columns = {xs, positives, units};
        ReferenceObjective reference = new ReferenceObjective(objective, Objective.Mode.MLE, Space.UNCONSTRAINED);
        try (Engine engine = MleEngine.create(Map.of("engine.CompileImmediately", "true", "engine.BackgroundCompilation", "false",
                "engine.CompilationFailureAction", "Throw"));
             TruffleObjective f = new TruffleObjective(engine, objective, Objective.Mode.MLE, columns, xs.length)) {
            for (double u : new double[] {0.9, 1.3}) {
                ReferenceObjective.Evaluation expected = reference.evaluate(new double[] {u}, columns, xs.length);
                assertTrue(Double.isFinite(expected.value()) && Double.isFinite(expected.gradient()[0]), "arguments in every domain");
                for (int call = 0; call < 2; call++) {
                    double[] g = new double[1];
                    double value = f.valueAndGradient(new double[] {u}, g);
                    assertEquals(expected.value(), value, 1e-12 * Math.abs(expected.value()), "value at p = " + u);
                    assertEquals(expected.gradient()[0], g[0], 1e-12 * Math.abs(expected.gradient()[0]), "gradient at p = " + u);
                }
            }
        }
    }
}
