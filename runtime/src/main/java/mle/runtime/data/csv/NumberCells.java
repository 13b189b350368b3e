package mle.runtime.data.csv;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import mle.runtime.data.DataException;

import java.util.Locale;
import java.util.Set;

/**
 * The numbers a data cell may hold, and the explanation when it holds something else.
 *
 * <p>Accepted: what R, pandas and Excel write for a finite number, with blanks or tabs around it:
 * {@code 1}, {@code -2.5}, {@code +3}, {@code .5}, {@code 5.}, {@code 1e-3}, {@code 1E+05}. Rejected:
 * everything else, notably what {@link Double#parseDouble} would also take (hexadecimal {@code 0x1p4},
 * the suffixes in {@code 1d} and {@code 2f}, {@code NaN}, {@code Infinity}), decimal commas, and digits
 * outside ASCII.
 *
 * <p>The one grammar for numbers in data: CSV files read here and text columns read by Spark.
 *
 * <p>One pass checks the syntax and gathers the digits. Most data have at most 16 significant digits and a
 * small exponent; such a number is an exact double divided or multiplied by an exact power of ten, and one
 * IEEE division or multiplication rounds that correctly (Clinger's fast path). Everything else (17 digits
 * from Double.toString, large exponents) goes to FastDoubleParser, which also rounds correctly.
 */
public final class NumberCells {
    private NumberCells() {}

