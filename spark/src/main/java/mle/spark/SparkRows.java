package mle.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import mle.api.Model;
import mle.runtime.data.DataException;
import mle.runtime.data.csv.CsvReader;
import mle.runtime.data.csv.NumberCells;
import mle.runtime.parts.PartedRows;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.storage.StorageLevel;

/**
 * A Spark DataFrame's rows as a model's data, for {@link Model#fit(mle.compiler.ir.Rows, mle.api.FitOptions)}: the
 * model's columns of each partition are read once into arrays and kept in the executors' memory, and each pass of the
 * fit sends a small job to every partition (the objective's row sums, compiled there) and adds the answers with a tree
 * aggregation. Close it to let go of the cached partitions.
 *
 * <pre>{@code
 * Model model = Model.compile(Path.of("model.mle"));
 * try (SparkRows rows = SparkRows.of(model, spark.read().parquet("data.parquet"))) {
 *     FitResult fit = model.fit(rows, FitOptions.defaults());
 * }
 * }</pre>
 */
public final class SparkRows extends PartedRows implements AutoCloseable {
    /**
     * One partition's rows: the model's columns, how many records it read (rows kept and rows left out), and its first
     * value that is missing, infinite or not a number: the record, the column, whether it is infinite and, for a text
     * cell, the text (else null); −1 where there is none.
     */
    record Block(int rows, int records, double[][] columns, int badRecord, int badColumn, boolean infinite, String badText,
                 int badFields) implements Serializable {
        Summary summary() { return new Summary(rows, records, badRecord, badColumn, infinite, badText, badFields); }
    }

    /** A block without its columns: what the driver needs to know of each partition. */
    record Summary(int rows, int records, int badRecord, int badColumn, boolean infinite, String badText, int badFields)
            implements Serializable {}

    /**
     * A frame's column of records that do not have as many fields as the header (Spark's columnNameOfCorruptRecord):
     * where it is there, such a record is an error, as in `mle fit`, not a row cut short or padded in silence. With
     * dropIncomplete a short one is read as Spark pads it, its missing fields missing values.
     */
    public static final String MALFORMED = "_mle_malformed_record";

    /** How each of the model's columns is read from its Spark column. */
    private enum Reading { NUMBER, TEXT, LEVEL }

    private final JavaRDD<Block> blocks;
    private final int[] firstRows;
    private final int count;
    private final long dropped;
    private final Map<String, List<String>> levels;

    private SparkRows(JavaRDD<Block> blocks, int[] firstRows, int count, long dropped, Map<String, List<String>> levels) {
        this.levels = levels;
        this.blocks = blocks;
        this.firstRows = firstRows;
        this.count = count;
        this.dropped = dropped;
    }

    public static SparkRows of(Model model, Dataset<Row> frame) { return of(model, frame, Map.of()); }

    public static SparkRows of(Model model, Dataset<Row> frame, Map<String, String> rename) { return of(model, frame, rename, false); }

