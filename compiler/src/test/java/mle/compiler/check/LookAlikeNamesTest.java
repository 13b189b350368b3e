package mle.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.source.Diagnostic;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** Names that look alike compile, with a warning, as Rust's `confusable_idents` and `mixed_script_confusables`. */
class LookAlikeNamesTest {
    private static List<Diagnostic> warnings(String text) {
        Compiler.Compilation c = Compiler.compile(new SourceFile("m.mle", text), Map.of());
        assertTrue(c.succeeded(), () -> c.diagnostics().sorted().toString());
        return c.diagnostics().sorted().stream().filter(d -> !d.isError()).toList();
    }

    @Test
    void twoNamesThatLookAlikeAreWarnedOf() {
        List<Diagnostic> w = warnings("data y\nparam a, а\nparam σ > 0\ny ~ Normal(a + а, σ)\n");
        assertEquals(1, w.size(), w.toString());
        assertEquals(2, w.getFirst().span().line());
        assertEquals(10, w.getFirst().span().column(), "the second, Cyrillic one");
        assertEquals("`а` looks like `a` on line 2 but is a different name: it has Cyrillic letters where `a` has Latin ones",
                w.getFirst().message());
    }

    @Test
    void aNameMixingScriptsIsWarnedOf() {
        List<Diagnostic> w = warnings("data y\nparam аlpha\nparam σ > 0\ny ~ Normal(аlpha, σ)\n");
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.getFirst().message().contains("its `а` is a Cyrillic letter among Latin ones, and looks like Latin `a`"),
                w.getFirst().message());
    }

    @Test
    void aNameOfCyrillicLookAlikesIsWarnedOf() {
        List<Diagnostic> w = warnings("data y\nparam а\nparam σ > 0\ny ~ Normal(а, σ)\n");
        assertEquals(1, w.size(), w.toString());
        assertEquals("`а` is written in Cyrillic letters that look like Latin `a`", w.getFirst().message());
    }

    @Test
    void greekNamesAsStatisticsWritesThemAreNot() {
        assertEquals(List.of(), warnings("data y, x\nparam ν > 0, ρ_xy, σ_y > 0, β_age, α, μ₀\n"
                + "y ~ StudentT(ν, α + β_age * x + ρ_xy + μ₀, σ_y)\n"));
    }

    @Test
    void oneNameWrittenTwoWaysIsOneName() {
        // The micro sign for μ, and é as e and a combining accent: the same names, no warning.
        assertEquals(List.of(), warnings("data y\nparam μ, café\nparam σ > 0\ny ~ Normal(µ + cafe\u0301, σ)\n"));
        assertFalse(Compiler.compile(new SourceFile("m.mle", "data y\nparam μ, µ\nparam σ > 0\ny ~ Normal(μ, σ)\n"), Map.of())
                .succeeded(), "declared twice");
    }
}
