package mle.runtime.truffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * TruffleObjective's value, gradient and Hessian equal the reference evaluator's (relative 1e-12) for every
 * sample and every good golden model, in MLE and MAP, both in Truffle's interpreter and compiled by Graal
 * (compiled before the first call, compilation failures thrown). How many agreed to the bit is printed.
 */
class ReferenceAgreementTest {
    private static final AtomicLong compared = new AtomicLong(), inexact = new AtomicLong();

    private static Engine interpreted;
    private static Engine compiled;

    @BeforeAll
    static void engines() {
        interpreted = MleEngine.create(Map.of("engine.Compilation", "false"));
        compiled = MleEngine.create(Map.of("engine.CompileImmediately", "true", "engine.BackgroundCompilation", "false",
                "engine.CompilationFailureAction", "Throw"));
    }

    @AfterAll
    static void close() {
        System.out.println("ReferenceAgreementTest: " + (compared.get() - inexact.get()) + " of " + compared.get()
                + " numbers equal to the reference evaluator's to the bit");
        interpreted.close();
        compiled.close();
    }

    @TestFactory
    Stream<DynamicTest> agreesWithReferenceEvaluator() {
        List<DynamicTest> tests = new ArrayList<>();
        for (TestModels m : TestModels.all()) {
            for (Objective.Mode mode : Objective.Mode.values()) {
                tests.add(DynamicTest.dynamicTest(m + " " + mode + " interpreted", () -> check(interpreted, m, mode)));
                tests.add(DynamicTest.dynamicTest(m + " " + mode + " compiled", () -> check(compiled, m, mode)));
            }
        }
        assertTrue(tests.size() >= 4 * 5, "expected the samples and every-distribution, found " + tests.size() / 4);
        assertTrue(tests.stream().anyMatch(t -> t.getDisplayName().contains("every-distribution")));
        return tests.stream();
    }

    private static void check(Engine engine, TestModels m, Objective.Mode mode) {
        ReferenceObjective reference = new ReferenceObjective(m.objective(), mode, Space.UNCONSTRAINED);
        try (TruffleObjective truffle = new TruffleObjective(engine, m.objective(), mode, m.columns(), m.rows())) {
            int k = truffle.dimension();
            assertEquals(m.objective().params().size(), k);
            Random random = new Random(m.name().hashCode());
            for (int trial = 0; trial < 3; trial++) {
                double[] u = new double[k];
                for (int i = 0; i < k; i++) u[i] = 0.2 + 0.5 * random.nextGaussian();
                ReferenceObjective.Evaluation expected = reference.evaluate(u, m.columns(), m.rows());
                // Twice: the first call of a compile-immediately engine may still run in the interpreter.
                for (int call = 0; call < 2; call++) {
                    double[] g = new double[k];
                    double f = truffle.valueAndGradient(u, g);
                    assertClose(expected.value(), f, "f");
                    assertClose(expected.value(), truffle.value(u), "f alone");
                    for (int i = 0; i < k; i++) assertClose(expected.gradient()[i], g[i], "∂f/∂u" + i);
                    double[][] h = new double[k][k];
                    truffle.hessian(u, h);
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) assertClose(expected.hessian()[i][j], h[i][j], "∂²f/∂u" + i + "∂u" + j);
                    }
                }
            }
        }
    }

    static void assertClose(double expected, double actual, String what) {
        compared.incrementAndGet();
        if (Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual)) return;
        inexact.incrementAndGet();
        double tolerance = 1e-12 * Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertTrue(Math.abs(expected - actual) <= tolerance,
                what + ": expected " + expected + " (reference), got " + actual + " (Truffle)");
    }
}