    /**
     * A text column (CSV read without a schema, or strings in Parquet) is read with the grammar of `mle fit`
     * ({@link NumberCells}): what it refuses (0x1p3, 1_000, 1,5, Infinity) is refused here with the same sentence, and
     * the missing-value markers it knows (empty, NA, NaN, null, ., …) are missing values here too.
     *
     * @param rename the frame's column for a model's data name, where they differ (`--column y=response`)
     * @param dropIncomplete leave out the rows with a missing value (null, NaN, a missing-value marker) in a column the
     *                       model reads, as `mle fit --drop-incomplete` does; {@link #dropped()} says how many
     * @throws DataException when a column is missing or not numeric, or a value is missing, infinite or not a number: at
     *                       its record, the 1-based place of the row among all the frame's rows
     */
    public static SparkRows of(Model model, Dataset<Row> frame, Map<String, String> rename, boolean dropIncomplete) {
        List<String> names = model.dataColumns();
        List<String> available = Arrays.asList(frame.schema().fieldNames());
        Column[] selected = new Column[names.size()];
        String[] sources = new String[names.size()];
        Reading[] readings = new Reading[names.size()];
        // A column of names that indexes a vector (`m[region]`) stands for its levels 1..K in sorted order, as in a CSV.
        @SuppressWarnings("unchecked")
        HashMap<String, Integer>[] levelOf = new HashMap[names.size()];
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (int c = 0; c < selected.length; c++) {
            String name = names.get(c), source = rename.getOrDefault(name, name);
            sources[c] = source;
            if (!available.contains(source)) {
                throw new DataException(DataException.Kind.MISSING_COLUMN, null, 0, name, "the data have no column `"
                        + source + "` (they have " + String.join(", ", available) + ")", "add it, or map another column to it");
            }
            DataType type = frame.schema().apply(source).dataType();
            selected[c] = functions.col(source);
            if (type instanceof StringType) {
                readings[c] = Reading.TEXT;
                if (model.levelColumns().contains(name)) {
                    java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
                    for (Row r : frame.select(functions.col(source)).distinct().collectAsList()) {
                        if (!r.isNullAt(0) && !NumberCells.isMissing(r.getString(0))) distinct.add(r.getString(0).strip());
                    }
                    // As in a CSV: names only when some cell is not a number.
                    if (distinct.stream().anyMatch(d -> Double.isNaN(NumberCells.parse(d)))) {
                        List<String> sorted = List.copyOf(distinct);
                        model.checkLevels(null, name, sorted);
                        levelOf[c] = new HashMap<>();
                        for (int k = 0; k < sorted.size(); k++) levelOf[c].put(sorted.get(k), k + 1);
                        levels.put(name, sorted);
                        readings[c] = Reading.LEVEL;
                    }
                }
                continue;
            }
            if (!(type instanceof NumericType) && !(type instanceof BooleanType)) {
                throw new DataException(DataException.Kind.NOT_A_NUMBER, null, 0, source, "`" + source + "` holds "
                        + type.simpleString() + ", not numbers", "cast it to a number");
            }
            readings[c] = Reading.NUMBER;
            selected[c] = functions.col(source).cast("double");
        }
        boolean checked = available.contains(MALFORMED);
        int headerFields = available.size() - (checked ? 1 : 0);
        if (checked) {
            selected = Arrays.copyOf(selected, selected.length + 1);
            selected[selected.length - 1] = functions.col(MALFORMED);
        }
        JavaRDD<Block> blocks = frame.select(selected).javaRDD()
                .mapPartitions(rows -> block(rows, readings, levelOf, dropIncomplete, checked ? headerFields : -1), true)
                .persist(StorageLevel.MEMORY_ONLY());
        // One small answer per partition: its rows and its first bad value, in partition order.
        List<Summary> sizes = blocks.map(Block::summary).collect();
        int[] firstRows = new int[sizes.size()];
        long total = 0, records = 0;
        for (int p = 0; p < sizes.size(); p++) {
            firstRows[p] = (int) Math.min(total, Integer.MAX_VALUE);
            Summary s = sizes.get(p);
            if (s.badRecord() >= 0) {
                blocks.unpersist(false);
                throw s.badFields() > 0 ? CsvReader.raggedRow(null, records + s.badRecord() + 1, s.badFields(), headerFields, ',')
                        : badValue(s, records + s.badRecord() + 1, sources[s.badColumn()]);
            }
            total += s.rows();
            records += s.records();
        }
        if (total > Integer.MAX_VALUE) {
            blocks.unpersist(false);
            throw new DataException(DataException.Kind.TOO_LARGE, null, 0, null, "the data have " + total + " rows, more "
                    + "than the 2,147,483,647 a fit takes", "fit a sample, or aggregate rows with frequency weights");
        }
        if (total == 0 && records > 0) {
            blocks.unpersist(false);
            throw new DataException(DataException.Kind.NO_ROWS, null, 0, null, "every row has a missing value in a column "
                    + "the model reads (" + records + (records == 1 ? " row" : " rows") + " left out)",
                    "Fill in the values, or check that the model reads the columns you meant.");
        }
        int cores = frame.sparkSession().sparkContext().defaultParallelism();
        if (sizes.size() < cores && total >= 2L * cores) return spread(blocks, sizes, cores, (int) total, records - total, levels);
        return new SparkRows(blocks, firstRows, (int) total, records - total, Map.copyOf(levels));
    }

    /**
     * Fewer partitions than cores (a CSV file read whole, since a quoted field may span lines): each block cut into
     * pieces in row order, one piece a partition, so that every pass of the fit runs on every core. The rows keep their
     * order, so a row's number stays its place in the data.
     */
    private static SparkRows spread(JavaRDD<Block> blocks, List<Summary> sizes, int cores, int total, long dropped,
                                    Map<String, List<String>> levels) {
        int each = (cores + sizes.size() - 1) / sizes.size(), pieces = each * sizes.size();
        JavaRDD<Block> spread = blocks.mapPartitionsWithIndex((p, it) -> {
            List<scala.Tuple2<Integer, Block>> cut = new java.util.ArrayList<>();
            while (it.hasNext()) {
                Block b = it.next();
                for (int j = 0; j < each; j++) {
                    int from = piece(b.rows(), each, j), to = piece(b.rows(), each, j + 1);
                    double[][] columns = new double[b.columns().length][];
                    for (int c = 0; c < columns.length; c++) columns[c] = Arrays.copyOfRange(b.columns()[c], from, to);
                    cut.add(new scala.Tuple2<>(p * each + j, new Block(to - from, to - from, columns, -1, -1, false, null, 0)));
                }
            }
            return cut.iterator();
        }, true).mapToPair(t -> t).partitionBy(new org.apache.spark.HashPartitioner(pieces)).values()
                .persist(StorageLevel.MEMORY_ONLY());
        int[] firstRows = new int[pieces];
        int first = 0;
        for (int p = 0; p < sizes.size(); p++) {
            for (int j = 0; j < each; j++) {
                firstRows[p * each + j] = first;
                first += piece(sizes.get(p).rows(), each, j + 1) - piece(sizes.get(p).rows(), each, j);
            }
        }
        spread.count();   // cut while the blocks are still cached
        blocks.unpersist(false);
        return new SparkRows(spread, firstRows, total, dropped, Map.copyOf(levels));
    }

