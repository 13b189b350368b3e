package mle.runtime.data.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import mle.compiler.ast.Names;
import mle.compiler.check.Suggestions;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the numeric columns a model needs from a CSV file into a {@link DataTable}.
 *
 * <p>The format is what R's {@code write.csv}, pandas' {@code to_csv} and Excel's "CSV UTF-8" write:
 * UTF-8 (a byte-order mark is ignored), a header line naming the columns, one line per row, LF or CRLF
 * line ends, fields in double quotes where needed ({@code ""} for a quote inside). The separator is a
 * comma, or a semicolon or tab when the header line has more of those than commas. Header names are
 * trimmed; numbers may have blanks around them (see {@link NumberCells} for the number syntax). Blank
 * lines are skipped, except in a one-column file, where a blank line between rows is an empty cell.
 *
 * <p>Only the wanted columns are converted to numbers, so a wide file costs little more than its
 * bytes; the other columns may hold anything. A wanted name matches a header exactly, or else as the same
 * name in another spelling ({@link Names#canonical}: a column {@code sigma} is the data {@code σ}).
 *
 * <p>Every problem is a {@link DataException} that names the file, the line as an editor shows it
 * (the header is line 1), the column, and what to do.
 */
public final class CsvReader {
    private CsvReader() {}

    /** How far into the file the header line is looked for when choosing the separator. */
    private static final int HEADER_SNIFF_LIMIT = 1 << 20;
    private static final int INITIAL_CAPACITY = 1 << 12;
    private static final int COLUMNS_LISTED = 20;

    /**
     * Reads the wanted columns of a CSV file.
     *
     * @param file          a CSV file with a header line
     * @param wantedColumns the names under which the model knows its data; these are the table's columns,
     *                      in this order
     * @param rename        data name → the name of the CSV column that holds it (the model's {@code y}
     *                      is the file's {@code price}: {@code Map.of("y", "price")}); may be empty
     * @throws DataException for anything that keeps the file from being used, with file, line and column
     */
    public static DataTable read(Path file, List<String> wantedColumns, Map<String, String> rename) {
        return read(file, wantedColumns, rename, java.util.Set.of());
    }

    /** Reads the named columns of a CSV file (no renaming). */
    public static DataTable read(Path file, List<String> wantedColumns) {
        return read(file, wantedColumns, Map.of());
    }

    /**
     * Reads the wanted columns of a CSV file, where the columns named in {@code levelColumns} may hold names (text)
     * instead of numbers: such a column, when any of its cells is not a number, becomes its levels' numbers 1..K in the
     * sorted order of the names (as R's {@code factor} and pandas' categories sort them), with the names kept in the
     * table ({@link DataTable#levels}).
     */
    public static DataTable read(Path file, List<String> wantedColumns, Map<String, String> rename,
                                 java.util.Set<String> levelColumns) {
        return read(file, wantedColumns, rename, levelColumns, false);
    }

    /**
     * As {@link #read(Path, List, Map, java.util.Set)}; with {@code dropIncomplete}, a row with a missing value in a
     * wanted column (an empty cell, NA, NaN, …) is left out instead of being an error, and the table says which lines
     * were ({@link DataTable#droppedLines}), as R's na.omit and pandas' dropna do.
     */
    public static DataTable read(Path file, List<String> wantedColumns, Map<String, String> rename,
                                 java.util.Set<String> levelColumns, boolean dropIncomplete) {
        if (wantedColumns.stream().distinct().count() != wantedColumns.size()) {
            throw new IllegalArgumentException("a data name is wanted twice: " + wantedColumns);
        }
        return new Reading(file, List.copyOf(wantedColumns), checkedMapping(file, wantedColumns, rename),
                java.util.Set.copyOf(levelColumns), dropIncomplete).run();
    }

    /** As {@link #read(Path, List, Map, java.util.Set, boolean)}, always from start to end: the yardstick for reading in parts. */
    static DataTable readInOrder(Path file, List<String> wantedColumns, Map<String, String> rename, boolean dropIncomplete) {
        return new Reading(file, List.copyOf(wantedColumns), checkedMapping(file, wantedColumns, rename), java.util.Set.of(),
                dropIncomplete).run(false);
    }

    /** Reads every column of a CSV file under its header name; each must be numeric. */
    public static DataTable readAll(Path file) {
        return new Reading(file, null, Map.of(), java.util.Set.of(), false).run();
    }

    /**
     * The line on which the {@code row}-th record after the header (1-based) of a comma-separated file starts, counting
     * as Spark's CSV reader does, which skips blank lines and reads quoted line breaks as part of a field; 0 when the
     * file has fewer rows or cannot be read. For messages about data read elsewhere (by Spark), which know the row only.
     */
    public static long lineOfRow(Path file, long row) {
        try (var csv = de.siegmar.fastcsv.reader.CsvReader.builder().extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE).skipEmptyLines(true).ofCsvRecord(file)) {
            long seen = -1;   // the header is record 0
            for (var record : csv) {
                if (++seen == row) return record.getStartingLineNumber();
            }
        } catch (IOException | UncheckedIOException | CsvParseException e) {
            // No line, then: the message keeps the row.
        }
        return 0;
    }

    /**
     * The error for a line with {@code fields} fields under a header of {@code headerFields}, in a file whose fields are
     * separated by {@code separator}: here, and for CSV read by Spark.
     */
    public static DataException raggedRow(Path file, long line, int fields, int headerFields, char separator) {
        String hint;
        if (fields > headerFields) {
            hint = separator == ','
                    ? "Remove the extra fields; if the numbers have decimal commas (1,5), write them with a point (1.5)."
                    : "Remove the extra fields, or quote a field that contains the separator.";
        } else {
            hint = "Fill in every field of the line, or leave out the rows with missing values (--drop-incomplete), "
                    + "which reads the fields missing at the end of a line as missing values.";
        }
        return new DataException(DataException.Kind.RAGGED_ROW, file, line, null,
                "this line has " + fields + (fields == 1 ? " field" : " fields") + " but the header has " + headerFields, hint);
    }

    /** How many comma-separated fields one record's text has (quotes and "" read as this reader reads them). */
    public static int fieldCount(String record) {
        try (var csv = de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(record)) {
            for (var r : csv) return r.getFieldCount();
        } catch (IOException | UncheckedIOException | CsvParseException e) {
            // an unreadable record: no fields
        }
        return 0;
    }

    /** The mapping keyed by the wanted name it applies to; an error for a key that is no wanted name. */
    private static Map<String, String> checkedMapping(Path file, List<String> wanted, Map<String, String> rename) {
        Map<String, String> byWanted = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : rename.entrySet()) {
            String key = e.getKey().strip();
            String target = e.getValue().strip();
            String match = wanted.contains(key) ? key : wanted.stream()
                    .filter(w -> Names.canonical(w).equals(Names.canonical(key))).findFirst().orElse(null);
            if (match == null) {
                String suggestion = Suggestions.closest(key, wanted);
                throw new DataException(DataException.Kind.BAD_MAPPING, file, 0, null,
                        "the column mapping " + key + "=" + target + " is for `" + key + "`, but the model has no data `" + key + "`",
                        (suggestion != null ? "Did you mean `" + suggestion + "`? " : "")
                                + "Map the model's data names (" + String.join(", ", wanted) + ") to columns of the file.");
            }
            if (target.isEmpty()) {
                throw new DataException(DataException.Kind.BAD_MAPPING, file, 0, null,
                        "the column mapping for `" + match + "` names no column", "Write it as " + match + "=COLUMN.");
            }
            if (byWanted.put(match, target) != null) {
                throw new DataException(DataException.Kind.BAD_MAPPING, file, 0, null,
                        "`" + match + "` is mapped to a column twice", "Map each data name once.");
            }
        }
        return byWanted;
    }

    /** One read of one file. */
    private static final class Reading {
        final Path file;
        final List<String> wanted;      // null: every column
        final Map<String, String> rename;
        final java.util.Set<String> levelColumns;
        final boolean dropIncomplete;
        boolean byteOrderMark;

        Reading(Path file, List<String> wanted, Map<String, String> rename, java.util.Set<String> levelColumns,
                boolean dropIncomplete) {
            this.file = file;
            this.wanted = wanted;
            this.rename = rename;
            this.levelColumns = levelColumns;
            this.dropIncomplete = dropIncomplete;
        }

        DataTable run() { return run(true); }

        /** @param allowParts whether a large file may be read in parts (tests compare with a reading from start to end) */
        DataTable run(boolean allowParts) {
            // Only a regular file can be read twice (its start for the separator, then in parts): a pipe is read once.
            if (allowParts && Files.isRegularFile(file)) {
                char separator;
                try (InputStream raw = open()) {
                    separator = sniffSeparator(new BufferedInputStream(raw, 1 << 16));
                } catch (IOException e) {
                    throw unreadable("the file could not be read (" + describe(e) + ")", "Check that the file is complete and readable.");
                }
                DataTable inParts = InParts.read(this, separator, byteOrderMark ? 3 : 0);
                if (inParts != null) return inParts;
            }
            try (InputStream raw = open()) {
                BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
                char separator = sniffSeparator(in);
                // Bytes that are not UTF-8 become U+FFFD. They matter only where they land in a wanted cell or
                // in the header, and are reported there; text columns the model ignores may be in any encoding.
                Collector collector = new Collector(this, separator);
                try {
                    feed(new InputStreamReader(in, StandardCharsets.UTF_8), separator, collector);
                } catch (CsvParseException e) {
                    // FastCSV wraps what the collector throws; its own syntax errors come without a cause.
                    if (e.getCause() instanceof DataException d) throw d;
                    if (e.getCause() != null) throw new IllegalStateException("internal error while reading " + file, e.getCause());
                    throw malformed(collector.currentLine(), e);
                } catch (UncheckedIOException e) {
                    throw unreadable("the file could not be read to the end (" + describe(e.getCause()) + ")",
                            "Check that the file is complete and readable.");
                }
                return collector.finish();
            } catch (IOException e) {
                throw unreadable("the file could not be read (" + describe(e) + ")", "Check that the file is complete and readable.");
            }
        }

        /** Parses everything the reader gives into the collector (which keeps each record itself). */
        static void feed(Reader reader, char separator, Collector collector) throws IOException {
            try (var csv = de.siegmar.fastcsv.reader.CsvReader.builder()
                    .fieldSeparator(separator)
                    .quoteCharacter('"')
                    .skipEmptyLines(false)
                    .allowUnclosedQuote(false)
                    .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                    .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                    .build(collector, reader)) {
                // buildRecord returns null, so one call reads the file.
                csv.iterator().hasNext();
            }
        }

        private InputStream open() {
            if (Files.isDirectory(file)) {
                throw unreadable("this is a directory, not a file", "Give the path of a CSV file.");
            }
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw unreadable("the file does not exist",
                        "Check the path; relative paths start at " + Path.of("").toAbsolutePath() + ".");
            } catch (AccessDeniedException e) {
                throw unreadable("the file cannot be read (permission denied)", "Check the file's permissions.");
            } catch (IOException e) {
                throw unreadable("the file cannot be read (" + describe(e) + ")", "Check the path and the file's permissions.");
            }
        }

        /**
         * Looks at the first non-blank line: skips a UTF-8 byte-order mark, refuses UTF-16 and spreadsheet
         * files, and picks the separator that occurs most often outside quotes (comma on a tie or none).
         */
        private char sniffSeparator(BufferedInputStream in) throws IOException {
            in.mark(HEADER_SNIFF_LIMIT + 3);
            byte[] head = in.readNBytes(HEADER_SNIFF_LIMIT);
            in.reset();
            int start = 0;
            if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
                in.skipNBytes(3);
                start = 3;
                byteOrderMark = true;
            } else if (head.length >= 2 && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE
                    || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) {
                throw new DataException(DataException.Kind.NOT_UTF8, file, 0, null,
                        "the file is UTF-16 text, not UTF-8", "Save it as UTF-8 (in Excel: \"CSV UTF-8\").");
            } else if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                throw new DataException(DataException.Kind.NOT_UTF8, file, 0, null,
                        "this is a zip archive or an Excel workbook, not a CSV file",
                        "Save the sheet as CSV (in Excel: \"CSV UTF-8\").");
            }
            for (int i = start; i < Math.min(head.length, 4096); i++) {
                if (head[i] == 0) {
                    throw new DataException(DataException.Kind.NOT_UTF8, file, 0, null,
                            "the file has NUL bytes: it is UTF-16 text or a binary file, not UTF-8 text",
                            "Save it as CSV in UTF-8 (in Excel: \"CSV UTF-8\").");
                }
            }
            int commas = 0, semicolons = 0, tabs = 0;
            boolean quoted = false, seenText = false;
            for (int i = start; i < head.length; i++) {
                byte b = head[i];
                if (b == '"') quoted = !quoted;
                else if (quoted) continue;
                else if (b == '\n' || b == '\r') { if (seenText) break; }
                else if (b == ',') commas++;
                else if (b == ';') semicolons++;
                else if (b == '\t') tabs++;
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') seenText = true;
            }
            if (semicolons > commas && semicolons >= tabs) return ';';
            if (tabs > commas && tabs > semicolons) return '\t';
            return ',';
        }

        /**
         * The error for text that is not UTF-8 on line {@code line} (the first such byte at or after the start of
         * that line is shown; bytes on earlier lines were in columns nobody reads).
         */
        DataException notUtf8(long line, String column, String what) {
            int badByte = -1;
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
                CharBuffer chars = CharBuffer.allocate(1 << 16);
                long lines = 1;
                boolean eof = false;
                scan:
                while (!eof) {
                    eof = channel.read(bytes) < 0;
                    bytes.flip();
                    while (true) {
                        int from = bytes.position();
                        CoderResult result = decoder.decode(bytes, chars, eof);
                        for (int i = from; i < bytes.position(); i++) if (bytes.get(i) == '\n') lines++;
                        chars.clear();
                        if (!result.isError()) break;
                        if (lines >= line) {
                            badByte = bytes.get(bytes.position()) & 0xff;
                            break scan;
                        }
                        bytes.position(bytes.position() + result.length());
                    }
                    bytes.compact();
                }
            } catch (IOException e) {
                // Only the byte's value is lost; the verdict stands.
            }
            String which = badByte >= 0 ? " (byte 0x" + String.format("%02X", badByte) + " is not UTF-8"
                    + (badByte >= 0xA0 ? ", perhaps Latin-1 or Windows-1252 text" : "") + ")" : "";
            return new DataException(DataException.Kind.NOT_UTF8, file, line, column,
                    what + which, "Save the file as UTF-8 (in Excel: \"CSV UTF-8\").");
        }

        private DataException malformed(long line, CsvParseException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.toLowerCase(Locale.ROOT).contains("unclosed")) {
                return new DataException(DataException.Kind.MALFORMED, file, line, null,
                        "a quoted field starts on this line and its quote is never closed",
                        "Close the quote; a quote inside a quoted field is written twice (\"\").");
            }
            if (message.contains("maximum buffer size")) {
                // FastCSV holds one field at a time in a buffer of at most 16 Mi characters.
                return new DataException(DataException.Kind.MALFORMED, file, line, null,
                        "a field that starts on this line is longer than 16,777,216 characters (16 MB): a quote opened "
                                + "there is never closed, or a cell really is that long, which mle does not read",
                        "Close the quote (a quote inside a quoted field is written twice, \"\"), or shorten the cell.");
            }
            if (message.contains("after closing quote")) {
                return new DataException(DataException.Kind.MALFORMED, file, line, null,
                        "a field on this line has text after its closing quote",
                        "Remove what follows the closing quote, or put the whole field in quotes.");
            }
            return new DataException(DataException.Kind.MALFORMED, file, line, null,
                    "this line is not valid CSV (" + message + ")", "Check the quotes and separators on this line.");
        }

        DataException unreadable(String problem, String hint) {
            return new DataException(DataException.Kind.UNREADABLE, file, 0, null, problem, hint);
        }

        private static String describe(Throwable e) {
            if (e == null) return "unknown error";
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
    }

    /**
     * Receives the fields from FastCSV as slices of its buffer: the header line as strings, every later
     * line's wanted fields straight into the column arrays, and nothing at all for the other fields.
     */
    private static final class Collector extends AbstractBaseCsvCallbackHandler<Object> {
        private final Reading reading;
        private final char separator;

        private boolean inHeader = true;
        private final List<String> header = new ArrayList<>();
        private int headerFields;
        private boolean headerLineSeen;
        private long headerLine;

        private List<String> outputNames;
        private int[] slotOfOutput;     // output column → parsed slot (two names may share a CSV column)
        private int[] slotOfField;      // CSV field index → parsed slot, or -1 when the field is not wanted
        private int slots;              // how many CSV columns are parsed
        private double[][] values;
        private int capacity;
        private int rows;
        private int[] lineOfRow;        // null while row r is on line r + 2
        private Levels[] levelsOfSlot;  // per parsed slot: the names seen, for a column that may hold names; else null

        private boolean firstFieldBlank;
        private int badField = -1;      // the first field of this line that is not a number
        private String badText;
        private long blankLine;         // the first blank line since the last row, or 0
        private final List<Long> dropped = new ArrayList<>();   // lines left out for a missing value

        private boolean sawQuote;       // a quoted field: a part of a file split in parts may have cut through it
        private long rowLineBase = 2;   // row r is on line r + rowLineBase while lineOfRow is null
        private int rowBase;            // where row 0 goes in the value arrays
        private boolean shared;         // whether the value arrays are shared by the parts of a file

        Collector(Reading reading, char separator) {
            this.reading = reading;
            this.separator = separator;
        }

        /**
         * A collector for a part of the file after the header, which {@code header} has read: its lines are counted
         * from the part's start, its first line being 1, and its rows go into {@code shared} from {@code rowBase} on,
         * where {@code capacity} rows (as many as the part has lines) have room.
         */
        Collector(Collector header, double[][] shared, int rowBase, int capacity) {
            this(header.reading, header.separator);
            this.header.addAll(header.header);
            this.headerFields = header.headerFields;
            this.headerLineSeen = true;
            this.headerLine = header.headerLine;
            this.outputNames = header.outputNames;
            this.slotOfOutput = header.slotOfOutput;
            this.slotOfField = header.slotOfField;
            this.slots = header.slots;
            this.inHeader = false;
            this.capacity = capacity;
            this.values = shared;
            this.shared = true;
            this.rowBase = rowBase;
            this.levelsOfSlot = new Levels[slots];
            this.rowLineBase = 1;
        }

        long currentLine() { return getStartingLineNumber(); }

        @Override
        protected void handleBegin(long startingLineNumber) {
            badField = -1;
            // A part of a file has room for as many rows as it has lines; FastCSV may begin one more record at its end.
            if (!inHeader && rows == capacity && !shared) grow();
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int length, boolean quoted) {
            if (inHeader) {
                header.add(new String(buf, offset, length));
                return;
            }
            if (index == 0) firstFieldBlank = isBlank(buf, offset, length);
            sawQuote |= quoted;
            if (index < slotOfField.length) {
                int slot = slotOfField[index];
                if (slot >= 0) {
                    double value = NumberCells.parse(buf, offset, length);
                    Levels levels = levelsOfSlot[slot];
                    String cell = levels == null ? null : new String(buf, offset, length);
                    if (levels != null && !NumberCells.isMissing(cell)) levels.see(rows, cleanName(cell), value);
                    else if (value != value && badField < 0) {
                        badField = index;
                        badText = new String(buf, offset, length);
                    }
                    if (rows == capacity) throw new IllegalStateException("a part of the file has more rows than lines");
                    values[slot][rowBase + rows] = value;
                }
            }
        }

        private static boolean isBlank(char[] buf, int offset, int length) {
            for (int i = offset; i < offset + length; i++) if (buf[i] != ' ' && buf[i] != '\t') return false;
            return true;
        }

        @Override
        protected Object buildRecord() {
            switch (getRecordType()) {
                case EMPTY -> noteBlankLine();
                case COMMENT -> { }
                case DATA -> {
                    if (inHeader) acceptHeader();
                    else acceptRow();
                }
            }
            return null;
        }

        private void noteBlankLine() {
            if (!inHeader && blankLine == 0) blankLine = getStartingLineNumber();
        }

        private void acceptHeader() {
            if (header.size() == 1 && header.getFirst().strip().replace("\uFEFF", "").isEmpty()) {
                header.clear();     // blank lines before the header
                return;
            }
            headerLineSeen = true;
            headerLine = getStartingLineNumber();
            if (!header.isEmpty() && header.getFirst().startsWith("\uFEFF")) header.set(0, header.getFirst().substring(1));
            for (int i = 0; i < header.size(); i++) header.set(i, cleanName(header.get(i)));
            headerFields = header.size();
            matchColumns();
            inHeader = false;
            capacity = INITIAL_CAPACITY;
            values = new double[slots][capacity];
            levelsOfSlot = new Levels[slots];
            for (int w = 0; w < outputNames.size(); w++) {
                if (reading.levelColumns.contains(outputNames.get(w))) levelsOfSlot[slotOfOutput[w]] = new Levels(capacity);
            }
        }

        /** Trimmed, and without the quotes that a blank before them kept from being syntax ({@code x, "y"}): a name. */
        private static String cleanName(String name) {
            String n = name.strip();
            if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) n = n.substring(1, n.length() - 1).strip();
            return n;
        }

        private void acceptRow() {
            long line = getStartingLineNumber();
            int fields = getFieldCount();
            if (fields == 1 && firstFieldBlank) {     // a line of blanks is a blank line
                noteBlankLine();
                return;
            }
            if (blankLine > 0 && headerFields == 1 && slotOfField.length == 1 && slotOfField[0] >= 0 && reading.dropIncomplete) {
                dropped.add(blankLine);
            } else if (blankLine > 0 && headerFields == 1 && slotOfField.length == 1 && slotOfField[0] >= 0) {
                throw new DataException(DataException.Kind.MISSING_VALUE, reading.file, blankLine, header.getFirst(),
                        "the line is empty (a missing value)",
                        "Fill in the value, or leave out the rows with missing values (--drop-incomplete).");
            }
            blankLine = 0;
            if (fields < headerFields && reading.dropIncomplete) {
                // Fields missing at the end are missing values, as pandas' read_csv and R's read.csv read them (NaN, NA).
                for (int f = fields; f < slotOfField.length; f++) {
                    if (slotOfField[f] >= 0) {
                        dropped.add(line);
                        return;
                    }
                }
            } else if (fields != headerFields) {
                throw ragged(line, fields);
            }
            if (badField >= 0) {
                if (badText.indexOf('\uFFFD') >= 0) throw reading.notUtf8(line, header.get(badField), "the cell is not UTF-8 text");
                NumberCells.Verdict verdict = NumberCells.explain(badText, separator);
                if (reading.dropIncomplete && verdict.kind() == DataException.Kind.MISSING_VALUE) {
                    dropped.add(line);
                    return;
                }
                throw new DataException(verdict.kind(), reading.file, line, header.get(badField), verdict.problem(), verdict.hint());
            }
            if (lineOfRow != null || line != rows + rowLineBase) {
                if (lineOfRow == null) {
                    lineOfRow = new int[capacity];
                    for (int r = 0; r < rows; r++) lineOfRow[r] = Math.toIntExact(r + rowLineBase);
                }
                lineOfRow[rows] = Math.toIntExact(line);
            }
            rows++;
        }

        private DataException ragged(long line, int fields) {
            return raggedRow(reading.file, line, fields, headerFields, separator);
        }

        private void grow() {
            capacity = capacity * 2;
            for (int s = 0; s < values.length; s++) values[s] = Arrays.copyOf(values[s], capacity);
            for (Levels l : levelsOfSlot) if (l != null) l.grow(capacity);
            if (lineOfRow != null) lineOfRow = Arrays.copyOf(lineOfRow, capacity);
        }

        // ------------------------------------------------------------ header → columns

        private void matchColumns() {
            List<String> wanted = reading.wanted;
            if (wanted == null) {
                for (int i = 0; i < header.size(); i++) {
                    if (header.get(i).isEmpty()) {
                        throw new DataException(DataException.Kind.MISSING_COLUMN, reading.file, 1, null,
                                "field " + (i + 1) + " of the header has no name", "Name every column in the header line.");
                    }
                }
                wanted = header;
            }
            slotOfField = new int[headerFields];
            Arrays.fill(slotOfField, -1);
            slotOfOutput = new int[wanted.size()];
            for (int w = 0; w < wanted.size(); w++) {
                String name = wanted.get(w);
                String mapped = reading.rename.get(name);
                int field = findField(name, mapped != null ? mapped : name, mapped != null);
                if (slotOfField[field] < 0) slotOfField[field] = slots++;
                slotOfOutput[w] = slotOfField[field];
            }
            outputNames = List.copyOf(wanted);
        }

        /** The header field holding {@code target}: exactly, else by canonical name; exactly one. */
        private int findField(String dataName, String target, boolean mapped) {
            List<Integer> exact = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) if (header.get(i).equals(target)) exact.add(i);
            // Another column written differently but looking the same (`µ` and `μ`, `é` in one or two characters) makes
            // the exact one a guess: refused below as two columns of one name, unless `--column` chose it.
            String normalized = Names.normalized(target);
            boolean twin = exact.size() == 1 && java.util.stream.IntStream.range(0, header.size())
                    .anyMatch(i -> i != exact.getFirst() && Names.normalized(header.get(i)).equals(normalized));
            if (exact.size() == 1 && (!twin || mapped)) return exact.getFirst();
            if (exact.size() > 1) {
                throw new DataException(DataException.Kind.DUPLICATE_COLUMN, reading.file, 1, target,
                        "the header names the column `" + target + "` " + exact.size() + " times (fields "
                                + exact.stream().map(i -> String.valueOf(i + 1)).collect(Collectors.joining(", ")) + ")",
                        "Give each column its own name, so that it is clear which one is `" + dataName + "`.");
            }
            String canonical = Names.canonical(target);
            List<Integer> alike = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) if (Names.canonical(header.get(i)).equals(canonical)) alike.add(i);
            if (alike.size() == 1) return alike.getFirst();
            if (alike.size() > 1) {
                throw new DataException(DataException.Kind.DUPLICATE_COLUMN, reading.file, 1, target,
                        "the header has " + alike.size() + " columns that are all `" + target + "` ("
                                + alike.stream().map(i -> "`" + header.get(i) + "`").collect(Collectors.joining(", ")) + ")",
                        "Rename all but one of them, or map `" + dataName + "` to the one to use.");
            }
            throw missingColumn(dataName, target, mapped);
        }

        private DataException missingColumn(String dataName, String target, boolean mapped) {
            if (header.stream().anyMatch(h -> h.indexOf('\uFFFD') >= 0)) {
                return reading.notUtf8(headerLine, target, "the header line is not UTF-8 text, so the column `" + target + "` cannot be found");
            }
            String problem = mapped
                    ? "the header has no column `" + target + "` (the column mapped to `" + dataName + "`); its columns are " + listColumns()
                    : "the header has no column `" + target + "`; its columns are " + listColumns();
            String hint;
            List<String> named = header.stream().filter(h -> !h.isEmpty()).toList();
            String suggestion = suggest(target, named);
            if (!header.isEmpty() && header.stream().allMatch(h -> !Double.isNaN(NumberCells.parse(h)))) {
                hint = "The first line holds numbers, not column names: add a header line such as "
                        + String.join(String.valueOf(separator), reading.wanted != null ? reading.wanted : List.of("x", "y")) + ".";
            } else if (lookAlike(target, named) != null) {
                String h = lookAlike(target, named);
                hint = "The header's `" + h + "` looks like `" + target + "` but is written in other letters ("
                        + describeScripts(h) + " where the model has " + describeScripts(target)
                        + "): correct the header, or map `" + dataName + "` to that column.";
            } else if (suggestion != null) {
                hint = "Did you mean `" + suggestion + "`? Correct the header, or map `" + dataName + "` to that column.";
            } else if (mapped) {
                hint = "Map `" + dataName + "` to one of the file's columns.";
            } else {
                hint = "Add a column `" + dataName + "` to the file, or map one of its columns to `" + dataName + "`.";
            }
            return new DataException(DataException.Kind.MISSING_COLUMN, reading.file, 1, target, problem, hint);
        }

        /** A header that looks like {@code target} but is another name (Cyrillic `а` for Latin `a`), or null. */
        private static String lookAlike(String target, List<String> headers) {
            String skeleton = mle.compiler.ast.Confusables.skeleton(target);
            return headers.stream().filter(h -> mle.compiler.ast.Confusables.skeleton(h).equals(skeleton)).findFirst().orElse(null);
        }

        private static String describeScripts(String name) {
            String other = mle.compiler.ast.Confusables.otherScripts(name);
            return other.isEmpty() ? "Latin letters" : other + " letters";
        }

        /**
         * A header that is probably what was meant: the same name in another case or spelling, or (for names of
         * three letters or more, where an edit distance still means something) a near miss.
         */
        private static String suggest(String target, List<String> headers) {
            String folded = Names.canonical(target).toLowerCase(Locale.ROOT);
            for (String h : headers) if (Names.canonical(h).toLowerCase(Locale.ROOT).equals(folded)) return h;
            return target.codePointCount(0, target.length()) >= 3 ? Suggestions.closest(target, headers) : null;
        }

        private String listColumns() {
            List<String> shown = header.stream().limit(COLUMNS_LISTED)
                    .map(h -> h.isEmpty() ? "(unnamed)" : "`" + h + "`").toList();
            String list = String.join(", ", shown);
            if (header.size() > COLUMNS_LISTED) list += " and " + (header.size() - COLUMNS_LISTED) + " more";
            return list;
        }

        // ------------------------------------------------------------ the end

        DataTable finish() {
            if (!headerLineSeen) {
                throw new DataException(DataException.Kind.EMPTY, reading.file, 0, null, "the file is empty",
                        "A data file needs a header line naming the columns, then one line per row.");
            }
            if (rows == 0 && !dropped.isEmpty()) {
                throw new DataException(DataException.Kind.NO_ROWS, reading.file, 0, null, "every row has a missing value "
                        + "in a column the model reads (" + dropped.size() + (dropped.size() == 1 ? " row" : " rows") + " left out)",
                        "Fill in the values, or check that the model reads the columns you meant.");
            }
            if (rows == 0) {
                throw new DataException(DataException.Kind.NO_ROWS, reading.file, 0, null,
                        "the file has a header line but no rows of data", "Add one line per row below the header.");
            }
            double[][] slots = new double[values.length][];
            for (int s = 0; s < values.length; s++) slots[s] = values[s].length == rows ? values[s] : Arrays.copyOf(values[s], rows);
            double[][] columns = new double[outputNames.size()][];
            boolean[] used = new boolean[slots.length];
            for (int c = 0; c < columns.length; c++) {
                int slot = slotOfOutput[c];
                columns[c] = used[slot] ? slots[slot].clone() : slots[slot];
                used[slot] = true;
            }
            Map<String, List<String>> levels = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                Levels l = levelsOfSlot[slotOfOutput[c]];
                if (l != null && l.named) levels.put(outputNames.get(c), l.codeInto(columns[c], rows));
            }
            int[] lines = lineOfRow == null ? null : Arrays.copyOf(lineOfRow, rows);
            return DataTable.owning(outputNames, columns, rows, reading.file, lines, levels,
                    dropped.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /**
     * A large file read in parts, one per core: the header first, then the rest cut at line ends into parts that are
     * parsed at once and joined in file order, so the table is the one a reading from start to end gives. A file with
     * quotes (a cut could fall inside a quoted field), columns that may hold names, or anything a part cannot read
     * is read from start to end instead, which also reports any error with its line.
     */
    private static final class InParts {
        /** Below this size one part is read as fast as several would be started. */
        static final long MINIMUM_BYTES = 8L << 20;

        /** The table, or null where the file should be read from start to end. */
        static DataTable read(Reading reading, char separator, int start) {
            int cores = Runtime.getRuntime().availableProcessors();
            if (cores < 2 || !reading.levelColumns.isEmpty()) return null;
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(reading.file)) {
                long size = channel.size();
                if (size < MINIMUM_BYTES) return null;
                ByteBuffer window = ByteBuffer.allocate(1 << 16);
                channel.read(window, start);
                window.flip();
                long headerEnd = headerEnd(window, start);
                if (headerEnd < 0) return null;
                Collector header = new Collector(reading, separator);
                Reading.feed(new InputStreamReader(part(channel, start, headerEnd), StandardCharsets.UTF_8), separator, header);
                if (!header.headerLineSeen || header.inHeader || header.rows > 0 || header.sawQuote || header.headerFields < 2
                        || header.slots == 0) {
                    return null;
                }
                long headerLines = header.headerLine;
                // Cut at the first line end after each equal share of the bytes.
                long[] cuts = new long[cores + 1];
                cuts[0] = headerEnd;
                cuts[cores] = size;
                for (int k = 1; k < cores; k++) cuts[k] = Math.max(cuts[k - 1], lineEndAfter(channel, headerEnd + (size - headerEnd) * k / cores, size));
                // Each part's lines first: its rows, no more, go into one array per column at the lines before it.
                long[] lines = new long[cores];
                java.util.stream.IntStream.range(0, cores).parallel().forEach(k -> lines[k] = lineCount(channel, cuts[k], cuts[k + 1]));
                long total = 0;
                int[] base = new int[cores];
                for (int k = 0; k < cores; k++) {
                    if (total > Integer.MAX_VALUE - 8) return null;
                    base[k] = (int) total;
                    total += lines[k];
                }
                if (total > Integer.MAX_VALUE - 8) return null;
                double[][] values = new double[header.slots][(int) total];
                Collector[] parts = new Collector[cores];
                boolean[] failed = new boolean[1];
                java.util.stream.IntStream.range(0, cores).parallel().forEach(k -> {
                    if (cuts[k] == cuts[k + 1]) return;
                    try {
                        Collector c = new Collector(header, values, base[k], (int) lines[k]);
                        Reading.feed(new InputStreamReader(part(channel, cuts[k], cuts[k + 1]), StandardCharsets.UTF_8), separator, c);
                        parts[k] = c;
                    } catch (IOException | RuntimeException e) {
                        synchronized (failed) { failed[0] = true; }
                    }
                });
                if (failed[0]) return null;
                return join(reading, header, values, parts, base, lines, headerLines);
            } catch (IOException | RuntimeException e) {
                return null;   // read from start to end, which says what is wrong
            }
        }

        /**
         * The parts joined in file order, with each row's line counted from the file's start: the rows moved down over
         * the room that blank lines and left-out rows did not use, which only then costs a copy.
         */
        private static DataTable join(Reading reading, Collector header, double[][] values, Collector[] parts, int[] base,
                                      long[] lines, long headerLines) {
            for (Collector c : parts) if (c != null && c.sawQuote) return null;
            int[] lineOfRow = null;
            List<Long> dropped = new ArrayList<>();
            long offset = headerLines;   // lines before the part
            int at = 0;
            for (int k = 0; k < parts.length; k++) {
                Collector c = parts[k];
                if (c != null) {
                    if (at != base[k]) for (double[] column : values) System.arraycopy(column, base[k], column, at, c.rows);
                    for (long line : c.dropped) dropped.add(line + offset);
                    for (int r = 0; r < c.rows; r++) {
                        long line = offset + (c.lineOfRow == null ? r + c.rowLineBase : c.lineOfRow[r]);
                        if (lineOfRow == null && line != at + r + 2L) {
                            lineOfRow = new int[values[0].length];
                            for (int q = 0; q < at + r; q++) lineOfRow[q] = q + 2;
                        }
                        if (lineOfRow != null) lineOfRow[at + r] = Math.toIntExact(line);
                    }
                    at += c.rows;
                }
                offset += lines[k];
            }
            if (at == 0) return null;
            int rows = at;
            double[][] slots = new double[values.length][];
            for (int s = 0; s < slots.length; s++) slots[s] = values[s].length == rows ? values[s] : Arrays.copyOf(values[s], rows);
            double[][] columns = new double[header.outputNames.size()][];
            boolean[] used = new boolean[slots.length];
            for (int c = 0; c < columns.length; c++) {
                int slot = header.slotOfOutput[c];
                columns[c] = used[slot] ? slots[slot].clone() : slots[slot];
                used[slot] = true;
            }
            return DataTable.owning(header.outputNames, columns, rows, reading.file, lineOfRow == null ? null : Arrays.copyOf(lineOfRow, rows),
                    new LinkedHashMap<>(), dropped.stream().mapToLong(Long::longValue).toArray());
        }

        /** The lines from {@code from} to {@code to}: its line ends, and one more for a last line without one. */
        private static long lineCount(java.nio.channels.FileChannel channel, long from, long to) {
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
        private static long lineEndAfter(java.nio.channels.FileChannel channel, long from, long size) throws IOException {
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
        private static InputStream part(java.nio.channels.FileChannel channel, long from, long to) {
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

    /**
     * The cells of a column that may hold names: each distinct text gets a number in order of first appearance while
     * reading, renumbered by sorted name at the end, if any cell turned out not to be a number.
     */
    private static final class Levels {
        private final Map<String, Integer> seen = new java.util.HashMap<>();
        private final List<String> names = new ArrayList<>();
        private int[] byRow;
        boolean named;

        Levels(int capacity) { byRow = new int[capacity]; }

        void see(int row, String text, double number) {
            named |= number != number;
            Integer code = seen.get(text);
            if (code == null) {
                code = names.size();
                seen.put(text, code);
                names.add(text);
            }
            byRow[row] = code;
        }

        void grow(int capacity) { byRow = Arrays.copyOf(byRow, capacity); }

        /**
         * Writes each row's level, 1..K in sorted order of the names, into {@code column}; returns the sorted names. Only
         * the names of rows that were kept count: a name seen only on a line left out is no level.
         */
        List<String> codeInto(double[] column, int rows) {
            boolean[] used = new boolean[names.size()];
            for (int r = 0; r < rows; r++) used[byRow[r]] = true;
            List<String> sorted = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) if (used[k]) sorted.add(names.get(k));
            sorted.sort(null);
            int[] rank = new int[names.size()];
            for (int k = 0; k < sorted.size(); k++) rank[seen.get(sorted.get(k))] = k + 1;
            for (int r = 0; r < rows; r++) column[r] = rank[byRow[r]];
            return List.copyOf(sorted);
        }
    }
}
