package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Double-double arithmetic against BigDecimal at 50 digits: about 31 correct digits for each operation. */
class DoubleDoubleTest {
    static final MathContext MC = new MathContext(50);

    static BigDecimal exact(double hi, double lo) { return new BigDecimal(hi).add(new BigDecimal(lo)); }

    static void close(BigDecimal expected, double[] got, String what) {
        BigDecimal error = exact(got[0], got[1]).subtract(expected).abs();
        BigDecimal bound = expected.abs().multiply(new BigDecimal("1e-30"));
        assertTrue(error.compareTo(bound) <= 0, what + ": error " + error + " of " + expected);
    }

    @Test
    void sumsProductsQuotientsAndPowersKeepAbout31Digits() {
        SplittableRandom random = new SplittableRandom(11);
        double[] out = new double[2];
        for (int k = 0; k < 2000; k++) {
            double ah = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-20, 20));
            double al = ah * 0x1p-60 * random.nextDouble();
            double bh = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-20, 20));
            double bl = bh * 0x1p-60 * random.nextDouble();
            BigDecimal a = exact(ah, al), b = exact(bh, bl);
            DoubleDouble.multiply(ah, al, bh, bl, out);
            close(a.multiply(b, MC), out, "product");
            DoubleDouble.divide(ah, al, bh, bl, out);
            close(a.divide(b, MC), out, "quotient");
            DoubleDouble.add(ah, al, bh, bl, out);
            BigDecimal sum = a.add(b, MC);
            if (sum.abs().compareTo(a.abs().max(b.abs()).multiply(new BigDecimal("1e-10"))) > 0) close(sum, out, "sum");
            int power = random.nextInt(-10, 11);
            DoubleDouble.power(ah, al, power, out);
            close(power >= 0 ? a.pow(power, MC) : BigDecimal.ONE.divide(a.pow(-power, MC), MC), out, "power " + power);
        }
    }
}
