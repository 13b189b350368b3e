package mle.runtime.data.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static mle.runtime.data.csv.FileErrors.describe;

/**
 * One read of one file: the columns asked for, parsed from start to end, or in parts when the file is large.
 *
 * @param wanted the names of the table's columns, in order; null for every column of the file under its header name
 * @param rename wanted name → the header name of the column that holds it, checked against {@code wanted}
 */
record FileReading(Path file, List<String> wanted, Map<String, String> rename, Set<String> levelColumns,
                   boolean dropIncomplete) {

    DataTable run() { return run(true); }

    /** From start to end, the columns that may hold names kept as text from their first cell (the reading before). */
    DataTable runKeepingNames() { return read(false); }

    /** @param allowParts whether a large file may be read in parts (tests compare with a reading from start to end) */
    DataTable run(boolean allowParts) {
        // A column that may hold names most often holds numbers (group ids): read as plain numbers first, it keeps no
        // text per cell and may be read in parts. The first cell that is not a number (a name, or any error) sends the
        // read back to the start with names allowed, which gives the table with its levels, or the same error.
        if (!levelColumns.isEmpty() && !dropIncomplete && Files.isRegularFile(file)) {
            try {
                return new FileReading(file, wanted, rename, Set.of(), false).run(allowParts);
            } catch (DataException namesOrError) {
                // read again below
            }
        }
        return read(allowParts);
    }

    private DataTable read(boolean allowParts) {
        // Only a regular file can be read twice (its start for the separator, then in parts): a pipe is read once.
        if (allowParts && Files.isRegularFile(file)) {
            FileStart start;
            try (InputStream raw = open()) {
                start = FileStart.read(new BufferedInputStream(raw, 1 << 16), file);
            } catch (IOException e) {
                throw unreadable("the file could not be read (" + describe(e) + ")", "Check that the file is complete and readable.");
            }
            DataTable inParts = ReadingInParts.read(this, start.separator(), start.textOffset());
            if (inParts != null) return inParts;
        }
        try (InputStream raw = open()) {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            char separator = FileStart.read(in, file).separator();
            // Bytes that are not UTF-8 become U+FFFD. They matter only where they land in a wanted cell or
            // in the header, and are reported there; text columns the model ignores may be in any encoding.
            ColumnCollector collector = new ColumnCollector(this, separator);
            try {
                feed(new InputStreamReader(in, StandardCharsets.UTF_8), separator, collector);
            } catch (CsvParseException e) {
                // FastCSV wraps what the collector throws; its own syntax errors come without a cause.
                if (e.getCause() instanceof DataException d) throw d;
                if (e.getCause() != null) throw new IllegalStateException("internal error while reading " + file, e.getCause());
                throw FileErrors.malformed(file, collector.currentLine(), e);
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
    static void feed(Reader reader, char separator, ColumnCollector collector) throws IOException {
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

    private DataException unreadable(String problem, String hint) {
        return FileErrors.unreadable(file, problem, hint);
    }
}
