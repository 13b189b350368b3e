package mle.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesTest {
    @ParameterizedTest
    @CsvSource({
        "sigma, σ", "σ, σ", "mu0, μ0", "μ₀, μ0", "beta_1, β_1", "β₁, β1", "Sigma, Σ",
        "alphabet, alphabet", "mux, mux", "x, x", "betas, betas", "ς, σ", "theta', θ'"})
    void asciiAndUnicodeSpellingsMeetInOneCanonicalName(String written, String canonical) {
        assertEquals(canonical, Names.canonical(written));
    }

    @ParameterizedTest
    @CsvSource({
        // The micro sign is the Greek letter; a symbol variant is its letter; an accent typed apart is composed.
        "µ, μ", "µ0, μ0", "ϕ, φ", "ϑ, θ", "ϵ, ε", "cafe\u0301, café",
        // Not compatibility folding: `x²` is not the name `x2`, `ℓ` not `l`, Cyrillic `а` not Latin `a`.
        "x², x²", "ℓ, ℓ", "а, а"})
    void oneLetterWrittenTwoWaysIsOneName(String written, String canonical) {
        assertEquals(canonical, Names.canonical(written));
    }
}
