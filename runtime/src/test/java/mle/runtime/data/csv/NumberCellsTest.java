package mle.runtime.data.csv;

import mle.runtime.data.DataException;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumberCellsTest {

    private static void accepts(double expected, String cell) {
        double actual = NumberCells.parse(cell);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                cell + " should be " + expected + " but is " + actual);
    }

    private static void rejects(String cell, DataException.Kind kind) {
        assertTrue(Double.isNaN(NumberCells.parse(cell)), cell + " should be rejected");
        assertEquals(kind, NumberCells.explain(cell, ',').kind(), cell);
    }

    @Test
    void whatRPandasAndExcelWrite() {
        accepts(1, "1");
        accepts(-2.5, "-2.5");
        accepts(0.001, "1e-3");
        accepts(3, "+3");
        accepts(4, " 4 ");
        accepts(4, "\t4\t");
        accepts(100000, "1e+05");
        accepts(1.5e-7, "1.5E-07");
        accepts(0.5, ".5");
        accepts(5, "5.");
        accepts(-0.0, "-0");
        accepts(0.0, "0.000");
        accepts(7, "007");
        accepts(12345678901234567890.0, "12345678901234567890");
        accepts(0.0, "1e-400");    // underflows to zero, as Double.parseDouble does
    }

    @Test
    void theJavaOnlySyntaxAndOtherTextIsRejected() {
        for (String cell : List.of("0x10", "0x1p4", "1d", "2f", "1.0D", "1e", "e5", "1e+", ".", "+", "-", "1.2.3",
                "1 2", "1_000", "abc", "١٢", "１２", "\u22122", "1,5", "1,234.5", "TRUE", "$5", "5%", "--1", "+-1")) {
            assertTrue(Double.isNaN(NumberCells.parse(cell)), cell + " should be rejected");
        }
        rejects("0x10", DataException.Kind.NOT_A_NUMBER);
        rejects("١٢", DataException.Kind.NOT_A_NUMBER);
        rejects("1,5", DataException.Kind.NOT_A_NUMBER);
        rejects("NaN", DataException.Kind.MISSING_VALUE);
        rejects("NA", DataException.Kind.MISSING_VALUE);
        rejects("", DataException.Kind.MISSING_VALUE);
        rejects("Infinity", DataException.Kind.NOT_FINITE);
        rejects("-inf", DataException.Kind.NOT_FINITE);
        rejects("1e309", DataException.Kind.NOT_FINITE);
        rejects("-1e309", DataException.Kind.NOT_FINITE);
    }

    @Test
    void explanationsNameTheTroubleAndTheFix() {
        assertTrue(NumberCells.explain("0x10", ',').problem().contains("hexadecimal"));
        assertTrue(NumberCells.explain("١٢", ',').problem().contains("ASCII digits"));
        assertTrue(NumberCells.explain("\u22122", ',').hint().contains("-"));
        assertTrue(NumberCells.explain("1,5", ',').hint().contains("1.5"));
        assertTrue(NumberCells.explain("1,234,567", ',').problem().contains("thousands"));
        assertTrue(NumberCells.explain("TRUE", ',').hint().contains("1 for true"));
        assertTrue(NumberCells.explain("a\tb", ',').problem().contains("\"a\\tb\""), "control characters are shown");
        assertTrue(NumberCells.explain("x".repeat(100), ',').problem().length() < 80, "long cells are shortened");
    }

    @Test
    void doubleToStringRoundTripsExactly() {
        List<Double> tricky = List.of(0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e23, 9007199254740993.0, 4.35, 2.675,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 2.2250738585072011e-308, 2.2250738585072012e-308,
                Double.MAX_VALUE, -Double.MAX_VALUE, Math.PI, Math.E, 123456789012345678.0, 5e-324, 1.7976931348623157e308,
                Math.nextUp(1.0), Math.nextDown(1.0), 0.0, -0.0);
        for (double v : tricky) accepts(v, Double.toString(v));
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < 30_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) continue;
            accepts(v, Double.toString(v));
            accepts(v, String.format(Locale.ROOT, "%.17g", v));       // what R's format(digits = 17) and %.17g write
            if (i % 10 == 0) accepts(v, new BigDecimal(v).toString()); // the exact decimal, up to 767 digits
        }
        for (int i = 0; i < 30_000; i++) {
            double v = random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30));
            accepts(v, Double.toString(v));
            accepts(v, String.format(Locale.ROOT, "%.17e", v));
        }
    }

    @Test
    void theFastPathForShortDecimalsRoundsLikeDoubleParseDouble() {
        // Up to 18 digits and exponents around ±22: the range where NumberCells divides or multiplies by an exact
        // power of ten itself, and just beyond it, where it hands over to FastDoubleParser.
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            int digits = random.nextInt(1, 19);
            String mantissa = Long.toString(random.nextLong(1, (long) Math.pow(10, digits)));
            int point = random.nextInt(0, mantissa.length() + 1);
            String decimal = mantissa.substring(0, point) + "." + mantissa.substring(point);
            String cell = random.nextBoolean() ? decimal : decimal + "e" + random.nextInt(-26, 27);
            if (random.nextInt(4) == 0) cell = "-" + cell;
            accepts(Double.parseDouble(cell), cell);
        }
        accepts(9007199254740992.0, "9007199254740992");
        accepts(9007199254740992.0, "9007199254740993");     // 2^53 + 1 is not a double: it rounds to even
        accepts(1e22, "1e22");
        accepts(1e23, "1e23");                               // not exact: handed over
        accepts(1.0, "0.0000000000000000000001e22");
    }

    @Test
    void shortDecimalsRoundCorrectly() {
        // Halfway and near-halfway cases that a naive digit-by-digit conversion gets wrong.
        for (String s : List.of("9007199254740993", "9007199254740992.5", "1.00000000000000011102230246251565404236316680908203125",
                "1.00000000000000011102230246251565404236316680908203124", "2.2250738585072011e-308", "0.1e-307",
                new BigDecimal(Double.MAX_VALUE).toBigInteger().toString(),
                "0." + "0".repeat(400) + "1", "1" + "0".repeat(300) + "e-300")) {
            accepts(Double.parseDouble(s), s);
        }
    }

    /**
     * The scan of a file's bytes takes the common cells itself and hands every other back: where it takes one, the
     * value is the general grammar's to the bit, and it ends at the byte after the cell.
     */
    @Test
    void theScanOfBytesAgreesWithTheGrammarOrHandsTheCellBack() {
        boolean[] ends = new boolean[256];
        for (char c : new char[] {',', '\n', '\r', '"'}) ends[c] = true;
        SplittableRandom random = new SplittableRandom(11);
        String[] pieces = {"0", "1", "9", "5", ".", "-", "+", "e", "E", " ", "x", "7", "3", "00"};
        int taken = 0;
        for (int i = 0; i < 200_000; i++) {
            String cell;
            if (i % 2 == 0) {
                StringBuilder b = new StringBuilder();
                for (int k = random.nextInt(1, 12); k > 0; k--) b.append(pieces[random.nextInt(pieces.length)]);
                cell = b.toString();
            } else {
                double v = random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30));
                cell = switch (i % 3) {
                    case 0 -> Double.toString(v);
                    case 1 -> String.format(Locale.ROOT, "%.9g", v);
                    default -> String.format(Locale.ROOT, "%." + random.nextInt(0, 19) + "f", v);
                };
            }
            byte[] line = (cell + (random.nextBoolean() ? "," : "\n")).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            double[] value = {Double.NaN};
            int end = NumberCells.parseSimple(line, 0, ends, value);
            if (end < 0) continue;
            taken++;
            assertEquals(cell.length(), end, cell);
            assertEquals(Double.doubleToRawLongBits(NumberCells.parse(cell)), Double.doubleToRawLongBits(value[0]), cell);
        }
        assertTrue(taken > 50_000, "the common cells are taken: " + taken);
        double[] value = new double[1];
        for (String handedBack : List.of(" 1,", "1 ,", "1e1234,", "1234567890123456789,", "1e-30,", "., ", "e5,", "1e,", "0x1,")) {
            byte[] line = handedBack.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            line[line.length - 1] = '\n';
            assertEquals(-1, NumberCells.parseSimple(line, 0, ends, value), handedBack);
        }
    }
}
