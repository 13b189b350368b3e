package mle.runtime.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The double-double sums of the tall least-squares path, taken in groups and stretches of rows on every core, are the
 * sums row by row of the blocks added in block order, bit for bit, whatever the number of cores; and they are the exact
 * sums (BigDecimal) to double-double accuracy.
 */
class TallSumsTest {
    /** Values over 2⁻⁶⁰…2⁶⁰, of both signs, with exact zeros, negative zeros, whole numbers and near-cancelling pairs. */
    private static double awkward(SplittableRandom random, int i) {
        return switch (random.nextInt(8)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> random.nextInt(-1000, 1000);
            case 3 -> (i % 2 == 0 ? 1 : -1) * (1 + 0x1p-50 * random.nextInt(4));
            default -> Math.scalb(random.nextDouble(-1, 1), random.nextInt(-60, 61));
        };
    }

    private static double[][] columns(SplittableRandom random, int p, int rows) {
        double[][] x = new double[p][rows];
        for (double[] column : x) for (int i = 0; i < rows; i++) column[i] = awkward(random, i);
        return x;
    }

    /** The sums as they are defined: one accumulator per sum, row by row in each block, the blocks' sums added in order. */
    private static double[] rowByRow(double[][] hi, double[][] lo, double[] scale) {
        int width = hi.length, rows = hi[0].length, pairs = width * (width + 1) / 2;
        boolean exact = true;
        for (double[] l : lo) for (double v : l) exact &= v == 0;
        DoubleDouble.Accumulator[] total = new DoubleDouble.Accumulator[pairs];
        for (int k = 0; k < pairs; k++) total[k] = new DoubleDouble.Accumulator();
        for (int from = 0; from < rows; from += TallLeastSquares.BLOCK) {
            DoubleDouble.Accumulator[] block = new DoubleDouble.Accumulator[pairs];
            for (int k = 0; k < pairs; k++) block[k] = new DoubleDouble.Accumulator();
            for (int i = from; i < Math.min(rows, from + TallLeastSquares.BLOCK); i++) {
                for (int a = 0, k = 0; a < width; a++) {
                    for (int c = a; c < width; c++, k++) {
                        double fa = 1 / scale[a], fc = 1 / scale[c];
                        if (exact) block[k].addProduct(hi[a][i] * fa, 0, hi[c][i] * fc, 0);
                        else block[k].addProduct(hi[a][i] * fa, lo[a][i] * fa, hi[c][i] * fc, lo[c][i] * fc);
                    }
                }
            }
            for (int k = 0; k < pairs; k++) total[k].add(block[k].hi, block[k].lo);
        }
        double[] out = new double[2 * pairs];
        for (int k = 0; k < pairs; k++) {
            out[2 * k] = total[k].hi;
            out[2 * k + 1] = total[k].lo;
        }
        return out;
    }

    private static double[] withResponse(double[] scale) {
        double[] s = java.util.Arrays.copyOf(scale, scale.length + 1);
        s[scale.length] = 1;
        return s;
    }

    private static double[][] withResponse(double[][] x, double[] b) {
        double[][] all = java.util.Arrays.copyOf(x, x.length + 1);
        all[x.length] = b;
        return all;
    }

    @Test
    void plainDataGiveTheSumsRowByRowBitForBit() throws Exception {
        SplittableRandom random = new SplittableRandom(20);
        // 3, 15 and 36 sums: groups of four full and padded; rows past whole blocks and stretches.
        for (int p : new int[] {1, 4, 7}) {
            int rows = 2 * TallLeastSquares.BLOCK + 1037;
            double[][] x = columns(random, p, rows);
            double[] b = columns(random, 1, rows)[0];
            double[] scale = new double[p];
            for (int j = 0; j < p; j++) scale[j] = Math.scalb(1.0, random.nextInt(-3, 4));
            Design d = Design.ofColumns(x, b);
            double[] expected = rowByRow(withResponse(x, b), withResponse(new double[p + 1][rows], new double[rows]), withResponse(scale));
            assertArrayEquals(expected, TallLeastSquares.crossSums(d, scale), "p = " + p);
            // One core gives the same bits as all of them.
            try (ForkJoinPool one = new ForkJoinPool(1)) {
                assertArrayEquals(expected, one.submit(() -> TallLeastSquares.crossSums(d, scale)).get(), "p = " + p + " on one core");
            }
        }
    }

    @Test
    void doubleDoubleDataGiveTheSumsRowByRowBitForBit() {
        SplittableRandom random = new SplittableRandom(21);
        for (int p : new int[] {2, 4}) {
            int rows = TallLeastSquares.BLOCK + 3001;
            double[][] hi = columns(random, p, rows), lo = new double[p][rows];
            double[] bHi = columns(random, 1, rows)[0], bLo = new double[rows];
            for (int j = 0; j < p; j++) for (int i = 0; i < rows; i++) lo[j][i] = hi[j][i] * 0x1p-60 * random.nextDouble(-1, 1);
            for (int i = 0; i < rows; i++) bLo[i] = bHi[i] * 0x1p-58 * random.nextDouble(-1, 1);
            double[] scale = new double[p];
            java.util.Arrays.fill(scale, 1);
            double[] expected = rowByRow(withResponse(hi, bHi), withResponse(lo, bLo), withResponse(scale));
            assertArrayEquals(expected, TallLeastSquares.crossSums(Design.ofParts(hi, lo, bHi, bLo), scale), "p = " + p);
        }
    }

    @Test
    void theSumsAreExactToDoubleDoubleAccuracy() {
        SplittableRandom random = new SplittableRandom(22);
        int p = 3, rows = 3 * TallLeastSquares.BLOCK + 11;
        double[][] x = columns(random, p, rows);
        double[] b = columns(random, 1, rows)[0];
        double[] scale = {1, 2, 0.5};
        double[] sums = TallLeastSquares.crossSums(Design.ofColumns(x, b), scale);
        double[][] all = withResponse(x, b);
        double[] factor = {1, 0.5, 2, 1};
        for (int a = 0, k = 0; a <= p; a++) {
            for (int c = a; c <= p; c++, k++) {
                BigDecimal exact = BigDecimal.ZERO, size = BigDecimal.ZERO;
                for (int i = 0; i < rows; i++) {
                    BigDecimal product = new BigDecimal(all[a][i] * factor[a]).multiply(new BigDecimal(all[c][i] * factor[c]));
                    exact = exact.add(product);
                    size = size.add(product.abs());
                }
                BigDecimal error = new BigDecimal(sums[2 * k]).add(new BigDecimal(sums[2 * k + 1])).subtract(exact).abs();
                // Each addition of a double-double sum errs by about 2⁻¹⁰⁴ of the sum so far: far below 2⁻⁸⁰ of Σ|products|.
                assertTrue(error.compareTo(size.multiply(new BigDecimal(0x1p-80))) <= 0, "sum " + k + " errs by " + error);
                assertEquals(exact.doubleValue(), sums[2 * k] + sums[2 * k + 1], Math.ulp(exact.doubleValue()), "sum " + k);
            }
        }
    }
}
