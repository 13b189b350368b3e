package mle.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import mle.compiler.ir.Objective;

/** A deliberately small CSV reader for tests: a header, then numbers; columns picked by the objective's names. */
public record TestData(double[][] columns, int rows) {

    public static TestData read(Path csv, Objective objective) throws IOException {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        List<String> header = Arrays.stream(lines.getFirst().split(",")).map(String::trim).toList();
        int rows = lines.size() - 1;
        double[][] columns = new double[objective.columns().size()][rows];
        for (Objective.Column c : objective.columns()) {
            int at = header.indexOf(c.name());
            if (at < 0) throw new IllegalArgumentException(csv + " has no column " + c.name());
            for (int r = 0; r < rows; r++) columns[c.index()][r] = Double.parseDouble(lines.get(r + 1).split(",")[at].trim());
        }
        return new TestData(columns, rows);
    }

    public static TestData of(double[]... columns) { return new TestData(columns, columns.length == 0 ? 0 : columns[0].length); }
}
