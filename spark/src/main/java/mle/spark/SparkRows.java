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
    /** One partition's rows: the model's columns, and the first value that is missing or infinite (row, column) or −1. */
    record Block(int rows, double[][] columns, int badRow, int badColumn, boolean infinite) implements Serializable {}

    private final JavaRDD<Block> blocks;
    private final int[] firstRows;
    private final int count;
    private final Map<String, List<String>> levels;

    private SparkRows(JavaRDD<Block> blocks, int[] firstRows, int count, Map<String, List<String>> levels) {
        this.levels = levels;
        this.blocks = blocks;
        this.firstRows = firstRows;
        this.count = count;
    }

    public static SparkRows of(Model model, Dataset<Row> frame) { return of(model, frame, Map.of()); }

    /**
     * @param rename the frame's column for a model's data name, where they differ (`--column y=response`)
     * @throws DataException when a column is missing or not numeric, or a value is missing (null or NaN)
     */
    public static SparkRows of(Model model, Dataset<Row> frame, Map<String, String> rename) {
        List<String> names = model.dataColumns();
        List<String> available = Arrays.asList(frame.schema().fieldNames());
        Column[] selected = new Column[names.size()];
        // A column of names that indexes a vector (`m[region]`) stands for its levels 1..K in sorted order, as in a CSV.
        @SuppressWarnings("unchecked")
        HashMap<String, Integer>[] levelOf = new HashMap[names.size()];
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (int c = 0; c < selected.length; c++) {
            String name = names.get(c), source = rename.getOrDefault(name, name);
            if (!available.contains(source)) {
                throw new DataException(DataException.Kind.MISSING_COLUMN, null, 0, name, "the data have no column `"
                        + source + "` (they have " + String.join(", ", available) + ")", "add it, or map another column to it");
            }
            DataType type = frame.schema().apply(source).dataType();
            if (type instanceof StringType && model.levelColumns().contains(name)) {
                java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
                for (Row r : frame.select(functions.col(source)).distinct().collectAsList()) {
                    if (!r.isNullAt(0)) distinct.add(r.getString(0).strip());
                }
                List<String> sorted = List.copyOf(distinct);
                model.checkLevels(null, name, sorted);
                levelOf[c] = new HashMap<>();
                for (int k = 0; k < sorted.size(); k++) levelOf[c].put(sorted.get(k), k + 1);
                levels.put(name, sorted);
                selected[c] = functions.col(source);
                continue;
            }
            if (!(type instanceof NumericType) && !(type instanceof BooleanType)) {
                throw new DataException(DataException.Kind.NOT_A_NUMBER, null, 0, source, "`" + source + "` holds "
                        + type.simpleString() + ", not numbers", "cast it to a number");
            }
            selected[c] = functions.col(source).cast("double");
        }
        JavaRDD<Block> blocks = frame.select(selected).javaRDD()
                .mapPartitions(rows -> block(rows, levelOf), true)
                .persist(StorageLevel.MEMORY_ONLY());
        // One small answer per partition: its rows and its first missing value, in partition order.
        List<int[]> sizes = blocks.map(b -> new int[] {b.rows(), b.badRow(), b.badColumn(), b.infinite() ? 1 : 0}).collect();
        int[] firstRows = new int[sizes.size()];
        long total = 0;
        for (int p = 0; p < sizes.size(); p++) {
            firstRows[p] = (int) Math.min(total, Integer.MAX_VALUE);
            int[] s = sizes.get(p);
            if (s[1] >= 0) {
                blocks.unpersist(false);
                throw s[3] == 1
                        ? new DataException(DataException.Kind.NOT_FINITE, null, total + s[1] + 1, names.get(s[2]),
                        "the value is infinite", "correct it, or leave the row out")
                        : new DataException(DataException.Kind.MISSING_VALUE, null, total + s[1] + 1, names.get(s[2]),
                        "the value is missing", "fill it in, or leave out incomplete rows (--drop-incomplete; frame.na().drop() in Java)");
            }
            total += s[0];
        }
        if (total > Integer.MAX_VALUE) {
            blocks.unpersist(false);
            throw new DataException(DataException.Kind.TOO_LARGE, null, 0, null, "the data have " + total + " rows, more "
                    + "than the 2,147,483,647 a fit takes", "fit a sample, or aggregate rows with frequency weights");
        }
        return new SparkRows(blocks, firstRows, (int) total, Map.copyOf(levels));
    }

    /** A partition's rows as columns. */
    private static Iterator<Block> block(Iterator<Row> rows, Map<String, Integer>[] levelOf) {
        int width = -1, n = 0, badRow = -1, badColumn = -1;
        boolean infinite = false;
        double[][] columns = null;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (columns == null) {
                width = row.length();
                columns = new double[width][1024];
            }
            if (n == columns[0].length) {
                for (int c = 0; c < width; c++) columns[c] = Arrays.copyOf(columns[c], 2 * n);
            }
            for (int c = 0; c < width; c++) {
                double v = row.isNullAt(c) ? Double.NaN
                        : levelOf[c] != null ? levelOf[c].get(row.getString(c).strip()) : row.getDouble(c);
                if (!Double.isFinite(v) && badRow < 0) {
                    badRow = n;
                    badColumn = c;
                    infinite = !Double.isNaN(v);
                }
                columns[c][n] = v;
            }
            n++;
        }
        if (columns == null) columns = new double[0][];
        for (int c = 0; c < columns.length; c++) columns[c] = Arrays.copyOf(columns[c], n);
        return List.of(new Block(n, columns, badRow, badColumn, infinite)).iterator();
    }

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
