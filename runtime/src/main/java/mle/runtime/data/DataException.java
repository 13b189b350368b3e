package mle.runtime.data;

import java.nio.file.Path;

/**
 * A data file (or data arrays) that cannot be used, explained for the person who has to fix it:
 * where (file, line as an editor shows it with the header as line 1, column), what is wrong, and what
 * to do. {@link #getMessage()} is the whole explanation in that order, for example
 * <pre>
 * data.csv, line 7, column `y`: "abc" is not a number. Write a plain decimal number such as 3, -2.5 or 1e-3.
 * </pre>
 * The parts are also available one by one, so that a caller can render them its own way.
 */
public final class DataException extends RuntimeException {

    /** What kind of problem, so that a caller can choose an exit code (sysexits: 66 for {@link #UNREADABLE}, 65 otherwise). */
    public enum Kind {
        /** The file does not exist, is a directory, or cannot be read. */
        UNREADABLE,
        /** The bytes are not UTF-8 text. */
        NOT_UTF8,
        /** Nothing in the file, not even a header line. */
        EMPTY,
        /** A header line but no data rows. */
        NO_ROWS,
        /** A column the model needs is not in the header. */
        MISSING_COLUMN,
        /** A column the model needs appears twice in the header (or two headers are the same name). */
        DUPLICATE_COLUMN,
        /** A column mapping that names no data of the model, or a malformed mapping. */
        BAD_MAPPING,
        /** A line with more or fewer fields than the header. */
        RAGGED_ROW,
        /** A cell that is not a number. */
        NOT_A_NUMBER,
        /** An empty cell or a missing-value marker such as NA or NaN. */
        MISSING_VALUE,
        /** An infinite value, or a number too large for a double. */
        NOT_FINITE,
        /** Broken CSV syntax, such as a quote that is never closed. */
        MALFORMED,
        /** A value outside where the model says it must lie (a negative count for Poisson, say). */
        OUT_OF_SUPPORT,
        /** More rows than a fit takes. */
        TOO_LARGE
    }

    private final Kind kind;
    private final Path file;
    private final long line;
    private final String column;
    private final String problem;
    private final String hint;

    /**
     * @param file    the data file, or null for data that did not come from a file
     * @param line    the 1-based line in the file (the header is line 1), or 0 when no line applies;
     *                for data without a file, the 1-based row
     * @param column  the column's name, or null when no column applies
     * @param problem what is wrong, one sentence without the final full stop
     * @param hint    what to do, one sentence (with its full stop), or null
     */
    public DataException(Kind kind, Path file, long line, String column, String problem, String hint) {
        super(compose(file, line, column, problem, hint), null, false, true);
        this.kind = kind;
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
        this.hint = hint;
    }

    public Kind kind() { return kind; }

    /** The data file, or null. */
    public Path file() { return file; }

    /** The 1-based line of the file as an editor shows it (the header is line 1), or 0 when none applies. */
    public long line() { return line; }

    /** The column's name, or null. */
    public String column() { return column; }

    /** What is wrong, without the location. */
    public String problem() { return problem; }

    /** What to do, or null. */
    public String hint() { return hint; }

    /** "data.csv, line 7, column `y`", or the parts of it that apply (possibly empty). */
    public String location() { return location(file, line, column); }

    private static String location(Path file, long line, String column) {
        StringBuilder where = new StringBuilder();
        // A file's name may hold a line break or a bidirectional control: shown escaped, it cannot forge a line.
        if (file != null) where.append(mle.compiler.source.DiagnosticRenderer.escape(file.toString()));
        if (line > 0) where.append(where.isEmpty() ? "" : ", ").append(file != null ? "line " : "row ").append(line);
        if (column != null) where.append(where.isEmpty() ? "" : ", ").append("column `").append(column).append('`');
        return where.toString();
    }

    private static String compose(Path file, long line, String column, String problem, String hint) {
        // A problem that already names its column in backticks ("the header has no column `y`") need not say it twice.
        String where = location(file, line, column != null && problem.contains("`" + column + "`") ? null : column);
        StringBuilder message = new StringBuilder();
        if (!where.isEmpty()) message.append(where).append(": ");
        message.append(problem).append('.');
        if (hint != null) message.append(' ').append(hint);
        return message.toString();
    }
}