    /** 10^0 … 10^22: the powers of ten that are exact doubles. */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];
    static {
        double p = 1;
        for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++, p *= 10) EXACT_POWERS_OF_TEN[i] = p;
    }
    private static final long TWO_TO_53 = 1L << 53;

    /**
     * The value of the cell {@code buf[offset, offset + length)}, or NaN when the cell is not a finite
     * number in the accepted syntax. NaN is unambiguous: the text "NaN" itself is rejected. The caller
     * explains a NaN with {@link #explain}, off the fast path.
     */
    static double parse(char[] buf, int offset, int length) {
        int start = offset;
        int end = offset + length;
        while (start < end && isBlank(buf[start])) start++;
        while (end > start && isBlank(buf[end - 1])) end--;
        if (end - start >= 2 && buf[start] == '"' && buf[end - 1] == '"') {
            // A blank before the opening quote keeps a quote from being CSV syntax: 1, "2" holds the text "2".
            start++;
            end--;
            while (start < end && isBlank(buf[start])) start++;
            while (end > start && isBlank(buf[end - 1])) end--;
        }

        // [+-] digits [. digits] [(e|E) [+-] digits], at least one digit before the exponent.
        int i = start;
        boolean negative = false;
        if (i < end && (buf[i] == '-' || buf[i] == '+')) negative = buf[i++] == '-';
        long significand = 0;       // wraps for more than 18 digits, but is then not used
        int digits = 0;
        int fractionDigits = 0;
        for (; i < end; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) break;
            significand = 10 * significand + d;
            digits++;
        }
        if (i < end && buf[i] == '.') {
            int first = ++i;
            for (; i < end; i++) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) break;
                significand = 10 * significand + d;
            }
            fractionDigits = i - first;
            digits += fractionDigits;
        }
        if (digits == 0) return Double.NaN;
        int exponent = 0;
        if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && (buf[i] == '-' || buf[i] == '+')) negativeExponent = buf[i++] == '-';
            int first = i;
            for (; i < end; i++) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) break;
                if (exponent < 100_000) exponent = 10 * exponent + d;
            }
            if (i == first) return Double.NaN;
            if (negativeExponent) exponent = -exponent;
        }
        if (i != end) return Double.NaN;

        if (digits <= 18 && significand <= TWO_TO_53) {
            int power = exponent - fractionDigits;
            double exact = significand;
            if (power >= 0 && power <= 22) {
                double value = exact * EXACT_POWERS_OF_TEN[power];
                if (!Double.isInfinite(value)) return negative ? -value : value;
            } else if (power < 0 && power >= -22) {
                double value = exact / EXACT_POWERS_OF_TEN[-power];
                return negative ? -value : value;
            }
        }
        double value = JavaDoubleParser.parseDouble(buf, start, end - start);
        return Double.isInfinite(value) ? Double.NaN : value;
    }

    /**
     * The common cell read straight from a file's bytes, as the cell is found: [+-] digits [. digits] [(e|E) [+-]
     * digits] with at most 18 digits, an exponent of at most 3 digits and no blanks, ended by a byte marked in {@code
     * ends} (which must include the line end, so the scan stops within the line). Its value is the one {@link
     * #parse(char[], int, int)} gives the same text (Clinger's fast path, the same arithmetic), put in {@code
     * value[0]}. Returns the position of the ending byte, or −1 for any other cell, which the caller then reads with
     * {@link #parse(char[], int, int)}: so this path decides nothing that one would decide differently.
     */
    static int parseSimple(byte[] buf, int i, boolean[] ends, double[] value) {
        boolean negative = false;
        byte b = buf[i];
        if (b == '-' || b == '+') {
            negative = b == '-';
            i++;
        }
        long significand = 0;
        int digits = 0, d;
        while ((d = buf[i] - '0') >= 0 && d <= 9) {
            significand = 10 * significand + d;
            i++;
            digits++;
        }
        int fractionDigits = 0;
        if (buf[i] == '.') {
            int first = ++i;
            while ((d = buf[i] - '0') >= 0 && d <= 9) {
                significand = 10 * significand + d;
                i++;
            }
            fractionDigits = i - first;
            digits += fractionDigits;
        }
        if (digits == 0 || digits > 18 || significand > TWO_TO_53) return -1;
        int exponent = 0;
        if (buf[i] == 'e' || buf[i] == 'E') {
            i++;
            boolean negativeExponent = false;
            if (buf[i] == '-' || buf[i] == '+') negativeExponent = buf[i++] == '-';
            int first = i;
            while ((d = buf[i] - '0') >= 0 && d <= 9 && i - first < 3) {
                exponent = 10 * exponent + d;
                i++;
            }
            if (i == first || (d >= 0 && d <= 9)) return -1;   // no digits, or more than 3
            if (negativeExponent) exponent = -exponent;
        }
        if (!ends[buf[i] & 0xff]) return -1;
        int power = exponent - fractionDigits;
        double exact = significand, v;
        if (power >= 0 && power <= 22) v = exact * EXACT_POWERS_OF_TEN[power];   // below 2⁵³·10²², never infinite
        else if (power < 0 && power >= -22) v = exact / EXACT_POWERS_OF_TEN[-power];
        else return -1;
        value[0] = negative ? -v : v;
        return i;
    }

    /** The value of a whole string, or NaN (see {@link #parse(char[], int, int)}). */
    public static double parse(String cell) {
        return parse(cell.toCharArray(), 0, cell.length());
    }

    private static boolean isBlank(char c) { return c == ' ' || c == '\t'; }

    private static boolean isAsciiDigit(char c) { return c >= '0' && c <= '9'; }

    /** [+-] digits [. digits] [(e|E) [+-] digits], with at least one digit before the exponent. */
    private static boolean isDecimal(char[] b, int i, int end) {
        if (i < end && (b[i] == '+' || b[i] == '-')) i++;
        int digits = 0;
        while (i < end && isAsciiDigit(b[i])) { i++; digits++; }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && isAsciiDigit(b[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) i++;
            int exponentDigits = 0;
            while (i < end && isAsciiDigit(b[i])) { i++; exponentDigits++; }
            if (exponentDigits == 0) return false;
        }
        return i == end;
    }

    private static boolean isDecimal(String s) { return isDecimal(s.toCharArray(), 0, s.length()); }

    /** Why a cell was rejected: the problem (without location) and what to do. */
    public record Rejection(DataException.Kind kind, String problem, String hint) {}

    private static final Set<String> MISSING_MARKERS = Set.of(
            "na", "n/a", "#n/a", "nan", "-nan", "null", "none", "nil", "missing", "<na>", ".", "?", "-", "--");
    private static final Set<String> INFINITY_MARKERS = Set.of(
            "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "1.#inf", "-1.#inf", "#div/0!", "∞", "-∞", "+∞");

    private static final String MISSING_HINT =
            "Fill in the value, or leave out the rows with missing values (--drop-incomplete).";

    /** Whether a cell's text marks a missing value (empty, NA, NaN, null, ., …), as R, pandas and Excel write them. */
    public static boolean isMissing(String cell) {
        String text = strip(cell);
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) text = strip(text.substring(1, text.length() - 1));
        return text.isEmpty() || MISSING_MARKERS.contains(text.toLowerCase(Locale.ROOT));
    }

    /**
     * Explains a cell that {@link #parse} rejected. {@code separator} is the file's field separator, for the
     * decimal-comma hint.
     */
    public static Rejection explain(String cell, char separator) {
        String text = strip(cell);
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = strip(text.substring(1, text.length() - 1));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return new Rejection(DataException.Kind.MISSING_VALUE, "the cell is empty (a missing value)", MISSING_HINT);
        }
        if (MISSING_MARKERS.contains(lower)) {
            return new Rejection(DataException.Kind.MISSING_VALUE, quote(cell) + " marks a missing value", MISSING_HINT);
        }
        if (INFINITY_MARKERS.contains(lower)) {
            return new Rejection(DataException.Kind.NOT_FINITE, quote(cell) + " is infinite",
                    "Only finite numbers can be fitted: correct the value or remove the row.");
        }
        if (isDecimal(text)) {
            // The syntax is fine, so the conversion overflowed: 1e400.
            return new Rejection(DataException.Kind.NOT_FINITE, quote(cell) + " is too large for a double (beyond ±1.8e308)",
                    "Rescale the column (for example, use thousands) or correct the value.");
        }
        int commas = (int) text.chars().filter(c -> c == ',').count();
        if (commas == 1 && text.indexOf('.') < 0 && isDecimal(text.replace(',', '.'))) {
            String asPoint = text.replace(',', '.');
            String hint = separator == ','
                    ? "Write decimals with a point (" + asPoint + "); in this file a comma separates fields."
                    : "Write decimals with a point (" + asPoint + ").";
            return new Rejection(DataException.Kind.NOT_A_NUMBER, quote(cell) + " is not a number: it has a decimal comma", hint);
        }
        if (commas >= 1 && isDecimal(text.replace(",", ""))) {
            return new Rejection(DataException.Kind.NOT_A_NUMBER, quote(cell) + " is not a number: it has thousands separators",
                    "Write the number without them (" + text.replace(",", "") + ").");
        }
        if (lower.equals("true") || lower.equals("false")) {
            return new Rejection(DataException.Kind.NOT_A_NUMBER, quote(cell) + " is a logical value, not a number",
                    "Write 1 for true and 0 for false.");
        }
        if (lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")) {
            return new Rejection(DataException.Kind.NOT_A_NUMBER, quote(cell) + " is written in hexadecimal",
                    "Write the number in decimal.");
        }
        if (text.indexOf('\u2212') >= 0) {
            return new Rejection(DataException.Kind.NOT_A_NUMBER, quote(cell) + " has the typographic minus sign −",
                    "Write the minus sign as the ASCII hyphen -.");
        }
        if (text.codePoints().anyMatch(c -> Character.isDigit(c) && (c < '0' || c > '9'))) {
            return new Rejection(DataException.Kind.NOT_A_NUMBER, quote(cell) + " has digits that are not the ASCII digits 0-9",
                    "Write the number with the digits 0-9.");
        }
        return new Rejection(DataException.Kind.NOT_A_NUMBER, quote(cell) + " is not a number",
                "Write a plain decimal number such as 3, -2.5 or 1e-3.");
    }

    private static String strip(String s) {
        int start = 0, end = s.length();
        while (start < end && isBlank(s.charAt(start))) start++;
        while (end > start && isBlank(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    /** The cell in double quotes, shortened when long, with control characters made visible. */
    static String quote(String cell) {
        String shown = cell.length() > 40 ? cell.substring(0, 37) + "..." : cell;
        StringBuilder q = new StringBuilder("\"");
        shown.codePoints().forEach(c -> {
            if (c == '\t') q.append("\\t");
            else if (c == '\r') q.append("\\r");
            else if (c == '\n') q.append("\\n");
            else if (Character.isISOControl(c)) q.append(String.format("\\u%04x", c));
            else q.appendCodePoint(c);
        });
        return q.append('"').toString();
    }
}
