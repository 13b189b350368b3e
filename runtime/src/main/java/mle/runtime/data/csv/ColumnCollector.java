package mle.runtime.data.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives the fields from FastCSV as slices of its buffer: the header line as strings, every later
 * line's wanted fields straight into the column arrays, and nothing at all for the other fields.
 */
final class ColumnCollector extends AbstractBaseCsvCallbackHandler<Object> implements ReadingInParts.PartRows {
    /** The rows of a table grow in steps, from room for this many. */
    private static final int INITIAL_CAPACITY = 1 << 12;

    private final FileReading reading;
    private final char separator;

    private boolean inHeader = true;
    private final List<String> header = new ArrayList<>();
    private int headerFields;
    private boolean headerLineSeen;
    private long headerLine;

    private HeaderMatch match;      // which fields are parsed, into which slots
    private int[] slotOfField;      // the match's: CSV field index → parsed slot, or -1 when the field is not wanted
    private double[][] values;
    private int capacity;
    private int rows;
    private int[] lineOfRow;        // null while row r is on line r + 2
    private LevelNames[] levelsOfSlot;  // per parsed slot: the names seen, for a column that may hold names; else null

    private boolean firstFieldBlank;
    private int badField = -1;      // the first field of this line that is not a number
    private String badText;
    private long blankLine;         // the first blank line since the last row, or 0
    private final List<Long> dropped = new ArrayList<>();   // lines left out for a missing value

    private boolean sawQuote;       // a quoted field: a part of a file split in parts may have cut through it
    private long rowLineBase = 2;   // row r is on line r + rowLineBase while lineOfRow is null
    private long partLines;         // for a part of a file: its lines, counted by the reading in parts

    ColumnCollector(FileReading reading, char separator) {
        this.reading = reading;
        this.separator = separator;
    }

    /**
     * A collector for a part of the file after the header, which {@code header} has read: its lines are counted
     * from the part's start, its first line being 1, and its rows go into arrays of its own.
     */
    ColumnCollector(ColumnCollector header) {
        this(header.reading, header.separator);
        this.header.addAll(header.header);
        this.headerFields = header.headerFields;
        this.headerLineSeen = true;
        this.headerLine = header.headerLine;
        this.match = header.match;
        this.slotOfField = header.slotOfField;
        this.inHeader = false;
        this.capacity = INITIAL_CAPACITY;
        this.values = new double[match.slots()][capacity];
        this.levelsOfSlot = new LevelNames[match.slots()];
        this.rowLineBase = 1;
    }

    long currentLine() { return getStartingLineNumber(); }

    @Override
    protected void handleBegin(long startingLineNumber) {
        badField = -1;
        if (!inHeader && rows == capacity) grow();
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
                LevelNames levels = levelsOfSlot[slot];
                String cell = levels == null ? null : new String(buf, offset, length);
                if (levels != null && !NumberCells.isMissing(cell)) levels.see(rows, cleanName(cell), value);
                else if (value != value && badField < 0) {
                    badField = index;
                    badText = new String(buf, offset, length);
                }
                values[slot][rows] = value;
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
        match = new HeaderMatch(reading, header, headerLine, separator);
        slotOfField = match.slotOfField();
        inHeader = false;
        capacity = INITIAL_CAPACITY;
        values = new double[match.slots()][capacity];
        levelsOfSlot = new LevelNames[match.slots()];
        List<String> outputNames = match.outputNames();
        for (int w = 0; w < outputNames.size(); w++) {
            if (reading.levelColumns().contains(outputNames.get(w))) levelsOfSlot[match.slotOfOutput(w)] = new LevelNames(capacity);
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
        if (blankLine > 0 && headerFields == 1 && slotOfField.length == 1 && slotOfField[0] >= 0 && reading.dropIncomplete()) {
            dropped.add(blankLine);
        } else if (blankLine > 0 && headerFields == 1 && slotOfField.length == 1 && slotOfField[0] >= 0) {
            throw new DataException(DataException.Kind.MISSING_VALUE, reading.file(), blankLine, header.getFirst(),
                    "the line is empty (a missing value)",
                    "Fill in the value, or leave out the rows with missing values (--drop-incomplete).");
        }
        blankLine = 0;
        if (fields < headerFields && reading.dropIncomplete()) {
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
            if (badText.indexOf('\uFFFD') >= 0) {
                throw FileErrors.notUtf8(reading.file(), line, header.get(badField), "the cell is not UTF-8 text");
            }
            NumberCells.Rejection verdict = NumberCells.explain(badText, separator);
            if (reading.dropIncomplete() && verdict.kind() == DataException.Kind.MISSING_VALUE) {
                dropped.add(line);
                return;
            }
            throw new DataException(verdict.kind(), reading.file(), line, header.get(badField), verdict.problem(), verdict.hint());
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
        return CsvReader.raggedRow(reading.file(), line, fields, headerFields, separator);
    }

    private void grow() {
        capacity = capacity * 2;
        for (int s = 0; s < values.length; s++) values[s] = Arrays.copyOf(values[s], capacity);
        for (LevelNames l : levelsOfSlot) if (l != null) l.grow(capacity);
        if (lineOfRow != null) lineOfRow = Arrays.copyOf(lineOfRow, capacity);
    }

    // ------------------------------------------------------------ the end

    DataTable finish() {
        if (!headerLineSeen) {
            throw new DataException(DataException.Kind.EMPTY, reading.file(), 0, null, "the file is empty",
                    "A data file needs a header line naming the columns, then one line per row.");
        }
        if (rows == 0 && !dropped.isEmpty()) {
            throw new DataException(DataException.Kind.NO_ROWS, reading.file(), 0, null, "every row has a missing value "
                    + "in a column the model reads (" + dropped.size() + (dropped.size() == 1 ? " row" : " rows") + " left out)",
                    "Fill in the values, or check that the model reads the columns you meant.");
        }
        if (rows == 0) {
            throw new DataException(DataException.Kind.NO_ROWS, reading.file(), 0, null,
                    "the file has a header line but no rows of data", "Add one line per row below the header.");
        }
        double[][] columns = match.columns(values, rows);
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (int c = 0; c < columns.length; c++) {
            LevelNames l = levelsOfSlot[match.slotOfOutput(c)];
            if (l != null && l.named()) levels.put(match.outputNames().get(c), l.codeInto(columns[c], rows));
        }
        int[] lines = lineOfRow == null ? null : Arrays.copyOf(lineOfRow, rows);
        return DataTable.owning(match.outputNames(), columns, rows, reading.file(), lines, levels,
                dropped.stream().mapToLong(Long::longValue).toArray());
    }

    // ------------------------------------------------------------ what a reading in parts joins

    /** Whether the header line has been read and matched to the wanted columns. */
    boolean headerRead() { return headerLineSeen && !inHeader; }

    long headerLine() { return headerLine; }

    int headerFields() { return headerFields; }

    HeaderMatch match() { return match; }

    @Override
    public boolean sawQuote() { return sawQuote; }

    @Override
    public int rows() { return rows; }

    @Override
    public long lines() { return partLines; }

    void partLines(long lines) { partLines = lines; }

    @Override
    public double[][] values() { return values; }

    /** The line of row {@code row}, counted from this collector's first line (a part's, for a part). */
    @Override
    public long lineOf(int row) { return lineOfRow == null ? row + rowLineBase : lineOfRow[row]; }

    @Override
    public List<Long> dropped() { return dropped; }
}
