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
        Node p = b.param(0), q = b.param(1), x = b.data(0), positive = b.data(1), unit = b.data(2), group = b.data(3);
        Node px = b.mul(p, x), pPositive = b.mul(p, positive), pUnit = b.mul(p, unit);
        List<Node> terms = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op.arity != 1 || op == Op.ROW_SUM || op == Op.POLYGAMMA || op == Op.INDICATOR) continue;
            Node argument = switch (op) {
                case LOG, SQRT, LOG1P, LOG1M_EXP -> pPositive;
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
        terms.add(b.rowSum(b.binary(Op.ATAN2, px, b.sub(positive, q))));
        terms.add(b.rowSum(b.binary(Op.LOG_SUM_EXP, px, b.mul(q, x))));
        terms.add(b.rowSum(b.binary(Op.LOG_GAMMA_P, b.add(positive, b.one), pPositive)));
        terms.add(b.rowSum(b.binary(Op.LOG_GAMMA_Q, b.add(positive, b.one), b.mul(q, positive))));
        // Group lookups: in a vector of parameters, among computed values, and the indicator of one group.
        terms.add(b.rowSum(b.mul(b.select(group, List.of(p, q, p)), x)));
        terms.add(b.rowSum(b.select(group, List.of(px, b.exp(q), b.mul(q, positive)))));
        terms.add(b.rowSum(b.mul(b.indicator(group, 2), b.square(b.sub(px, q)))));
        Node sum = b.sum(terms);
        Objective objective = new Objective("Operations",
                List.of(new Objective.Parameter(0, "p", "p", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
                        new Objective.Parameter(1, "q", "q", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)),
                List.of(new Objective.Column(0, "x", "x", "x"), new Objective.Column(1, "positive", "positive", "positive"),
                        new Objective.Column(2, "unit", "unit", "unit"), new Objective.Column(3, "group", "group", "group")),
                List.of(new Objective.Term(Objective.Kind.LIKELIHOOD, "all ops", 1, sum)), List.of(), List.of(), b);
        double[] xs = {-7.5, -2.25, -0.5, -1e-3, 1e-3, 0.25, 0.5, 1, 2, 3.5, 12, 40};
        double[] positives = new double[xs.length], units = new double[xs.length], groups = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            positives[i] = 0.05 + Math.abs(xs[i]);
            units[i] = (i + 0.5) / (2.0 * xs.length);
            groups[i] = 1 + i % 3;
        }
        double[][] columns = {xs, positives, units, groups};
        ReferenceObjective reference = new ReferenceObjective(objective, Objective.Mode.MLE, Space.UNCONSTRAINED);
        try (Engine engine = MleEngine.create(Map.of("engine.CompileImmediately", "true", "engine.BackgroundCompilation", "false",
                "engine.CompilationFailureAction", "Throw"));
             TruffleObjective f = new TruffleObjective(engine, objective, Objective.Mode.MLE, columns, xs.length)) {
            for (double u : new double[] {0.9, 1.3}) {
                double[] at = {u, 0.7};
                ReferenceObjective.Evaluation expected = reference.evaluate(at, columns, xs.length);
                assertTrue(Double.isFinite(expected.value()) && Double.isFinite(expected.gradient()[0]), "arguments in every domain");
                for (int call = 0; call < 2; call++) {
                    double[] g = new double[2];
                    double value = f.valueAndGradient(at, g);
                    assertEquals(expected.value(), value, 1e-12 * Math.abs(expected.value()), "value at p = " + u);
                    for (int i = 0; i < 2; i++) {
                        assertEquals(expected.gradient()[i], g[i], 1e-12 * Math.abs(expected.gradient()[i]), "gradient " + i + " at p = " + u);
                    }
                }
            }
        }
    }
}
