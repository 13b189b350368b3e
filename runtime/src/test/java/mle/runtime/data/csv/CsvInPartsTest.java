package mle.runtime.data.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file read in parts on every core gives the table that a reading from start to end gives: the same values,
 * rows, lines and dropped lines, with CRLF line ends, blank lines and missing values anywhere, including beside the
 * places where the file is cut; and an error is the same error, with its line.
 */
class CsvInPartsTest {
    @TempDir Path dir;
    private static final int ROWS = 330_000;

    /** About 10 MB of rows x,y,z,label with the given extras on some lines. */
    private Path write(String name, String lineEnd, boolean blanks, boolean missing, String badCell, boolean quoted) throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        StringBuilder csv = new StringBuilder("x,y,z,label").append(lineEnd);
        int rows = ROWS;
        for (int i = 0; i < rows; i++) {
            if (blanks && i % 9_973 == 5) csv.append("   ").append(lineEnd);
            String y = missing && i % 7_919 == 3 ? "NA" : String.format(Locale.ROOT, "%.9g", random.nextGaussian());
            if (badCell != null && i == rows - 3) y = badCell;
            String label = quoted && i == rows / 2 ? "\"a,\nb\"" : "r" + i;
            csv.append(i % 1000 * 0.5).append(',').append(y).append(',').append(random.nextInt(100)).append(',').append(label).append(lineEnd);
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        assertTrue(Files.size(file) > 8 << 20, "large enough to be read in parts");
        return file;
    }

    private static void sameTable(DataTable expected, DataTable actual) {
        assertEquals(expected.rowCount(), actual.rowCount());
        assertEquals(expected.columnNames(), actual.columnNames());
        for (int c = 0; c < expected.columnCount(); c++) assertArrayEquals(expected.column(c), actual.column(c), "column " + c);
        for (int r = 0; r < expected.rowCount(); r++) assertEquals(expected.lineOf(r), actual.lineOf(r), "line of row " + r);
        assertArrayEquals(expected.droppedLines(), actual.droppedLines());
    }

    @Test
    void aColumnThatMayHoldNamesIsReadAsNumbersUntilANameAppearsWhereverItIs() throws IOException {
        // g indexes a vector, so it may hold names: numbers are read as numbers (in parts), and one name anywhere, here
        // on the last line, makes every cell of g a level numbered in sorted order, as a reading that kept names does.
        for (String last : List.of("7", "late")) {
            StringBuilder csv = new StringBuilder("g,x\n");
            for (int i = 0; i < ROWS * 3; i++) csv.append(1 + i % 250).append(',').append(i * 0.25).append('\n');
            csv.append(last).append(",1\n");
            Path file = dir.resolve("groups-" + last + ".csv");
            Files.writeString(file, csv);
            assertTrue(Files.size(file) > 8 << 20, "large enough to be read in parts");
            DataTable keepingNames = CsvReader.readInOrder(file, List.of("g", "x"), Map.of(), java.util.Set.of("g"), false);
            DataTable read = CsvReader.read(file, List.of("g", "x"), Map.of(), java.util.Set.of("g"), false);
            sameTable(keepingNames, read);
            assertEquals(keepingNames.levels("g"), read.levels("g"));
            assertEquals(last.equals("late") ? 251 : -1, read.levels("g") == null ? -1 : read.levels("g").size());
        }
    }

    @Test
    void plainRowsWithRenamedAndRepeatedColumns() throws IOException {
        Path file = write("plain.csv", "\n", false, false, null, false);
        List<String> wanted = List.of("a", "y", "b");
        Map<String, String> rename = Map.of("a", "x", "b", "x");
        sameTable(CsvReader.readInOrder(file, wanted, rename, false), CsvReader.read(file, wanted, rename));
    }

    @Test
    void crlfBlankLinesAndDroppedRows() throws IOException {
        Path file = write("messy.csv", "\r\n", true, true, null, false);
        List<String> wanted = List.of("x", "y", "z");
        DataTable inOrder = CsvReader.readInOrder(file, wanted, Map.of(), true);
        assertTrue(inOrder.droppedLines().length > 20);
        sameTable(inOrder, CsvReader.read(file, wanted, Map.of(), java.util.Set.of(), true));
    }

    @Test
    void anErrorNearTheEndIsReportedWithItsLine() throws IOException {
        Path file = write("bad.csv", "\n", true, false, "1.2.3", false);
        DataException expected = assertThrows(DataException.class, () -> CsvReader.readInOrder(file, List.of("x", "y"), Map.of(), false));
        DataException actual = assertThrows(DataException.class, () -> CsvReader.read(file, List.of("x", "y"), Map.of()));
        assertEquals(expected.getMessage(), actual.getMessage());
        int bad = ROWS - 3, blanksBefore = 0;
        for (int i = 0; i <= bad; i++) if (i % 9_973 == 5) blanksBefore++;
        assertTrue(actual.getMessage().contains("line " + (2 + bad + blanksBefore)), actual.getMessage());
    }

