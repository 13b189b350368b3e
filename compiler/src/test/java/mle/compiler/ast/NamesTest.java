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
}
