package mle.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfusablesTest {
    @Test
    void namesThatLookAlikeHaveOneSkeleton() {
        assertEquals(Confusables.skeleton("a"), Confusables.skeleton("а"), "Latin a, Cyrillic а");
        assertEquals(Confusables.skeleton("pop"), Confusables.skeleton("рор"), "Latin, Cyrillic");
        assertEquals(Confusables.skeleton("v"), Confusables.skeleton("ν"), "Latin v, Greek ν");
        assertEquals(Confusables.skeleton("XO"), Confusables.skeleton("ΧΟ"), "Latin, Greek capitals");
        assertNotEquals(Confusables.skeleton("v"), Confusables.skeleton("nu"), "`nu` is ν, but does not look like v");
        assertNotEquals(Confusables.skeleton("b"), Confusables.skeleton("β"));
    }

    @Test
    void aWordMixingScriptsWithALookAlikeIsFound() {
        Confusables.Mixed cyrillic = Confusables.mixedScript("аlpha");
        assertEquals("а", cyrillic.letter());
        assertEquals("Cyrillic", cyrillic.script());
        assertEquals("Latin `a`", cyrillic.lookAlike());
        Confusables.Mixed greek = Confusables.mixedScript("pοint");
        assertEquals("ο", greek.letter());
        assertEquals("Greek", greek.script());
        // A Latin letter in a Cyrillic word: рост (height) with a Latin o.
        Confusables.Mixed latin = Confusables.mixedScript("рoст");
        assertEquals("o", latin.letter());
        assertEquals("Cyrillic `о`", latin.lookAlike());
    }

    @ParameterizedTest
    @ValueSource(strings = {"σ_y", "ρ_xy", "β_age", "ρ2", "μ0", "ν", "alpha", "рост", "βx", "x_α"})
    void statisticsNamesMixNothing(String name) {
        assertNull(Confusables.mixedScript(name), name);
    }

    @Test
    void aNameOfCyrillicLookAlikesOnlyIsFound() {
        assertTrue(Confusables.cyrillicLookingLatin("а"));
        assertTrue(Confusables.cyrillicLookingLatin("ор"));
        assertFalse(Confusables.cyrillicLookingLatin("рост"), "т does not look like a Latin letter");
        assertFalse(Confusables.cyrillicLookingLatin("ν"), "Greek names are what statistics writes");
        assertFalse(Confusables.cyrillicLookingLatin("a"));
    }
}
