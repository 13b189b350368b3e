package mle.runtime.truffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/**
 * Proves that Graal compiles the objective: the engine traces compilations into a log handler, compiles on
 * the first call in the calling thread, and throws on a failed compilation; the log must show both roots
 * optimised ("opt done"). Run by surefire with the JIT flags of runtime/pom.xml.
 */
class JitCompilationTest {

    @Test
    void theRuntimeIsGraalNotTheFallbackInterpreter() {
        assertNotEquals(MleEngine.INTERPRETED, TruffleObjective.implementationName(),
                "Truffle runs without the Graal JIT: check surefire's argLine (JVMCI, upgrade module path)");
        assertTrue(TruffleObjective.isJitCompiled());
    }

    /** Every sample's objective, so that no model of theirs falls back to the interpreter unseen. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"normal-mean", "linear-regression", "misra1a", "mixture",
            "poisson-regression", "probit-vote", "survival", "gaussian-residuals", "normal-mean-prior", "grunfeld",
            "laplace-residuals", "lasso-regression"})
    void graalCompilesBothRootsOfEverySamplesObjective(String sample) throws Exception {
        TestModels m = TestModels.load(TestModels.root(), TestModels.root().resolve("samples/" + sample + "/model.mle"),
                TestModels.root().resolve("samples/" + sample + "/data.csv"));
        compilesBothRoots(m.objective(), Objective.Mode.MAP, m.columns(), m.rows());
    }

    /**
     * A negative binomial regression: log Γ(y + φ) − log Γ(φ) on every row, whose direct form recurses (reflection) and
     * once made Graal give up ("too deep inlining"), leaving the objective interpreted, 50 times slower.
     */
    @Test
    void graalCompilesANegativeBinomialRegression() throws Exception {
        Objective o = mle.api.Model.compile("data x, y\nparam a, b\nparam φ > 0\ny ~ NegBinomial(exp(a + b*x), φ)\n").objective();
        int rows = 200;
        double[][] columns = new double[2][rows];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < rows; i++) {
            columns[0][i] = r.nextGaussian();
            columns[1][i] = r.nextInt(12);
        }
        compilesBothRoots(o, Objective.Mode.MLE, columns, rows);
    }

    /** Compiles f with its gradient and the Hessian at once, failing on a failed compilation; checks the trace says so. */
    private static void compilesBothRoots(Objective objective, Objective.Mode mode, double[][] columns, int rows) {
        List<String> log = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord record) { log.add(record.getMessage()); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        try (Engine engine = Engine.newBuilder(MleLanguage.ID)
                .allowExperimentalOptions(true)
                .option("engine.TraceCompilation", "true")
                .option("engine.BackgroundCompilation", "false")
                .option("engine.CompileImmediately", "true")
                .option("engine.CompilationFailureAction", "Throw")
                .logHandler(handler)
                .err(new ByteArrayOutputStream())
                .build();
             TruffleObjective f = new TruffleObjective(engine, objective, mode, columns, rows)) {
            assertNotEquals(MleEngine.INTERPRETED, engine.getImplementationName());
            double[] u = {0.3, -0.2, 0.1, 0.4, 0.5, -0.1};
            u = java.util.Arrays.copyOf(u, f.dimension());
            double[] g = new double[f.dimension()];
            double[][] h = new double[f.dimension()][f.dimension()];
            for (int call = 0; call < 3; call++) {
                f.valueAndGradient(u, g);
                f.hessian(u, h);
            }
            ReferenceObjective.Evaluation expected = new ReferenceObjective(objective, mode, Space.UNCONSTRAINED)
                    .evaluate(u, columns, rows);
            assertEquals(expected.value(), f.valueAndGradient(u, g), 1e-12 * Math.abs(expected.value()));
        }
        String name = objective.modelName();
        String text = String.join("\n", log);
        assertTrue(log.stream().anyMatch(l -> l.contains("opt done") && l.contains(name + ".valueAndGradient")),
                "no finished compilation of " + name + ".valueAndGradient in the trace:\n" + text);
        assertTrue(log.stream().anyMatch(l -> l.contains("opt done") && l.contains(name + ".hessian")),
                "no finished compilation of " + name + ".hessian in the trace:\n" + text);
        assertTrue(log.stream().noneMatch(l -> l.contains("opt failed")), text);
        System.out.println("JitCompilationTest, from Truffle's compilation trace:\n"
                + String.join("\n", log.stream().filter(l -> l.contains("opt done")).toList()));
    }
}