    @Test
    void aPipeIsReadOnce() throws Exception {
        // A named pipe, as `--data <(command)` gives: it can be read only once, so not first for the separator.
        Path pipe = dir.resolve("rows.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(pipe, "x;y\n1;2\n3;4\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        DataTable table = CsvReader.read(pipe, List.of("x", "y"), Map.of());
        writer.join();
        assertEquals(2, table.rowCount());
        assertArrayEquals(new double[] {2, 4}, table.column("y"));
    }

    /** The bytes of a file as it is written, line by line with the given line end. */
    private Path bytes(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    /** About 10 MB of plain rows x,y,z,label: a byte-order mark, blank lines, names in UTF-8 and in Latin-1 bytes. */
    private Path plainMessy(String name, String lineEnd, boolean lastLineEnd) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(("x,y,z,label" + lineEnd).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < ROWS; i++) {
            if (i % 10_007 == 11) out.writeBytes((i % 2 == 0 ? "" : " \t ").concat(lineEnd).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String line = String.format(Locale.ROOT, "%s, %.9g ,%d,", i % 1000 * 0.5, random.nextGaussian(), random.nextInt(100));
            out.writeBytes(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (i % 3 == 0) out.writeBytes("Zürich".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            else if (i % 3 == 1) out.writeBytes(new byte[] {'Z', (byte) 0xFC, 'r'});   // Latin-1: not UTF-8, in a column no one reads
            else out.writeBytes(("r" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (lastLineEnd || i < ROWS - 1) out.writeBytes(lineEnd.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        Path file = bytes(name, out.toByteArray());
        assertTrue(Files.size(file) > 8 << 20, "large enough to be read in parts");
        return file;
    }

    @Test
    void plainFilesWithCrlfBlankLinesAndOtherTextAreTheSameTable() throws IOException {
        for (String lineEnd : List.of("\n", "\r\n")) {
            for (boolean last : new boolean[] {true, false}) {
                Path file = plainMessy("plain" + lineEnd.length() + last + ".csv", lineEnd, last);
                DataTable inOrder = CsvReader.readInOrder(file, List.of("y", "x"), Map.of(), false);
                assertEquals(ROWS, inOrder.rowCount());
                sameTable(inOrder, CsvReader.read(file, List.of("y", "x"), Map.of()));
            }
        }
    }

    @Test
    void errorsInAPlainFileAreTheSameErrors() throws IOException {
        // A ragged line, a lone CR, a cell that is no number, a quote: each part that holds one is read again with FastCSV.
        Path plain = write("plain.csv", "\n", false, false, null, false);
        String text = Files.readString(plain);
        int cut = text.length() * 3 / 4;
        int lineStart = text.indexOf('\n', cut) + 1;
        int lineEnd = text.indexOf('\n', lineStart);
        String line = text.substring(lineStart, lineEnd);
        for (String changed : List.of(line + ",extra", line.replace(",", "\r,"), line.replaceFirst(",[^,]*,", ",1e999,"),
                line.replaceFirst(",[^,]*,", ",abc,"), line.replaceFirst(",[^,]*,", ",,"))) {
            Path file = bytes("changed.csv", (text.substring(0, lineStart) + changed + text.substring(lineEnd))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            DataException expected = assertThrows(DataException.class, () -> CsvReader.readInOrder(file, List.of("x", "y"), Map.of(), false));
            DataException actual = assertThrows(DataException.class, () -> CsvReader.read(file, List.of("x", "y"), Map.of()));
            assertEquals(expected.getMessage(), actual.getMessage(), changed);
        }
    }

    /** The part of {@code text} after its header line, parsed by {@link PlainPart} into columns x and y; null where it declines. */
    private double[][] plainPart(String text) throws IOException {
        Path file = bytes("part.csv", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        FileReading reading = new FileReading(file, List.of("x", "y"), Map.of(), java.util.Set.of(), false);
        HeaderMatch match = new HeaderMatch(reading, List.of("x", "y", "z"), 1, ',');
        int from = text.indexOf('\n') + 1;
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            PlainPart part = PlainPart.parse(channel, from, Files.size(file), match, 3, ',');
            if (part == null) return null;
            double[][] rows = new double[3][part.rows()];
            for (int r = 0; r < part.rows(); r++) {
                rows[0][r] = part.values()[0][r];
                rows[1][r] = part.values()[1][r];
                rows[2][r] = part.lineOf(r);
            }
            return rows;
        }
    }

    @Test
    void aPlainPartIsParsedFromItsBytesAndDeclinesWhatIsNotPlain() throws IOException {
        double[][] rows = plainPart("x,y,z\n1.5, -2 ,a\r\n\n  \n3e2,.25,Zürich\n7,8,9");
        assertArrayEquals(new double[] {1.5, 300, 7}, rows[0]);
        assertArrayEquals(new double[] {-2, 0.25, 8}, rows[1]);
        assertArrayEquals(new double[] {1, 4, 5}, rows[2], "the lines of the rows, the part's first being 1");
        assertEquals(null, plainPart("x,y,z\n1,2,\"a\"\n"), "a quote");
        assertEquals(null, plainPart("x,y,z\n1,2,a\r3,4,b\n"), "a lone CR");
        assertEquals(null, plainPart("x,y,z\n1,2\n"), "a ragged line");
        assertEquals(null, plainPart("x,y,z\n1,NA,a\n"), "a missing value");
        assertEquals(null, plainPart("x,y,z\n1,２,a\n"), "a digit that is not ASCII");
        double[][] many = plainPart("x,y,z\n" + "1,2.5,a\n".repeat(50_000) + "3,-1e-3,b\n");
        assertEquals(50_001, many[0].length, "its arrays grow with its rows");
        assertEquals(-1e-3, many[1][50_000]);
        // Cells beyond the common form go through the general grammar, to the same bits.
        double[][] general = plainPart("x,y,z\n12345678901234567890,1e300,a\n 2 ,0.1234567890123456789,b\n");
        assertArrayEquals(new double[] {12345678901234567890.0, 2}, general[0]);
        assertArrayEquals(new double[] {1e300, 0.1234567890123456789}, general[1]);
    }

    @Test
    void aQuotedLineEndIsReadWhole() throws IOException {
        Path file = write("quoted.csv", "\n", false, false, null, true);
        sameTable(CsvReader.readInOrder(file, List.of("x", "y"), Map.of(), false), CsvReader.read(file, List.of("x", "y"), Map.of()));
    }
}
