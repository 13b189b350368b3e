package mle.compiler.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import mle.compiler.ir.Functions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Functions.lgamma, Functions.polygamma(0..2, x), erf, erfc and log erfc against scipy.special (gammaln, digamma,
 * polygamma, erf, erfc, log_ndtr) and mpmath at 60 digits, from reference/special_functions.csv (written by reference/distributions.py).
 * Tolerance 1e-12 relative, absolute where |value| ≤ 1 (near the zeros of lgamma at 1 and 2 and of
 * digamma at 1.4616…, where a relative bound would demand more than the formulas' absolute accuracy).
 */
class SpecialFunctionsTest {
    private static final double TOLERANCE = 1e-12;

    @TestFactory
    Stream<DynamicTest> matchesReference() {
        return ReferenceData.read("special_functions.csv").stream().map(f -> {
            String function = f[0];
            int order = f[1].isEmpty() ? -1 : Integer.parseInt(f[1]);
            double x = Double.parseDouble(f[2]);
            double scipy = Double.parseDouble(f[3]);
            double exact = Double.parseDouble(f[4]);
            String name = function + (order >= 0 ? "(" + order + ", " : "(") + x + ")";
            return DynamicTest.dynamicTest(name, () -> {
                double actual = switch (function) {
                    case "lgamma" -> Functions.lgamma(x);
                    case "erf" -> Functions.erf(x);
                    case "erfc" -> Functions.erfc(x);
                    case "log_erfc" -> Functions.logErfc(x);
                    default -> Functions.polygamma(order, x);
                };
                // The error functions are held to relative accuracy everywhere, erfc(26) ≈ 6e-296 included.
                boolean relative = function.startsWith("erf") || function.equals("log_erfc");
                double tolerance = TOLERANCE * (relative ? Math.abs(exact) : Math.max(Math.abs(exact), 1));
                assertEquals(exact, actual, tolerance, () -> name + " against mpmath");
                assertEquals(scipy, actual, tolerance + Math.abs(scipy - exact), () -> name + " against scipy");
            });
        });
    }
}
