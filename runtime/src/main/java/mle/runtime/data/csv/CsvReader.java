package mle.runtime.data.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import mle.compiler.ast.Names;
import mle.compiler.check.Suggestions;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return new FileReading(file, List.copyOf(wantedColumns), checkedMapping(file, wantedColumns, rename),
                java.util.Set.copyOf(levelColumns), dropIncomplete).run();
    }

    /** As {@link #read(Path, List, Map, java.util.Set, boolean)}, always from start to end: the yardstick for reading in parts. */
    static DataTable readInOrder(Path file, List<String> wantedColumns, Map<String, String> rename, boolean dropIncomplete) {
        return readInOrder(file, wantedColumns, rename, java.util.Set.of(), dropIncomplete);
    }

    /** {@link #read(Path, List, Map, java.util.Set, boolean)} from start to end, names kept from the first cell on. */
    static DataTable readInOrder(Path file, List<String> wantedColumns, Map<String, String> rename,
                                 java.util.Set<String> levelColumns, boolean dropIncomplete) {
        return new FileReading(file, List.copyOf(wantedColumns), checkedMapping(file, wantedColumns, rename),
                java.util.Set.copyOf(levelColumns), dropIncomplete).runKeepingNames();
    }

    /** Reads every column of a CSV file under its header name; each must be numeric. */
    public static DataTable readAll(Path file) {
        return new FileReading(file, null, Map.of(), java.util.Set.of(), false).run();
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
}
