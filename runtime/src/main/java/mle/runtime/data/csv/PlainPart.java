package mle.runtime.data.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;

/**
 * A part of a plain file parsed from its bytes, without FastCSV and without decoding the text: the common case of a large
 * file at the speed of its bytes. Plain means: no quotes, line ends LF or CRLF, every line blank or with as many fields
 * as the header, every wanted cell a number. Anything else (a quote, a lone CR, a ragged line, a cell that is not a
 * number, a line longer than the buffer) is left to {@link ColumnCollector}, which reads the part again with FastCSV and
 * says what is wrong. Bytes that are not ASCII can be in other columns only: in a wanted cell they make it no number.
 *
 * <p>The numbers are those of {@link NumberCells#parse(char[], int, int)}, the one grammar: the common cell read as it is
 * scanned ({@link NumberCells#parseSimple}), any other given its bytes as characters. The rows go into arrays of the
 * part's own, sized from the first chunk's lines, so the file is read once; rows are numbered as the collector numbers
 * a part's rows (its first line is 1).
 */
final class PlainPart implements ReadingInParts.PartRows {
    /** Bytes read at a time; a longer line is left to FastCSV. */
    private static final int CHUNK = 1 << 20;
    /** Room for this many rows at first; after the first chunk, for as many as the part's size suggests. */
    private static final int INITIAL_ROWS = 1 << 14;

    private final int[] slotOfField;
    private final int headerFields;
    private final byte separator;
    private final double[][] values;

    private int rows, capacity = INITIAL_ROWS;
    private long line = 1;      // the line being read, counted from the part's start
    private int[] lineOfRow;    // null while row r is on line r + 1
    private char[] cell;        // a cell for the general grammar, its bytes as characters: as long as the buffer
    private final double[] parsed = new double[1];
    /** The bytes that end a field or are syntax: the separator, LF, CR and the quote. */
    private final boolean[] special = new boolean[256];

    private PlainPart(HeaderMatch match, int headerFields, char separator) {
        this.slotOfField = match.slotOfField();
        this.headerFields = headerFields;
        this.separator = (byte) separator;
        this.values = new double[match.slots()][capacity];
        for (char c : new char[] {separator, '\n', '\r', '"'}) special[c] = true;
    }

    /**
     * The bytes [from, to) of the file parsed into arrays of the part's own, or null where the part is not plain.
     */
    static PlainPart parse(FileChannel channel, long from, long to, HeaderMatch match, int headerFields, char separator)
            throws IOException {
        PlainPart part = new PlainPart(match, headerFields, separator);
        return part.read(channel, from, to) ? part : null;
    }

    private boolean read(FileChannel channel, long from, long to) throws IOException {
        // One byte more than is read: room for the line end the file's last line may lack.
        byte[] buf = new byte[(int) Math.min(CHUNK, to - from + 1) + 1];
        cell = new char[buf.length];
        int kept = 0;   // the start of an unfinished line, moved to the buffer's start
        for (long at = from; at < to; ) {
            int n = channel.read(ByteBuffer.wrap(buf, kept, (int) Math.min(buf.length - 1 - kept, to - at)), at);
            if (n <= 0) return false;   // the file shrank while read
            at += n;
            int limit = kept + n;
            int end = limit;
            if (at < to) {
                while (end > 0 && buf[end - 1] != '\n') end--;
                if (end == 0) return false;   // a line longer than the buffer
            } else if (buf[end - 1] != '\n') {
                if (buf[end - 1] == '\r') return false;   // a lone CR at the end of the file
                buf[end++] = '\n';
            }
            if (!lines(buf, end)) return false;
            if (at - from == n && at < to && rows > 0) {
                // After the first chunk: room for the rows the rest of the part likely holds, in one step.
                ensure((long) ((double) rows * (to - from) / end * 1.05) + 16);
            }
            kept = limit - end;
            if (kept > 0) System.arraycopy(buf, end, buf, 0, kept);
        }
        return true;
    }

    /** Parses the lines of buf[0, end), each ending with LF. */
    private boolean lines(byte[] buf, int end) {
        boolean[] special = this.special;
        int i = 0;
        while (i < end) {
            if (rows == capacity) ensure(capacity + (capacity >> 1));
            int lineStart = i, fields = 0, firstEnd = -1;
            boolean numbers = true;
            while (true) {
                int slot = fields < slotOfField.length ? slotOfField[fields] : -1;
                if (slot >= 0) {
                    int next = NumberCells.parseSimple(buf, i, special, parsed);
                    if (next >= 0) {
                        values[slot][rows] = parsed[0];
                        i = next;
                    } else {
                        // The general grammar (blanks, many digits, large exponents, or no number at all).
                        int length = 0;
                        for (byte c; !special[(c = buf[i]) & 0xff]; i++) cell[length++] = (char) (c & 0xff);
                        double value = NumberCells.parse(cell, 0, length);
                        numbers &= value == value;
                        values[slot][rows] = value;
                    }
                } else {
                    while (!special[buf[i] & 0xff]) i++;   // stops at the line's LF at the latest
                }
                byte b = buf[i];
                if (b == '"' || b == '\r' && buf[i + 1] != '\n') return false;   // a lone CR ends a line for FastCSV
                if (fields == 0) firstEnd = i;
                fields++;
                i += b == '\r' ? 2 : 1;
                if (b != separator) break;
            }
            if (fields == 1 && isBlank(buf, lineStart, firstEnd)) {
                // A blank line, skipped: the rows after it are on later lines.
                if (lineOfRow == null) {
                    lineOfRow = new int[capacity];
                    for (int r = 0; r < rows; r++) lineOfRow[r] = r + 1;
                }
            } else {
                if (fields != headerFields || !numbers) return false;
                if (lineOfRow != null) lineOfRow[rows] = Math.toIntExact(line);
                rows++;
            }
            line++;
        }
        return true;
    }

    /** Room for at least {@code wanted} rows (an array's limit at most). */
    private void ensure(long wanted) {
        if (wanted <= capacity) return;
        capacity = (int) Math.min(wanted, Integer.MAX_VALUE - 8);
        if (capacity <= rows) throw new IllegalStateException("a part of the file has more rows than an array holds");
        for (int s = 0; s < values.length; s++) values[s] = Arrays.copyOf(values[s], capacity);
        if (lineOfRow != null) lineOfRow = Arrays.copyOf(lineOfRow, capacity);
    }

    private static boolean isBlank(byte[] buf, int from, int to) {
        for (int k = from; k < to; k++) if (buf[k] != ' ' && buf[k] != '\t') return false;
        return true;
    }

    @Override
    public int rows() { return rows; }

    @Override
    public long lines() { return line - 1; }

    @Override
    public double[][] values() { return values; }

    @Override
    public long lineOf(int row) { return lineOfRow == null ? row + 1 : lineOfRow[row]; }

    @Override
    public List<Long> dropped() { return List.of(); }

    @Override
    public boolean sawQuote() { return false; }
}
