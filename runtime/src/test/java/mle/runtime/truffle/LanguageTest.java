package mle.runtime.truffle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mle language through the GraalVM polyglot API, as another language or a host would use it. */
class LanguageTest {
    private static final String NORMAL_MEAN = """
            model NormalMean
            data x
            param μ
            param σ > 0
            x ~ Normal(μ, σ)
            μ ~ Normal(2, 0.7071067811865476)
            """;
    private static final double[] X = {2.3, 2.5, 3.1, 3.8, 2.7};

    private static Context context;

    @BeforeAll
    static void open() { context = Context.create(MleLanguage.ID); }

    @AfterAll
    static void close() { context.close(); }

    @Test
    void aModelIsAnObjectWithItsNamesAndABind() {
        Value model = context.eval(MleLanguage.ID, NORMAL_MEAN);
        assertEquals("NormalMean", model.getMember("name").asString());
        assertEquals(List.of("μ", "σ"), model.getMember("parameters").as(List.class));
        assertEquals(List.of("x"), model.getMember("columns").as(List.class));
        assertTrue(model.canInvokeMember("bind"));
        assertEquals("model NormalMean", model.toString());
    }

    @Test
    void theBoundObjectiveIsTheNllInTheModelsParameters() {
        Value model = context.eval(MleLanguage.ID, NORMAL_MEAN);
        Value nll = model.invokeMember("bind", ProxyObject.fromMap(Map.of("x", X)));
        assertTrue(nll.canExecute());
        // SPEC §5: at μ̂ = 2.88, σ̂² = 0.2816 the NLL is 3.926523529277739.
        double sigma = Math.sqrt(0.2816);
        assertEquals(3.926523529277739, nll.execute(2.88, sigma).asDouble(), 1e-14);
        assertEquals(3.926523529277739, nll.execute(new double[] {2.88, sigma}).asDouble(), 1e-14);
        assertEquals(3.926523529277739, nll.invokeMember("value", 2.88, sigma).asDouble(), 1e-14);
        // The score is zero at the MLE.
        double[] g = nll.invokeMember("gradient", 2.88, sigma).as(double[].class);
        assertEquals(0, g[0], 1e-12);
        assertEquals(0, g[1], 1e-12);
        assertEquals(2, nll.getMember("dimension").asInt());
        assertEquals(5, nll.getMember("rows").asInt());
        assertEquals("mle", nll.getMember("mode").asString());
    }

    @Test
    void valuesGradientsAndHessiansAgreeWithTheReferenceInTheModelsParameters() {
        Objective objective = TestModels.compile("NormalMean", NORMAL_MEAN);
        double[] theta = {2.6, 0.8};
        for (Objective.Mode mode : Objective.Mode.values()) {
            ReferenceObjective.Evaluation expected = new ReferenceObjective(objective, mode, Space.MODEL)
                    .evaluate(theta, new double[][] {X}, X.length);
            Value model = context.eval(MleLanguage.ID, NORMAL_MEAN);
            // Columns by position, as an array of arrays this time.
            Value f = model.invokeMember("bind", new Object[] {new double[][] {X}, mode.name().toLowerCase()});
            assertEquals(expected.value(), f.execute(theta[0], theta[1]).asDouble(), 1e-12 * Math.abs(expected.value()));
            assertArrayEquals(expected.gradient(), f.invokeMember("gradient", theta).as(double[].class), 1e-12);
            Value h = f.invokeMember("hessian", theta);
            assertEquals(2, h.getArraySize());
            for (int i = 0; i < 2; i++) assertArrayEquals(expected.hessian()[i], h.getArrayElement(i).as(double[].class), 1e-11);
        }
    }

    @Test
    void dataMayComeAsProxiesAndMapsOfAnyNumbers() {
        Value model = context.eval(MleLanguage.ID, NORMAL_MEAN);
        Object[] boxed = {2.3, 2.5, 3.1, 3.8, 2.7};
        Value viaProxy = model.invokeMember("bind", ProxyObject.fromMap(Map.of("x", ProxyArray.fromArray(boxed))));
        Value viaArray = model.invokeMember("bind", (Object) new Object[] {X});
        assertEquals(viaArray.execute(2.0, 1.0).asDouble(), viaProxy.execute(2.0, 1.0).asDouble(), 0);
        Map<String, Object> table = new HashMap<>();
        table.put("x", ProxyArray.fromList(List.of(1, 2, 3)));
        Value ints = model.invokeMember("bind", ProxyObject.fromMap(table));
        assertEquals(3, ints.getMember("rows").asInt());
    }

