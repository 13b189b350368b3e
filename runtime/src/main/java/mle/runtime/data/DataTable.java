package mle.runtime.data;

import mle.compiler.ast.Names;

import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of a model: named columns of finite doubles, all of the same length, one value per row.
 * Immutable: the factories copy what they are given, and {@link #column} hands out copies.
 * {@link #columnView} gives read-only access without a copy, for large data.
 *
 * <p>A table read from a file remembers the file and the line of each row, so that a later problem with
 * a value (a count that is negative, say) can be reported at the line the user sees in an editor.
 */
public final class DataTable {
    private final List<String> names;
    private final double[][] columns;
    private final int rows;
    private final Path source;
    /** The file line of each row, or null when row r is on line r + 2 (a header, then one line per row). */
    private final int[] lines;
    /** The names of the levels 1..K of each column that was read from names (`east`, `north`, …), by column. */
    private final Map<String, List<String>> levels;
    /** The file lines left out for a missing value (when reading was asked to drop incomplete rows). */
    private final long[] dropped;
    /** Each name's first column: a name is looked up, not searched for (10,000 columns, each looked up twice). */
    private final Map<String, Integer> positions = new java.util.HashMap<>();

    private DataTable(List<String> names, double[][] columns, int rows, Path source, int[] lines,
                      Map<String, List<String>> levels, long[] dropped) {
        this.names = List.copyOf(names);
        this.columns = columns;
        this.rows = rows;
        this.source = source;
        this.lines = lines;
        this.levels = Map.copyOf(levels);
        this.dropped = dropped;
        for (int i = 0; i < this.names.size(); i++) positions.putIfAbsent(this.names.get(i), i);
    }

    /**
     * A table that takes ownership of the arrays, which must all have exactly {@code rows} finite elements and must not
     * be changed afterwards: for a reader that built them (the CSV reader, {@code mle.runtime.data.csv}), so that large
     * data are not held twice. {@code lines} is each row's file line, or null when row r is on line r + 2.
     */
    public static DataTable owning(List<String> names, double[][] columns, int rows, Path source, int[] lines,
                                   Map<String, List<String>> levels, long[] dropped) {
        return new DataTable(names, columns, rows, source, lines, levels, dropped);
    }

    /** The lines of the file that were left out because a cell the model reads was missing; empty when none were. */
    public long[] droppedLines() { return dropped.clone(); }

    // ---------------------------------------------------------------- factories

    /**
     * A table from arrays (copied), in the order given. Every value must be finite and every column as
     * long as the first; otherwise a {@link DataException} names the column and the 1-based row.
     */
    public static DataTable of(List<String> names, List<double[]> columns) {
        if (names.size() != columns.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + columns.size() + " columns");
        }
        int rows = columns.isEmpty() ? 0 : columns.getFirst().length;
        double[][] copies = new double[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            String name = names.get(c);
            for (int d = 0; d < c; d++) {
                if (names.get(d).equals(name) || Names.canonical(names.get(d)).equals(Names.canonical(name))) {
                    throw new DataException(DataException.Kind.DUPLICATE_COLUMN, null, 0, name,
                            "the data has two columns named `" + names.get(d) + "` and `" + name + "`",
                            "Give each column its own name.");
                }
            }
            double[] values = columns.get(c);
            if (values.length != rows) {
                throw new DataException(DataException.Kind.RAGGED_ROW, null, 0, name,
                        "the column has " + values.length + " values but `" + names.getFirst() + "` has " + rows,
                        "Give every column one value per row.");
            }
            for (int r = 0; r < rows; r++) {
                double v = values[r];
                if (Double.isNaN(v)) {
                    throw new DataException(DataException.Kind.MISSING_VALUE, null, r + 1, name,
                            "the value is NaN (a missing value)", "Missing values are not supported: remove the row or fill in a value.");
                }
                if (Double.isInfinite(v)) {
                    throw new DataException(DataException.Kind.NOT_FINITE, null, r + 1, name,
                            "the value is infinite", "Only finite numbers can be fitted: correct the value or remove the row.");
                }
            }
            copies[c] = values.clone();
        }
        return new DataTable(names, copies, rows, null, null, Map.of(), new long[0]);
    }

    /** A table from named arrays (copied), in the map's iteration order (use a LinkedHashMap). */
    public static DataTable of(Map<String, double[]> columns) {
        return of(new ArrayList<>(columns.keySet()), new ArrayList<>(columns.values()));
    }

    // ---------------------------------------------------------------- access

    public List<String> columnNames() { return names; }

    public int columnCount() { return names.size(); }

    public int rowCount() { return rows; }

    /** The file this table was read from, or null. */
    public Path source() { return source; }

    /** Whether a column of this name exists (exactly, or as the same name in another spelling: sigma = σ). */
    public boolean hasColumn(String name) { return find(name) >= 0; }

    /** A copy of the named column. */
    public double[] column(String name) { return columns[index(name)].clone(); }

    /** A copy of the column at {@code index} (0-based, in the order of {@link #columnNames()}). */
    public double[] column(int index) { return columns[index].clone(); }

    /**
     * The column's own array, not a copy, for code that only reads it: a fit of 2,000,000 rows need not hold its data
     * twice. Changing it would change this table, which is meant never to change: don't.
     */
    public double[] columnForReading(String name) { return columns[index(name)]; }

    /** The named column without copying, read-only. */
    public DoubleBuffer columnView(String name) { return DoubleBuffer.wrap(columns[index(name)]).asReadOnlyBuffer(); }

    /** One value: {@code row} is 0-based. */
    public double get(String column, int row) {
        double[] values = columns[index(column)];
        if (row < 0 || row >= rows) throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        return values[row];
    }

    /**
     * The 1-based line of the source file on which the 0-based {@code row} stands (the header is line 1),
     * or, for a table made from arrays, the 1-based row.
     */
    public long lineOf(int row) {
        if (row < 0 || row >= rows) throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        if (source == null) return row + 1L;
        return lines == null ? row + 2L : lines[row];
    }

    /** A table with only the named columns, in the given order (sharing nothing mutable with this one). */
    public DataTable select(List<String> wanted) {
        double[][] picked = new double[wanted.size()][];
        Map<String, List<String>> keptLevels = new LinkedHashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            picked[i] = columns[index(wanted.get(i))];
            List<String> named = levels(wanted.get(i));
            if (named != null) keptLevels.put(wanted.get(i), named);
        }
        return new DataTable(wanted, picked, rows, source, lines, keptLevels, dropped);
    }

    /**
     * The names of a column's levels, the first for the value 1, when the column was given as names (a categorical
     * column: `region` with cells `east`, `north`, …); null for a column of numbers.
     */
    public List<String> levels(String column) { return levels.get(names.get(index(column))); }

    /**
     * This table with one more column given as names, one per row: a categorical column. Its values are the levels'
     * numbers 1..K, in the sorted order of the distinct names (as R's {@code factor} orders them), which
     * {@link #levels} gives back. Every name must be non-blank.
     */
    public DataTable withLevels(String name, List<String> cells) {
        if (cells.size() != rows && !names.isEmpty()) {
            throw new DataException(DataException.Kind.RAGGED_ROW, null, 0, name, "the column has " + cells.size()
                    + " values but `" + names.getFirst() + "` has " + rows, "Give every column one value per row.");
        }
        java.util.TreeMap<String, Integer> sorted = new java.util.TreeMap<>();
        for (int r = 0; r < cells.size(); r++) {
            String cell = cells.get(r) == null ? "" : cells.get(r).strip();
            if (cell.isEmpty()) {
                throw new DataException(DataException.Kind.MISSING_VALUE, null, r + 1, name,
                        "the value is blank (a missing value)", "Missing values are not supported: remove the row or fill in a value.");
            }
            sorted.put(cell, 0);
        }
        List<String> levelNames = List.copyOf(sorted.keySet());
        for (int k = 0; k < levelNames.size(); k++) sorted.put(levelNames.get(k), k + 1);
        double[] codes = new double[cells.size()];
        for (int r = 0; r < codes.length; r++) codes[r] = sorted.get(cells.get(r).strip());
        List<String> allNames = new ArrayList<>(names);
        List<double[]> all = new ArrayList<>(Arrays.asList(columns));
        allNames.add(name);
        all.add(codes);
        DataTable table = of(allNames, all);
        Map<String, List<String>> allLevels = new LinkedHashMap<>(levels);
        allLevels.put(name, levelNames);
        return new DataTable(table.names, table.columns, table.rows, source, lines, allLevels, dropped);
    }

    private int find(String name) {
        Integer exact = positions.get(name);
        if (exact != null) return exact;
        String canonical = Names.canonical(name);
        for (int i = 0; i < names.size(); i++) {
            if (Names.canonical(names.get(i)).equals(canonical)) return i;
        }
        return -1;
    }

    private int index(String name) {
        int i = find(name);
        if (i < 0) throw new IllegalArgumentException("no column `" + name + "` in " + names);
        return i;
    }

    @Override
    public String toString() {
        return "DataTable[" + rows + " rows × " + names.size() + " columns " + names
                + (source != null ? " from " + source : "") + "]";
    }

    /** Column-by-column equality of names and values (bitwise, so 0.0 and -0.0 differ). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataTable other) || other.rows != rows || !other.names.equals(names) || !other.levels.equals(levels)) return false;
        for (int c = 0; c < columns.length; c++) if (!Arrays.equals(columns[c], other.columns[c])) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int h = names.hashCode() * 31 + rows;
        for (double[] column : columns) h = h * 31 + Arrays.hashCode(column);
        return h;
    }
}