    /** Where piece {@code j} of {@code pieces} of {@code rows} rows starts. */
    private static int piece(int rows, int pieces, int j) { return (int) ((long) rows * j / pieces); }

    /** The error for a partition's first bad value, at the 1-based record {@code record}. */
    private static DataException badValue(Summary s, long record, String column) {
        if (s.badText() != null) {
            NumberCells.Rejection verdict = NumberCells.explain(s.badText(), ',');
            return new DataException(verdict.kind(), null, record, column, verdict.problem(), verdict.hint());
        }
        return s.infinite()
                ? new DataException(DataException.Kind.NOT_FINITE, null, record, column,
                "the value is infinite", "Correct it, or leave the row out.")
                : new DataException(DataException.Kind.MISSING_VALUE, null, record, column, "the value is missing",
                "Fill it in, or leave out incomplete rows (--drop-incomplete; frame.na().drop() in Java).");
    }

    /** A partition's rows as columns. */
    private static Iterator<Block> block(Iterator<Row> rows, Reading[] readings, Map<String, Integer>[] levelOf,
                                         boolean dropIncomplete, int headerFields) {
        int width = readings.length, n = 0, records = 0, badRecord = -1, badColumn = -1, badFields = 0;
        boolean infinite = false;
        String badText = null;
        double[][] columns = new double[width][1024];
        double[] values = new double[width];
        while (rows.hasNext()) {
            Row row = rows.next();
            records++;
            if (headerFields >= 0 && !row.isNullAt(width)) {
                int fields = CsvReader.fieldCount(row.getString(width));
                if (fields != headerFields && (fields > headerFields || !dropIncomplete)) {
                    if (badRecord < 0) {
                        badRecord = records - 1;
                        badFields = Math.max(fields, 1);
                    }
                    continue;
                }
            }
            int firstBad = -1;
            for (int c = 0; c < width; c++) {
                double v = row.isNullAt(c) ? Double.NaN : switch (readings[c]) {
                    case NUMBER -> row.getDouble(c);
                    case TEXT -> NumberCells.parse(row.getString(c));
                    case LEVEL -> NumberCells.isMissing(row.getString(c)) ? Double.NaN
                            : levelOf[c].get(row.getString(c).strip());
                };
                if (!Double.isFinite(v) && firstBad < 0) firstBad = c;
                values[c] = v;
            }
            if (firstBad >= 0) {
                // A text cell is explained as `mle fit` explains it; an empty one is null in Spark.
                String text = readings[firstBad] != Reading.TEXT ? null : row.isNullAt(firstBad) ? "" : row.getString(firstBad);
                boolean missing = text != null ? NumberCells.isMissing(text) : Double.isNaN(values[firstBad]);
                if (missing && dropIncomplete) continue;
                if (badRecord < 0) {
                    badRecord = records - 1;
                    badColumn = firstBad;
                    infinite = !missing && text == null;
                    badText = text;
                }
            }
            if (n == columns[0].length) {
                for (int c = 0; c < width; c++) columns[c] = Arrays.copyOf(columns[c], 2 * n);
            }
            for (int c = 0; c < width; c++) columns[c][n] = values[c];
            n++;
        }
        for (int c = 0; c < width; c++) columns[c] = Arrays.copyOf(columns[c], n);
        return List.of(new Block(n, records, columns, badRecord, badColumn, infinite, badText, badFields)).iterator();
    }

    /** How many partitions hold the rows. */
    int partitions() { return firstRows.length; }

    /** How many rows were left out for a missing value (with {@code dropIncomplete}). */
    public long dropped() { return dropped; }

    @Override
    public int count() { return count; }

    /** The level names of each column read as names, by the model's data name (`region` → east, north, …). */
    public Map<String, List<String>> levels() { return levels; }

    @Override
    public <R extends Serializable> R aggregate(Job<R> job, R zero, Combine<R> combine) {
        int[] first = firstRows;
        return blocks.mapPartitionsWithIndex((index, it) -> {
            R answer = zero;
            while (it.hasNext()) {
                Block b = it.next();
                if (b.rows() > 0) answer = combine.apply(answer, job.run(new Part(first[index], b.rows(), b.columns())));
            }
            return List.of(answer).iterator();
        }, true).treeAggregate(zero, combine::apply, combine::apply);
    }

    /** Lets go of the cached partitions. */
    @Override
    public void close() { blocks.unpersist(false); }
}
