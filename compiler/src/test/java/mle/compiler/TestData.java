package mle.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import mle.compiler.ir.Objective;

/**
 * A deliberately small CSV reader for tests: a header, then numbers, or names in a column that indexes a vector (read
 * as their levels 1..K in sorted order); columns picked by the objective's names. No quotes.
 */
public record TestData(double[][] columns, int rows) {

    public static TestData read(Path csv, Objective objective) throws IOException {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        List<String> header = Arrays.stream(lines.getFirst().split(",")).map(String::trim).toList();
        int rows = lines.size() - 1;
        double[][] columns = new double[objective.columns().size()][rows];
        for (Objective.Column c : objective.columns()) {
            int at = header.indexOf(c.name());
            if (at < 0) throw new IllegalArgumentException(csv + " has no column " + c.name());
            List<String> cells = lines.subList(1, lines.size()).stream().map(l -> l.split(",")[at].trim()).toList();
            boolean names = objective.levelColumns().contains(c.name()) && cells.stream().anyMatch(x -> !x.matches("[-+0-9.eE]+"));
            List<String> levels = cells.stream().distinct().sorted().toList();
            for (int r = 0; r < rows; r++) {
                columns[c.index()][r] = names ? levels.indexOf(cells.get(r)) + 1 : Double.parseDouble(cells.get(r));
            }
        }
        return new TestData(columns, rows);
    }

    public static TestData of(double[]... columns) { return new TestData(columns, columns.length == 0 ? 0 : columns[0].length); }
}