    @Test
    void anInvalidModelIsASyntaxErrorWithTheCompilersLocatedMessage() {
        String text = "model Bad\ndata x\nparam μ\nx ~ Normal(μ, sigma)\n";
        PolyglotException e = assertThrows(PolyglotException.class,
                () -> context.eval(Source.newBuilder(MleLanguage.ID, text, "bad.mle").buildLiteral()));
        assertTrue(e.isSyntaxError(), e.toString());
        assertTrue(e.getMessage().contains("bad.mle:4:"), e.getMessage());
        assertTrue(e.getMessage().contains("sigma"), e.getMessage());
        assertEquals(4, e.getSourceLocation().getStartLine());
    }

    /** A point where the objective is not a number is an error that says why, never a NaN handed back. */
    @Test
    void aNegativeScaleIsAnErrorThatSaysSoNotANaN() {
        Value constrained = context.eval(MleLanguage.ID, NORMAL_MEAN).invokeMember("bind", ProxyObject.fromMap(Map.of("x", X)));
        org.graalvm.polyglot.PolyglotException e = assertThrows(org.graalvm.polyglot.PolyglotException.class,
                () -> constrained.execute(2.0, -1.0));
        assertTrue(e.isGuestException() && e.getMessage().contains("= −1 is outside its constraint > 0"), e.getMessage());
        double[] scales = new double[X.length];
        java.util.Arrays.fill(scales, 1);
        scales[2] = -0.5;
        Value fromData = context.eval(MleLanguage.ID, "data x, w\nparam m\nx ~ Normal(m, w)\n")
                .invokeMember("bind", ProxyObject.fromMap(Map.of("x", X, "w", scales)));
        e = assertThrows(org.graalvm.polyglot.PolyglotException.class, () -> fromData.invokeMember("gradient", 2.0));
        assertTrue(e.getMessage().contains("is −0.5 at row 3, but it must be"), e.getMessage());
    }

    /** A host bounds what its guest may cost: the time a compilation may take, the memory a bind may allocate. */
    @Test
    void contextOptionsLimitCompilingTimeAndBindingMemory() {
        StringBuilder text = new StringBuilder("data x\nparam m\n");
        for (int i = 0; i < 4000; i++) text.append("let v").append(i).append(" = m + ").append(i).append("\n");
        text.append("x ~ Normal(m, 1)\n");
        try (Context limited = Context.newBuilder(MleLanguage.ID).option("mle.TimeLimit", "0.001").build()) {
            org.graalvm.polyglot.PolyglotException e = assertThrows(org.graalvm.polyglot.PolyglotException.class,
                    () -> limited.eval(MleLanguage.ID, text.toString()));
            assertTrue(e.getMessage().contains("reached the time limit of 0.001 s (the option mle.TimeLimit)"), e.getMessage());
        }
        try (Context limited = Context.newBuilder(MleLanguage.ID).option("mle.MemoryLimit", "1000").build()) {
            Value model = limited.eval(MleLanguage.ID, NORMAL_MEAN);
            org.graalvm.polyglot.PolyglotException e = assertThrows(org.graalvm.polyglot.PolyglotException.class,
                    () -> model.invokeMember("bind", ProxyObject.fromMap(Map.of("x", new double[1000]))));
            assertTrue(e.getMessage().contains("more than the memory limit") && e.getMessage().contains("mle.MemoryLimit"), e.getMessage());
            assertEquals(2, model.invokeMember("bind", ProxyObject.fromMap(Map.of("x", X))).getMember("dimension").asInt(),
                    "five rows fit in 1,000 bytes");
        }
    }

    @Test
    void missingOrRaggedDataAreGuestErrorsThatNameTheColumn() {
        Value model = context.eval(MleLanguage.ID, "model Two\ndata x, y\nparam a\ny ~ Normal(a * x, 1)\n");
        PolyglotException missing = assertThrows(PolyglotException.class,
                () -> model.invokeMember("bind", ProxyObject.fromMap(Map.of("x", X))));
        assertTrue(missing.isGuestException());
        assertTrue(missing.getMessage().contains("no column `y`"), missing.getMessage());
        PolyglotException ragged = assertThrows(PolyglotException.class,
                () -> model.invokeMember("bind", ProxyObject.fromMap(Map.of("x", X, "y", new double[] {1, 2}))));
        assertTrue(ragged.getMessage().contains("one value a row"), ragged.getMessage());
        Value f = model.invokeMember("bind", ProxyObject.fromMap(Map.of("x", X, "y", X)));
        assertThrows(IllegalArgumentException.class, () -> f.execute(1.0, 2.0));
    }
}
