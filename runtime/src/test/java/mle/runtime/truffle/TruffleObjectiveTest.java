package mle.runtime.truffle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mle.compiler.ir.Objective;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/** The life of a TruffleObjective: engines owned or shared, closing, wrong arguments, several threads. */
class TruffleObjectiveTest {
    private static final String MODEL = """
            model Line
            data x, y
            param a, b
            param σ > 0
            y ~ Normal(a + b * x, σ)
            """;
    private static final double[] X = {1, 2, 3, 4, 5, 6}, Y = {1.1, 1.9, 3.2, 3.9, 5.1, 6.2};

    private static Objective objective() { return TestModels.compile("line.mle", MODEL); }

    private static double[][] columns(Objective o) {
        double[][] columns = new double[2][];
        for (Objective.Column c : o.columns()) columns[c.index()] = c.name().equals("x") ? X : Y;
        return columns;
    }

    @Test
    void aClosedObjectiveRefusesCallsAndTheSharedEngineLivesOn() {
        Objective o = objective();
        TruffleObjective f = new TruffleObjective(o, Objective.Mode.MLE, columns(o), X.length);
        assertEquals(MleEngine.shared(), f.engine());
        assertEquals(3, f.dimension());
        assertTrue(Double.isFinite(f.value(new double[] {0, 1, 0})));
        f.close();
        f.close();
        assertThrows(IllegalStateException.class, () -> f.value(new double[] {0, 1, 0}));
        try (Context context = Context.newBuilder(MleLanguage.ID).engine(f.engine()).build();
             TruffleObjective g = new TruffleObjective(o, Objective.Mode.MLE, columns(o), X.length)) {
            assertTrue(context.eval(MleLanguage.ID, MODEL).hasMembers());
            assertTrue(Double.isFinite(g.value(new double[] {0, 1, 0})));
        }
    }

    @Test
    void anObjectiveOnASharedEngineLeavesItOpen() {
        Objective o = objective();
        try (Engine engine = MleEngine.create()) {
            try (TruffleObjective f = new TruffleObjective(engine, o, Objective.Mode.MLE, columns(o), X.length)) {
                f.value(new double[] {0, 1, 0});
            }
            try (TruffleObjective g = new TruffleObjective(engine, o, Objective.Mode.MAP, columns(o), X.length)) {
                assertTrue(Double.isFinite(g.value(new double[] {0, 1, 0})));
            }
        }
    }

    @Test
    void wrongShapesAreRefusedWithAReason() {
        Objective o = objective();
        IllegalArgumentException fewRows = assertThrows(IllegalArgumentException.class,
                () -> new TruffleObjective(o, Objective.Mode.MLE, columns(o), X.length + 1));
        assertTrue(fewRows.getMessage().contains("fewer than the 7 rows"), fewRows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TruffleObjective(o, Objective.Mode.MLE, new double[][] {X}, X.length));
        try (TruffleObjective f = new TruffleObjective(o, Objective.Mode.MLE, columns(o), X.length)) {
            assertThrows(IllegalArgumentException.class, () -> f.value(new double[2]));
            assertThrows(IllegalArgumentException.class, () -> f.valueAndGradient(new double[3], new double[2]));
            assertThrows(IllegalArgumentException.class, () -> f.hessian(new double[3], new double[3][2]));
        }
    }

    @Test
    void fewerRowsThanTheColumnsHoldUsesTheFirstRows() {
        Objective o = objective();
        double[] u = {0.1, 0.9, -0.5};
        try (TruffleObjective all = new TruffleObjective(o, Objective.Mode.MLE, columns(o), X.length);
             TruffleObjective three = new TruffleObjective(o, Objective.Mode.MLE, columns(o), 3)) {
            double[][] firstThree = columns(o);
            for (int i = 0; i < 2; i++) firstThree[i] = java.util.Arrays.copyOf(firstThree[i], 3);
            try (TruffleObjective copied = new TruffleObjective(o, Objective.Mode.MLE, firstThree, 3)) {
                assertEquals(copied.value(u), three.value(u), 0);
                assertTrue(all.value(u) != three.value(u));
            }
        }
    }

    @Test
    void threadsMayCallAtOnce() throws Exception {
        Objective o = objective();
        double[] u = {0.1, 0.9, -0.5};
        try (TruffleObjective f = new TruffleObjective(o, Objective.Mode.MAP, columns(o), X.length)) {
            double[] expected = new double[3];
            double value = f.valueAndGradient(u, expected);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    calls.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            double[] g = new double[3];
                            assertEquals(value, f.valueAndGradient(u, g), 0);
                            assertArrayEquals(expected, g, 0);
                        }
                        return null;
                    }));
                }
                for (Future<?> call : calls) call.get();
            } finally {
                pool.shutdown();
            }
        }
    }
}
