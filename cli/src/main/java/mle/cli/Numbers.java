package mle.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers for people: a given count of significant digits, plain where short, scientific where not. */
final class Numbers {
    private Numbers() {}

    static String sig(double v, int digits) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (v == 0) return "0";
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String text = exponent < -4 || exponent >= 9 ? scientific(rounded) : rounded.stripTrailingZeros().toPlainString();
        return text.startsWith("-") ? "−" + text.substring(1) : text;
    }

    /** d.ddd e±x, whatever the size (BigDecimal.toString switches only below 1e-6). */
    private static String scientific(BigDecimal v) {
        BigDecimal stripped = v.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        int exponent = stripped.precision() - stripped.scale() - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (stripped.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
    }
}
