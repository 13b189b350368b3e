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

    @Test
    void aQuotedLineEndIsReadWhole() throws IOException {
        Path file = write("quoted.csv", "\n", false, false, null, true);
        sameTable(CsvReader.readInOrder(file, List.of("x", "y"), Map.of(), false), CsvReader.read(file, List.of("x", "y"), Map.of()));
    }
}
