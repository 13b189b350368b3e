package mle.compiler;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mle.compiler.explain.Derivation;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * An embedding program's thread may have a small stack: compiling (and explaining) a model nested up to the language's
 * limit still works from one, since the recursive phases run on a thread of their own with a large stack.
 */
class DeepModelTest {
    @Test
    void aDeepModelCompilesFromAThreadWithASmallStack() throws InterruptedException {
        String text = "data y\nparam m\ny ~ Normal(" + "exp(".repeat(900) + "m" + ")".repeat(900) + ", 1)\n";
        AtomicReference<String> derivation = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                Compiler.Compilation c = Compiler.compile(new SourceFile("deep.mle", text), Map.of());
                assertTrue(c.succeeded(), c.diagnostics().sorted().toString());
                derivation.set(LargeStack.call(() -> Derivation.explain(c.checked(), c.objective())));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small", 128 << 10);
        small.start();
        small.join();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
        assertTrue(derivation.get().contains("exp(exp(exp("), derivation.get().substring(0, 200));
    }
}
