package mle.runtime.data.csv;

import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        return bytes(content.getBytes(StandardCharsets.UTF_8));
    }

    private Path bytes(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "data", ".csv");
        Files.write(file, content);
        return file;
    }

    private static DataTable read(Path file, String... wanted) {
        return CsvReader.read(file, List.of(wanted));
    }

    /** Reads, expects a DataException of the kind, and checks what every message must have. */
    private static DataException fails(DataException.Kind kind, Path file, long line, String column, Runnable read) {
        DataException e = assertThrows(DataException.class, read::run);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        if (line > 0) assertTrue(message.contains("line " + line), message);
        if (column != null) assertTrue(message.contains("`" + column + "`"), message);
        assertTrue(e.hint() != null && e.hint().endsWith("."), "every error says what to do: " + message);
        assertFalse(message.contains("Exception") || message.contains("\tat ") || message.contains("\n"),
                "no stack trace or exception name in: " + message);
        return e;
    }

    private static void assertMentions(DataException e, String... words) {
        for (String w : words) assertTrue(e.getMessage().contains(w), "`" + w + "` missing in: " + e.getMessage());
    }

    // ---------------------------------------------------------------- reading

    @Test
    void readsWantedColumnsInTheGivenOrderAndIgnoresTheOthers() throws IOException {
        Path file = csv("id,name,x,y,comment\n1,alpha,0.5,2.5,\"any, text\"\n2,beta,1.5,3.5,NA\n");
        DataTable t = read(file, "y", "x");
        assertEquals(List.of("y", "x"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertArrayEquals(new double[] {2.5, 3.5}, t.column("y"));
        assertArrayEquals(new double[] {0.5, 1.5}, t.column("x"));
        assertEquals(file, t.source());
    }

    @Test
    void readAllReadsEveryColumn() throws IOException {
        DataTable t = CsvReader.readAll(csv("a,b\n1,2\n3,4\n"));
        assertEquals(List.of("a", "b"), t.columnNames());
        assertArrayEquals(new double[] {2, 4}, t.column("b"));
    }

    @Test
    void renameMapsADataNameToAnotherColumn() throws IOException {
        Path file = csv("size,price\n10,100.5\n20,200.25\n");
        DataTable t = CsvReader.read(file, List.of("x", "y"), Map.of("y", "price", "x", "size"));
        assertEquals(List.of("x", "y"), t.columnNames());
        assertArrayEquals(new double[] {100.5, 200.25}, t.column("y"));
        assertArrayEquals(new double[] {10, 20}, t.column("x"));
    }

    @Test
    void renameCanSwapColumnsAndShareOne() throws IOException {
        Path file = csv("x,y\n1,2\n");
        DataTable swapped = CsvReader.read(file, List.of("x", "y"), Map.of("x", "y", "y", "x"));
        assertArrayEquals(new double[] {2}, swapped.column("x"));
        assertArrayEquals(new double[] {1}, swapped.column("y"));
        DataTable shared = CsvReader.read(file, List.of("x", "z"), Map.of("z", "x"));
        assertArrayEquals(new double[] {1}, shared.column("z"));
        assertArrayEquals(new double[] {1}, shared.column("x"));
    }

    @Test
    void renameWithAnUnknownDataNameIsAnError() throws IOException {
        Path file = csv("x,y\n1,2\n");
        DataException e = assertThrows(DataException.class,
                () -> CsvReader.read(file, List.of("x", "yield"), Map.of("yeild", "y")));
        assertEquals(DataException.Kind.BAD_MAPPING, e.kind());
        assertMentions(e, "yeild", "no data", "Did you mean `yield`?");
    }

    @Test
    void renameToAColumnThatIsNotThereNamesBoth() throws IOException {
        Path file = csv("x,cost\n1,2\n");
        DataException e = fails(DataException.Kind.MISSING_COLUMN, file, 1, "price",
                () -> CsvReader.read(file, List.of("x", "y"), Map.of("y", "price")));
        assertMentions(e, "no column `price`", "mapped to `y`", "`x`, `cost`");
    }

    @Test
    void columnsMatchThroughCanonicalNames() throws IOException {
        Path file = csv("sigma,mu0,x_1\n1,2,3\n");
        DataTable t = read(file, "σ", "μ₀", "x_1");
        assertEquals(List.of("σ", "μ₀", "x_1"), t.columnNames());
        assertArrayEquals(new double[] {1}, t.column("σ"));
        assertArrayEquals(new double[] {2}, t.column("μ₀"));
        assertArrayEquals(new double[] {1}, t.column("sigma"), "lookup works in either spelling");
        // and the other way round: a Greek header for an ASCII data name
        DataTable back = read(csv("σ\n4\n"), "sigma");
        assertArrayEquals(new double[] {4}, back.column("sigma"));
    }

    @Test
    void anExactMatchWinsOverACanonicalOne() throws IOException {
        DataTable t = read(csv("sigma,σ\n1,2\n"), "σ");
        assertArrayEquals(new double[] {2}, t.column("σ"));
    }

    @Test
    void twoHeadersThatAreBothTheDataNameAreAmbiguous() throws IOException {
        Path file = csv("sigma,x,ς\n1,2,3\n");
        DataException e = fails(DataException.Kind.DUPLICATE_COLUMN, file, 1, "σ", () -> read(file, "σ"));
        assertMentions(e, "`sigma`", "`ς`", "Rename all but one");
    }

    @Test
    void headerNamesAreTrimmedAndABomIsIgnored() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = " x , y\t\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(text, 0, all, 3, text.length);
        DataTable t = read(bytes(all), "x", "y");
        assertArrayEquals(new double[] {1}, t.column("x"));
        assertArrayEquals(new double[] {2}, t.column("y"));
    }

    @Test
    void crlfLineEndingsAndBlankLines() throws IOException {
        Path file = csv("x,y\r\n1,2\r\n\r\n3,4\r\n   \r\n5,6\r\n\r\n");
        DataTable t = read(file, "x", "y");
        assertArrayEquals(new double[] {1, 3, 5}, t.column("x"));
        assertArrayEquals(new double[] {2, 4, 6}, t.column("y"));
        assertEquals(2, t.lineOf(0));
        assertEquals(4, t.lineOf(1));
        assertEquals(6, t.lineOf(2));
    }

    @Test
    void crlfErrorsCountLinesRight() throws IOException {
        Path file = csv("x,y\r\n1,2\r\n\r\n3,oops\r\n");
        fails(DataException.Kind.NOT_A_NUMBER, file, 4, "y", () -> read(file, "x", "y"));
    }

    @Test
    void quotedFields() throws IOException {
        Path file = csv("\"x\",\"the \"\"y\"\"\",note\n\"1.5\",\" 2 \",\"a, b\nand a second line\"\n3, \"4\",plain\n");
        DataTable t = CsvReader.read(file, List.of("x", "y"), Map.of("y", "the \"y\""));
        assertArrayEquals(new double[] {1.5, 3}, t.column("x"));
        assertArrayEquals(new double[] {2, 4}, t.column("y"));
        assertEquals(2, t.lineOf(0));
        assertEquals(4, t.lineOf(1), "the quoted note spans lines 2 and 3");
    }

    @Test
    void semicolonAndTabSeparatedFilesAreDetectedFromTheHeader() throws IOException {
        DataTable semi = read(csv("x;y;label\n1.5;2;\"a;b\"\n"), "x", "y");
        assertArrayEquals(new double[] {2}, semi.column("y"));
        DataTable tab = read(csv("x\ty\n1.5\t2\n"), "x", "y");
        assertArrayEquals(new double[] {1.5}, tab.column("x"));
        DataTable commaWithSemicolonInQuotes = read(csv("x,\"a;b;c\"\n1,2\n"), "x");
        assertArrayEquals(new double[] {1}, commaWithSemicolonInQuotes.column("x"));
    }

    @Test
    void aOneColumnFile() throws IOException {
        DataTable t = read(csv("x\n1\n2\n3\n\n"), "x");
        assertArrayEquals(new double[] {1, 2, 3}, t.column("x"));
    }

    @Test
    void manyRowsGrowTheColumns() throws IOException {
        StringBuilder s = new StringBuilder("i,sq\n");
        for (int i = 0; i < 10_000; i++) s.append(i).append(',').append((double) i * i).append('\n');
        DataTable t = read(csv(s.toString()), "sq", "i");
        assertEquals(10_000, t.rowCount());
        assertEquals(9999.0 * 9999.0, t.get("sq", 9999));
        assertEquals(10_001, t.lineOf(9999));
    }

    @Test
    void duplicateHeadersOfIgnoredColumnsDoNotMatter() throws IOException {
        DataTable t = read(csv("x,note,note\n1,a,b\n"), "x");
        assertArrayEquals(new double[] {1}, t.column("x"));
    }

    @Test
    void nonUtf8TextInIgnoredColumnsDoesNotMatter() throws IOException {
        byte[] latin1 = "x,name\n1,Jos\u00e9\n2,Ren\u00e9e\n".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(new double[] {1, 2}, read(bytes(latin1), "x").column("x"));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void missingColumnListsTheColumnsAndSuggests() throws IOException {
        Path file = csv("x,pirce,z\n1,2,3\n");
        DataException e = fails(DataException.Kind.MISSING_COLUMN, file, 1, "price", () -> read(file, "x", "price"));
        assertMentions(e, "line 1", "no column `price`", "`x`, `pirce`, `z`", "Did you mean `pirce`?");
    }

    @Test
    void missingColumnWithoutASuggestionSaysWhatToDo() throws IOException {
        Path file = csv("a,b\n1,2\n");
        DataException e = fails(DataException.Kind.MISSING_COLUMN, file, 1, "y", () -> read(file, "y"));
        assertMentions(e, "no column `y`", "`a`, `b`", "Add a column `y`", "map one of its columns to `y`");
    }

    @Test
    void missingColumnSuggestsTheSameNameInAnotherCase() throws IOException {
        Path file = csv("X,Y\n1,2\n");
        DataException e = fails(DataException.Kind.MISSING_COLUMN, file, 1, "y", () -> read(file, "y"));
        assertMentions(e, "Did you mean `Y`?");
    }

    @Test
    void aFileWithoutAHeaderIsRecognised() throws IOException {
        Path file = csv("1.5,2\n3,4\n");
        DataException e = fails(DataException.Kind.MISSING_COLUMN, file, 1, "x", () -> read(file, "x", "y"));
        assertMentions(e, "numbers, not column names", "x,y");
    }

    @Test
    void wideHeadersAreListedShortly() throws IOException {
        StringBuilder header = new StringBuilder("c0");
        StringBuilder row = new StringBuilder("0");
        for (int i = 1; i < 100; i++) { header.append(",c").append(i); row.append(",").append(i); }
        Path file = csv(header + "\n" + row + "\n");
        DataException e = fails(DataException.Kind.MISSING_COLUMN, file, 1, "y", () -> read(file, "y"));
        assertMentions(e, "`c19`", "and 80 more");
        assertFalse(e.getMessage().contains("`c20`"));
        assertEquals(99.0, read(file, "c99").get("c99", 0));
    }

    @Test
    void aWantedHeaderTwiceIsAnError() throws IOException {
        Path file = csv("x,y,x\n1,2,3\n");
        DataException e = fails(DataException.Kind.DUPLICATE_COLUMN, file, 1, "x", () -> read(file, "x"));
        assertMentions(e, "`x` 2 times", "fields 1, 3");
        fails(DataException.Kind.DUPLICATE_COLUMN, file, 1, "x", () -> CsvReader.readAll(file));
    }

    @Test
    void nonNumericCellQuotesTheCell() throws IOException {
        Path file = csv("x,y\n1,2\n3,abc\n");
        DataException e = fails(DataException.Kind.NOT_A_NUMBER, file, 3, "y", () -> read(file, "x", "y"));
        assertMentions(e, "line 3, column `y`", "\"abc\" is not a number", "such as 3, -2.5 or 1e-3");
    }

    @Test
    void missingValuesAreRefused() throws IOException {
        for (String cell : List.of("", "NA", "NaN", "nan", "N/A", "#N/A", "null", "  ")) {
            Path file = csv("x,y\n1,2\n3," + cell + "\n");
            DataException e = fails(DataException.Kind.MISSING_VALUE, file, 3, "y", () -> read(file, "x", "y"));
            assertMentions(e, "missing value", "Fill in the value", "--drop-incomplete");
        }
    }

    @Test
    void rowsWithMissingValuesCanBeLeftOutAndAreCounted() throws IOException {
        Path file = csv("x,y,g,unused\n1,2,a,\n3,NA,b,x\n4,5,,x\n6,7,c,\n8,.,z,\n");
        DataTable t = CsvReader.read(file, List.of("x", "y", "g"), Map.of(), java.util.Set.of("g"), true);
        assertEquals(2, t.rowCount(), "the rows on lines 3, 4 and 6 miss y or g; a missing cell in an unread column is no matter");
        assertArrayEquals(new long[] {3, 4, 6}, t.droppedLines());
        assertArrayEquals(new double[] {1, 6}, t.column("x"));
        assertEquals(List.of("a", "c"), t.levels("g"), "b and z appear only on lines left out: no levels");
        assertArrayEquals(new double[] {1, 2}, t.column("g"));
        assertEquals(5, t.lineOf(1), "a kept row keeps its line");
        assertArrayEquals(new long[0], read(csv("x\n1\n2\n"), "x").droppedLines());
        Path none = csv("x,y\n1,NA\nNA,2\n");
        DataException e = fails(DataException.Kind.NO_ROWS, none, 0, null,
                () -> CsvReader.read(none, List.of("x", "y"), Map.of(), java.util.Set.of(), true));
        assertMentions(e, "every row has a missing value", "2 rows left out");
        Path blank = csv("x\n1\n\n3\n");
        assertArrayEquals(new long[] {3}, CsvReader.read(blank, List.of("x"), Map.of(), java.util.Set.of(), true).droppedLines());
    }

    @Test
    void aShortRowHasMissingValuesAtItsEndWhenIncompleteRowsAreLeftOut() throws IOException {
        // pandas' read_csv and R's read.csv fill a short row with NaN / NA, and dropna / na.omit then leave it out.
        Path file = csv("x,y,note\n1,2,a\n3\n4,5\n6,7,b\n");
        DataTable t = CsvReader.read(file, List.of("x", "y"), Map.of(), java.util.Set.of(), true);
        assertArrayEquals(new long[] {3}, t.droppedLines(), "line 3 has no y; line 4 lacks only the note, which is not read");
        assertArrayEquals(new double[] {1, 4, 6}, t.column("x"));
        assertArrayEquals(new double[] {2, 5, 7}, t.column("y"));
        // Without leaving rows out, a short row is a ragged row, and the hint says how to read it.
        DataException e = fails(DataException.Kind.RAGGED_ROW, file, 3, null, () -> read(file, "x", "y"));
        assertMentions(e, "1 field but the header has 3", "--drop-incomplete");
        assertFalse(e.getMessage().contains("not supported"), e.getMessage());
        // A long row stays an error: a field too many is no missing value.
        Path longer = csv("x,y\n1,2\n3,4,5\n");
        fails(DataException.Kind.RAGGED_ROW, longer, 3, null,
                () -> CsvReader.read(longer, List.of("x", "y"), Map.of(), java.util.Set.of(), true));
    }

    @Test
    void anEmptyCellAtTheStartOfALine() throws IOException {
        Path file = csv("x,y\n,2\n");
        DataException e = fails(DataException.Kind.MISSING_VALUE, file, 2, "x", () -> read(file, "x", "y"));
        assertMentions(e, "empty");
    }

    @Test
    void aBlankLineInAOneColumnFileIsAMissingValue() throws IOException {
        Path file = csv("x\n1\n\n3\n");
        DataException e = fails(DataException.Kind.MISSING_VALUE, file, 3, "x", () -> read(file, "x"));
        assertMentions(e, "missing value");
        Path blanks = csv("x\r\n1\r\n2\r\n \t \r\n3\r\n");
        fails(DataException.Kind.MISSING_VALUE, blanks, 4, "x", () -> read(blanks, "x"));
        assertArrayEquals(new double[] {1, 2}, read(csv("x\n1\n2\n  \n\n"), "x").column("x"), "blank lines at the end are no rows");
    }

    @Test
    void infinitiesAreRefused() throws IOException {
        for (String cell : List.of("Inf", "-Inf", "inf", "Infinity", "-Infinity", "#DIV/0!")) {
            Path file = csv("x,y\n1," + cell + "\n");
            DataException e = fails(DataException.Kind.NOT_FINITE, file, 2, "y", () -> read(file, "x", "y"));
            assertMentions(e, "infinite", "finite numbers");
        }
        Path huge = csv("x\n1e400\n");
        DataException e = fails(DataException.Kind.NOT_FINITE, huge, 2, "x", () -> read(huge, "x"));
        assertMentions(e, "too large");
    }

    @Test
    void raggedRowsNameBothCounts() throws IOException {
        Path more = csv("x,y\n1,2\n3,4,5\n");
        DataException e = fails(DataException.Kind.RAGGED_ROW, more, 3, null, () -> read(more, "x", "y"));
        assertMentions(e, "line 3", "3 fields but the header has 2");
        Path fewer = csv("x,y,z\n1,2,3\n4,5,6\n7\n");
        e = fails(DataException.Kind.RAGGED_ROW, fewer, 4, null, () -> read(fewer, "x"));
        assertMentions(e, "1 field but the header has 3");
    }

    @Test
    void aRaggedRowIsReportedBeforeTheCellItShifts() throws IOException {
        Path file = csv("x,y\n1,5,2\n");
        DataException e = fails(DataException.Kind.RAGGED_ROW, file, 2, null, () -> read(file, "x", "y"));
        assertMentions(e, "decimal commas", "1.5");
    }

    @Test
    void aDecimalCommaInAQuotedCell() throws IOException {
        Path file = csv("x,y\n\"1,5\",2\n");
        DataException e = fails(DataException.Kind.NOT_A_NUMBER, file, 2, "x", () -> read(file, "x", "y"));
        assertMentions(e, "\"1,5\"", "decimal comma", "1.5");
        Path semi = csv("x;y\n1,5;2\n");
        e = fails(DataException.Kind.NOT_A_NUMBER, semi, 2, "x", () -> read(semi, "x", "y"));
        assertMentions(e, "decimal comma", "(1.5)");
    }

    @Test
    void anEmptyFile() throws IOException {
        Path empty = csv("");
        DataException e = fails(DataException.Kind.EMPTY, empty, 0, null, () -> read(empty, "x"));
        assertMentions(e, "empty", "header line");
        Path blank = csv("\n\n  \n");
        fails(DataException.Kind.EMPTY, blank, 0, null, () -> read(blank, "x"));
    }

    @Test
    void aHeaderWithoutRows() throws IOException {
        Path file = csv("x,y\n");
        DataException e = fails(DataException.Kind.NO_ROWS, file, 0, null, () -> read(file, "x"));
        assertMentions(e, "no rows");
        Path withBlanks = csv("x,y\r\n\r\n\r\n");
        fails(DataException.Kind.NO_ROWS, withBlanks, 0, null, () -> read(withBlanks, "x"));
    }

    @Test
    void aFileThatDoesNotExist() {
        Path file = dir.resolve("nope.csv");
        DataException e = fails(DataException.Kind.UNREADABLE, file, 0, null, () -> read(file, "x"));
        assertMentions(e, "does not exist");
    }

    @Test
    void aDirectory() {
        DataException e = fails(DataException.Kind.UNREADABLE, dir, 0, null, () -> read(dir, "x"));
        assertMentions(e, "directory");
    }

    @Test
    void aFileWithoutReadPermission() throws IOException {
        Path file = csv("x\n1\n");
        if (!file.toFile().setReadable(false) || Files.isReadable(file)) return;   // root reads everything
        DataException e = fails(DataException.Kind.UNREADABLE, file, 0, null, () -> read(file, "x"));
        assertMentions(e, "permission denied");
    }

    @Test
    void nonUtf8InAWantedCell() throws IOException {
        byte[] latin1 = "x,y\n1,2\n3,4\u00b5\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = bytes(latin1);
        DataException e = fails(DataException.Kind.NOT_UTF8, file, 3, "y", () -> read(file, "x", "y"));
        assertMentions(e, "not UTF-8", "0xB5", "Save the file as UTF-8");
    }

    @Test
    void nonUtf8InTheHeader() throws IOException {
        byte[] latin1 = "x,Gr\u00f6\u00dfe\n1,2\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = bytes(latin1);
        DataException e = fails(DataException.Kind.NOT_UTF8, file, 1, "Größe", () -> read(file, "Größe"));
        assertMentions(e, "header line is not UTF-8", "0xF6");
    }

    @Test
    void utf16AndSpreadsheets() throws IOException {
        byte[] text = "x,y\n1,2\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[text.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(text, 0, withBom, 2, text.length);
        Path bom = bytes(withBom);
        assertMentions(fails(DataException.Kind.NOT_UTF8, bom, 0, null, () -> read(bom, "x")), "UTF-16");
        Path noBom = bytes(text);
        assertMentions(fails(DataException.Kind.NOT_UTF8, noBom, 0, null, () -> read(noBom, "x")), "UTF-16");
        Path xlsx = bytes(new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0});
        assertMentions(fails(DataException.Kind.NOT_UTF8, xlsx, 0, null, () -> read(xlsx, "x")), "Excel");
    }

    @Test
    void anUnclosedQuote() throws IOException {
        Path file = csv("x,y\n1,2\n3,\"4\n5,6\n");
        DataException e = fails(DataException.Kind.MALFORMED, file, 3, null, () -> read(file, "x", "y"));
        assertMentions(e, "never closed");
    }

    @Test
    void aFieldOverSixteenMegabytesIsExplainedInOurWords() throws IOException {
        // One cell of 17 MB, and a quote left open until the end of a large file: FastCSV's own sentence about its
        // buffer leaked before.
        String long17 = "x".repeat(17 << 20);
        Path cell = csv("y,note\n1,a\n2," + long17 + "\n3,b\n");
        DataException e = fails(DataException.Kind.MALFORMED, cell, 3, null, () -> read(cell, "y"));
        assertMentions(e, "longer than 16,777,216 characters", "never closed", "Close the quote");
        assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("buffer"), e.getMessage());
        Path open = csv("y,note\n1,a\n2,\"" + ("z".repeat(60) + "\n").repeat(300_000) + "3,b\n");
        e = fails(DataException.Kind.MALFORMED, open, 3, null, () -> read(open, "y"));
        assertMentions(e, "longer than 16,777,216 characters");
    }

    @Test
    void textAfterAClosingQuote() throws IOException {
        Path file = csv("x,y\n1,2\n\"3\"x,4\n");
        DataException e = fails(DataException.Kind.MALFORMED, file, 3, null, () -> read(file, "x", "y"));
        assertMentions(e, "after its closing quote");
    }

    @Test
    void theFirstErrorInTheFileIsReported() throws IOException {
        Path file = csv("x,y\n1,2\nbad,worse\n4,5,6\n");
        fails(DataException.Kind.NOT_A_NUMBER, file, 3, "x", () -> read(file, "x", "y"));
    }

    @Test
    void anyTextGivesATableOrADataException() throws IOException {
        // A small fuzz: text made of the characters that matter to CSV and numbers. Nothing but a DataException
        // may come out, and a table's values must be finite.
        String alphabet = ",,;\t\"\"\n\n\r  11.e-+xyé\uFEFF\u00a0NA";
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        Path file = dir.resolve("fuzz.csv");
        for (int i = 0; i < 1000; i++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "x,y\n" : "");
            int length = random.nextInt(0, 40);
            for (int k = 0; k < length; k++) text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            Files.writeString(file, text);
            try {
                DataTable t = CsvReader.read(file, List.of("x"), Map.of());
                for (double v : t.column("x")) assertTrue(Double.isFinite(v), text.toString());
                assertTrue(t.rowCount() > 0);
            } catch (DataException e) {
                assertFalse(e.getMessage().contains("Exception"), e.getMessage());
            }
        }
    }

    @Test
    void cellsOfIgnoredColumnsAreNeverChecked() throws IOException {
        DataTable t = read(csv("x,junk\n1,\n2,NA\n3,Inf\n"), "x");
        assertArrayEquals(new double[] {1, 2, 3}, t.column("x"));
        assertEquals(List.of("x"), t.columnNames());
    }
}
