package mle.runtime.data.csv;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mle.runtime.data.DataTable;

/**
 * Times {@link CsvReader#read} on 2,000,000 rows × 4 numeric columns (about 88 MB, the size in
 * PLATFORM.md) against the obvious BufferedReader + split + Double.parseDouble reader. Not a test:
 * run it by hand,
 * <pre>
 * java -cp runtime/target/test-classes:runtime/target/classes:CLASSPATH mle.runtime.data.CsvBench [rows] [rounds]
 * </pre>
 * Each round reads the file once with each reader; the best round counts (the first rounds warm up
 * the JIT and the page cache).
 */
public final class CsvBench {
    private CsvBench() {}

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("csvbench");
        Path file = dir.resolve("bench.csv");
        try {
            write(file, rows);
            long bytes = Files.size(file);
            System.out.printf("%s: %,d rows x 4 columns, %.1f MB%n", file, rows, bytes / 1e6);
            List<String> wanted = List.of("x1", "x2", "x3", "y");
            double best = Double.MAX_VALUE, bestBaseline = Double.MAX_VALUE;
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                DataTable table = CsvReader.read(file, wanted, Map.of());
                long t1 = System.nanoTime();
                double[][] baseline = baseline(file, 4, rows);
                long t2 = System.nanoTime();
                double ours = (t1 - t0) / 1e9, theirs = (t2 - t1) / 1e9;
                best = Math.min(best, ours);
                bestBaseline = Math.min(bestBaseline, theirs);
                if (!Arrays.equals(table.column("y"), baseline[3])) throw new AssertionError("the readers disagree");
                System.out.printf("round %d: CsvReader.read %.3f s (%.0f MB/s), BufferedReader+split+parseDouble %.3f s (%.0f MB/s)%n",
                        round, ours, bytes / 1e6 / ours, theirs, bytes / 1e6 / theirs);
            }
            System.out.printf("best: CsvReader.read %.3f s (%.0f MB/s), baseline %.3f s (%.0f MB/s), %.1fx%n",
                    best, bytes / 1e6 / best, bestBaseline, bytes / 1e6 / bestBaseline, bestBaseline / best);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Four columns of numbers with 6 to 9 significant digits, as measured data or R's write.csv of rounded values look. */
    static void write(Path file, int rows) throws IOException {
        Random random = new Random(42);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("x1,x2,x3,y\n");
            StringBuilder line = new StringBuilder(64);
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                double x1 = random.nextGaussian(), x2 = random.nextDouble() * 100, x3 = random.nextGaussian() * 1e-3;
                double y = 1.5 + 2 * x1 - 0.03 * x2 + 400 * x3 + random.nextGaussian();
                line.append(round(x1, 7)).append(',').append(round(x2, 7)).append(',')
                        .append(round(x3, 9)).append(',').append(round(y, 6)).append('\n');
                out.append(line);
            }
        }
    }

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    /** What one writes without a library: correct for this file, but neither quotes nor helpful errors. */
    static double[][] baseline(Path file, int columns, int expectedRows) throws IOException {
        double[][] values = new double[columns][expectedRows];
        int row = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; row++) {
                String[] fields = line.split(",");
                for (int c = 0; c < columns; c++) values[c][row] = Double.parseDouble(fields[c]);
            }
        }
        if (row != expectedRows) throw new AssertionError(row + " rows");
        return values;
    }
}
