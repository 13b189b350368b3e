package mle.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/** The verdict's checks on their own (the fits that reach them are in mle.api's VerdictTest). */
class VerificationTest {
    @Test
    void aCountModelComputedBelowZeroIsRoundingNamingWhatRanOff() {
        // A sum of −log probabilities of counts is never below 0: a value below it is a computation broken by extreme
        // parameters (as log Γ(k + φ) − log Γ(φ) once was at φ = 10¹⁵⁰), whatever the optimiser concluded.
        Objective counts = objective("data x, k\nparam a, b\nparam φ > 0\nk ~ NegBinomial(exp(a + b * x), φ)\n");
        List<String> names = List.of("a", "b", "φ");
        double[] u = {0.4, 0.2, 345};
        Verification.Conclusion broken = Verification.belowItsBound(counts, u, -8e146, names);
        assertEquals(Verdict.NOT_IDENTIFIABLE, broken.verdict());
        assertTrue(broken.sentence().contains("the data do not determine `φ`") && broken.sentence().contains("rounding"), broken.sentence());
        assertEquals(java.util.Set.of(2), broken.meaningless());
        assertEquals(null, Verification.belowItsBound(counts, u, 12.5, names), "a value a sum of −log p can take");
        Objective normal = objective("data y\nparam μ\nparam σ > 0\ny ~ Normal(μ, σ)\n");
        assertEquals(null, Verification.belowItsBound(normal, new double[] {0, -40}, -300, List.of("μ", "σ")),
                "a density, unlike a probability, may exceed 1");
    }

    private static Objective objective(String text) {
        return Compiler.compile(new SourceFile("model.mle", text), Map.of()).objective();
    }
}
