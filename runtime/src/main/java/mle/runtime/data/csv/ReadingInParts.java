package mle.runtime.data.csv;

import mle.runtime.data.DataTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;


/**
 * A large file read in parts, one per core: the header first, then the rest cut at line ends into parts that are
 * parsed at once and joined in file order, so the table is the one a reading from start to end gives. A file with
 * quotes (a cut could fall inside a quoted field), columns that may hold names, or anything a part cannot read
 * is read from start to end instead, which also reports any error with its line.
 */
final class ReadingInParts {
    /** Below this size one part is read as fast as several would be started. */
    private static final long MINIMUM_BYTES = 8L << 20;

    /** The table, or null where the file should be read from start to end. */
    static DataTable read(FileReading reading, char separator, int start) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2 || !reading.levelColumns().isEmpty()) return null;
        try (FileChannel channel = FileChannel.open(reading.file())) {
            long size = channel.size();
            if (size < MINIMUM_BYTES) return null;
            ByteBuffer window = ByteBuffer.allocate(1 << 16);
            channel.read(window, start);
            window.flip();
            long headerEnd = headerEnd(window, start);
            if (headerEnd < 0) return null;
            ColumnCollector header = new ColumnCollector(reading, separator);
            FileReading.feed(new InputStreamReader(part(channel, start, headerEnd), StandardCharsets.UTF_8), separator, header);
            if (!header.headerRead() || header.rows() > 0 || header.sawQuote() || header.headerFields() < 2
                    || header.match().slots() == 0) {
                return null;
            }
            long headerLines = header.headerLine();
            mle.runtime.Phases.ended("CSV: the header");
            // Cut at the first line end after each equal share of the bytes.
            long[] cuts = new long[cores + 1];
            cuts[0] = headerEnd;
            cuts[cores] = size;
            for (int k = 1; k < cores; k++) cuts[k] = Math.max(cuts[k - 1], lineEndAfter(channel, headerEnd + (size - headerEnd) * k / cores, size));
            // Each part into arrays of its own, in one reading of its bytes; the join puts them in file order.
            PartRows[] parts = new PartRows[cores];
            boolean[] failed = new boolean[1];
            IntStream.range(0, cores).parallel().forEach(k -> {
                if (cuts[k] == cuts[k + 1]) return;
                try {
                    parts[k] = PlainPart.parse(channel, cuts[k], cuts[k + 1], header.match(), header.headerFields(), separator);
                    if (parts[k] != null) return;
                    ColumnCollector c = new ColumnCollector(header);
                    FileReading.feed(new InputStreamReader(part(channel, cuts[k], cuts[k + 1]), StandardCharsets.UTF_8), separator, c);
                    c.partLines(lineCount(channel, cuts[k], cuts[k + 1]));
                    parts[k] = c;
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    synchronized (failed) { failed[0] = true; }
                }
            });
            if (failed[0]) return null;
            mle.runtime.Phases.ended("CSV: the parts parsed");
            return join(reading, header, parts, headerLines);
        } catch (IOException | RuntimeException e) {
            return null;   // read from start to end, which says what is wrong
        }
    }

    /**
     * The parts joined in file order, with each row's line counted from the file's start; null where there are no
     * rows or too many for an array.
     */
    private static DataTable join(FileReading reading, ColumnCollector header, PartRows[] parts, long headerLines) {
        long total = 0;
        for (PartRows c : parts) {
            if (c == null) continue;
            if (c.sawQuote()) return null;
            total += c.rows();
        }
        if (total == 0 || total > Integer.MAX_VALUE - 8) return null;
        int rows = (int) total;
        int[] base = new int[parts.length];
        for (int k = 1; k < parts.length; k++) base[k] = base[k - 1] + (parts[k - 1] == null ? 0 : parts[k - 1].rows());
        double[][] values = new double[header.match().slots()][];
        // Column by column, each part's array let go once copied: the join needs room for one more column, not a table.
        IntStream.range(0, values.length).parallel().forEach(s -> {
            double[] column = new double[rows];
            for (int k = 0; k < parts.length; k++) {
                if (parts[k] == null) continue;
                System.arraycopy(parts[k].values()[s], 0, column, base[k], parts[k].rows());
                parts[k].values()[s] = null;
            }
            values[s] = column;
        });
        int[] lineOfRow = null;
        List<Long> dropped = new ArrayList<>();
        long offset = headerLines;   // lines before the part
        for (int k = 0; k < parts.length; k++) {
            PartRows c = parts[k];
            if (c == null) continue;
            for (long line : c.dropped()) dropped.add(line + offset);
            for (int r = 0, at = base[k]; r < c.rows(); r++) {
                long line = offset + c.lineOf(r);
                if (lineOfRow == null && line != at + r + 2L) {
                    lineOfRow = new int[rows];
                    for (int q = 0; q < at + r; q++) lineOfRow[q] = q + 2;
                }
                if (lineOfRow != null) lineOfRow[at + r] = Math.toIntExact(line);
            }
            offset += c.lines();
        }
        double[][] columns = header.match().columns(values, rows);
        return DataTable.owning(header.match().outputNames(), columns, rows, reading.file(), lineOfRow,
                new LinkedHashMap<>(), dropped.stream().mapToLong(Long::longValue).toArray());
    }

    /** What a part's parsing gives the join: its rows (in the value arrays from the part's base), their lines, and so on. */
    interface PartRows {
        int rows();

        /** The line of row {@code row}, counted from the part's start (its first line is 1). */
        long lineOf(int row);

        /** The lines left out for a missing value, counted as {@link #lineOf} counts. */
        List<Long> dropped();

        /** Whether a field was quoted, which the cut into parts may have gone through. */
        boolean sawQuote();

        /** The part's lines: its line ends, and one more for a last line without one. */
        long lines();

        /** The part's arrays, one per parsed slot, its rows from index 0 (longer than its rows). */
        double[][] values();
    }

    /** The lines from {@code from} to {@code to}: its line ends, and one more for a last line without one. */
    private static long lineCount(FileChannel channel, long from, long to) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        byte[] bytes = buffer.array();
        long count = 0;
        byte last = '\n';
        try {
            for (long at = from; at < to; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
                int n = channel.read(buffer, at);
                if (n <= 0) break;
                for (int i = 0; i < n; i++) if (bytes[i] == '\n') count++;
                last = bytes[n - 1];
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return last == '\n' ? count : count + 1;
    }

    /** The byte after the first line with something on it (the header), or −1 when it is not in the window or has quotes. */
    private static long headerEnd(ByteBuffer window, long start) {
        boolean text = false;
        for (int i = 0; i < window.limit(); i++) {
            byte b = window.get(i);
            if (b == '"') return -1;
            if (b == '\n') {
                if (text) return start + i + 1;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                text = true;
            }
        }
        return -1;
    }

    /** The position after the first line end at or after {@code from}, or {@code size}. */
    private static long lineEndAfter(FileChannel channel, long from, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 14);
        for (long at = from; at < size; at += buffer.limit()) {
            buffer.clear();
            if (channel.read(buffer, at) <= 0) break;
            buffer.flip();
            for (int i = 0; i < buffer.limit(); i++) if (buffer.get(i) == '\n') return at + i + 1;
        }
        return size;
    }

    /** The bytes from {@code from} to {@code to} of the file, read by position: parts can be read at once. */
    private static InputStream part(FileChannel channel, long from, long to) {
        return new InputStream() {
            private long at = from;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= to) return -1;
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, to - at)), at);
                if (n > 0) at += n;
                return n;
            }
        };
    }
}
