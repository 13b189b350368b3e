package mle.runtime.data.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * A part of a plain file parsed from its bytes, without FastCSV and without decoding the text: the common case of a large
 * file at the speed of its bytes. Plain means: no quotes, line ends LF or CRLF, every line blank or with as many fields
 * as the header, every wanted cell a number. Anything else (a quote, a lone CR, a ragged line, a cell that is not a
 * number, a line longer than the buffer) is left to {@link ColumnCollector}, which reads the part again with FastCSV and
 * says what is wrong. Bytes that are not ASCII can be in other columns only: in a wanted cell they make it no number.
 *
 * <p>The numbers are those of {@link NumberCells#parse(char[], int, int)}, the one grammar, given the cell's bytes as
 * characters; rows are numbered as the collector numbers a part's rows (its first line is 1).
 */
final class PlainPart implements ReadingInParts.PartRows {
    /** Bytes read at a time; a longer line is left to FastCSV. */
    private static final int CHUNK = 1 << 20;

    private final int[] slotOfField;
    private final int headerFields;
    private final byte separator;
    private final double[][] values;
    private final int base, capacity;

    private int rows;
    private long line = 1;      // the line being read, counted from the part's start
    private int[] lineOfRow;    // null while row r is on line r + 1
    private char[] cell;        // a wanted cell's bytes as characters: as long as the buffer, the longest cell there is
    /** The bytes that end a field or are syntax: the separator, LF, CR and the quote. */
    private final boolean[] special = new boolean[256];

    private PlainPart(HeaderMatch match, int headerFields, char separator, double[][] values, int base, int capacity) {
        this.slotOfField = match.slotOfField();
        this.headerFields = headerFields;
        this.separator = (byte) separator;
        this.values = values;
        this.base = base;
        this.capacity = capacity;
        for (char c : new char[] {separator, '\n', '\r', '"'}) special[c] = true;
    }

    /**
     * The bytes [from, to) of the file parsed into {@code values[slot][base …]}, where {@code capacity} rows have room;
     * null where the part is not plain (the values it wrote are then to be overwritten).
     */
    static PlainPart parse(FileChannel channel, long from, long to, HeaderMatch match, int headerFields, char separator,
                           double[][] values, int base, int capacity) throws IOException {
        PlainPart part = new PlainPart(match, headerFields, separator, values, base, capacity);
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
            int lineStart = i, fields = 0, firstEnd = -1;
            boolean numbers = true;
            while (true) {
                int slot = fields < slotOfField.length ? slotOfField[fields] : -1;
                int length = 0;
                if (slot >= 0) {
                    // A wanted cell's bytes become characters as they are scanned: one pass over them.
                    for (byte c; !special[(c = buf[i]) & 0xff]; i++) cell[length++] = (char) (c & 0xff);
                } else {
                    while (!special[buf[i] & 0xff]) i++;   // stops at the line's LF at the latest
                }
                byte b = buf[i];
                if (b == '"' || b == '\r' && buf[i + 1] != '\n') return false;   // a lone CR ends a line for FastCSV
                if (slot >= 0) numbers &= number(length, slot);
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

    /** The cell's characters cell[0, length) parsed into the current row's slot; false when they are no number. */
    private boolean number(int length, int slot) {
        double value = NumberCells.parse(cell, 0, length);
        if (value != value || rows >= capacity) return false;
        values[slot][base + rows] = value;
        return true;
    }

    private static boolean isBlank(byte[] buf, int from, int to) {
        for (int k = from; k < to; k++) if (buf[k] != ' ' && buf[k] != '\t') return false;
        return true;
    }

    @Override
    public int rows() { return rows; }

    @Override
    public long lineOf(int row) { return lineOfRow == null ? row + 1 : lineOfRow[row]; }

    @Override
    public List<Long> dropped() { return List.of(); }

    @Override
    public boolean sawQuote() { return false; }
}
