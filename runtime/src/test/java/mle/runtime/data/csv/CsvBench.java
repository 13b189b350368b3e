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
 * Times {@link CsvReader#read} on 2,000,000 rows × 4 numeric columns (about 88 MB, the size in PLATFORM.md) against its
 * limit, a plain scan of the file's bytes on every core (counting its line ends), and against the obvious
 * BufferedReader + split + Double.parseDouble reader. Not a test: `bin/bench csv` runs it on the file of `bin/bench
 * large`, beside pandas' read_csv; by hand,
 * <pre>
 * java -cp runtime/target/test-classes:runtime/target/classes:CLASSPATH mle.runtime.data.csv.CsvBench [rows|file.csv] [rounds]
 * </pre>
 * (a file's columns x1, x2, x3, y). Each round reads the file once with each reader; the first round is a cold JVM's
 * (as `mle fit` reads a file), the median of the later ones a warm JVM's.
 */
public final class CsvBench {
    private CsvBench() {}

    public static void main(String[] args) throws IOException {
        boolean given = args.length > 0 && args[0].endsWith(".csv");
        int rows = args.length > 0 && !given ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = given ? null : Files.createTempDirectory("csvbench");
        Path file = given ? Path.of(args[0]) : dir.resolve("bench.csv");
        try {
            if (!given) write(file, rows);
            long bytes = Files.size(file);
            List<String> wanted = List.of("x1", "x2", "x3", "y");
            double[] scan = new double[rounds], ours = new double[rounds], theirs = new double[rounds];
            int rowsRead = 0;
            double[] firstColumn = null;
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                DataTable table = CsvReader.read(file, wanted, Map.of());
                long t1 = System.nanoTime();
                long lines = scan(file);
                long t2 = System.nanoTime();
                ours[round] = (t1 - t0) / 1e9;
                scan[round] = (t2 - t1) / 1e9;
                rowsRead = table.rowCount();
                firstColumn = table.column("y");
                if (lines != rowsRead + 1) throw new AssertionError(lines + " lines");
            }
            // The obvious reader's garbage after mle's rounds, not between them.
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                double[][] baseline = baseline(file, 4, rowsRead);
                theirs[round] = (System.nanoTime() - t0) / 1e9;
                if (!Arrays.equals(firstColumn, baseline[3])) throw new AssertionError("the readers disagree");
            }
            System.out.printf("%s: %,d rows, %.1f MB, %d cores; first round (cold JVM), median of the %d later ones (warm):%n",
                    file.getFileName(), rowsRead, bytes / 1e6, Runtime.getRuntime().availableProcessors(), rounds - 1);
            row("byte scan, every core (the limit)", scan, bytes);
            row("mle CsvReader.read", ours, bytes);
            row("BufferedReader+split+parseDouble", theirs, bytes);
        } finally {
            if (!given) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        }
    }

    private static void row(String name, double[] seconds, long bytes) {
        double[] later = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(later);
        double warm = later.length == 0 ? Double.NaN : later[later.length / 2];
        System.out.printf("  %-36s first %6.3f s   warm %6.3f s  %6.0f MB/s%n", name, seconds[0], warm, bytes / 1e6 / warm);
    }

    /** The file's line ends, counted on every core from positional reads: how fast its bytes can be had at all. */
    static long scan(Path file) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            int cores = Runtime.getRuntime().availableProcessors();
            return java.util.stream.IntStream.range(0, cores).parallel().mapToLong(k -> {
                byte[] buffer = new byte[1 << 20];
                long count = 0;
                try {
                    for (long at = size * k / cores, end = size * (k + 1) / cores; at < end; ) {
                        int n = channel.read(java.nio.ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, end - at)), at);
                        if (n <= 0) break;
                        for (int i = 0; i < n; i++) if (buffer[i] == '\n') count++;
                        at += n;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return count;
            }).sum();
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
