package mle.api;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Per-row values at a fit: for each observation the value, the fitted value (the distribution's mean at θ̂; for
 * Cauchy, which has none, its location), the residual y − fitted, the standardized residual (y − fitted)/√variance
 * (the Pearson residual; NaN where the distribution has no variance), and the row's contribution to the
 * log-likelihood, whose sum over the rows is −NLL.
 *
 * @param header  the column names: `line`, then the values, `loglik` last
 * @param lines   each row's line in its file (or its 1-based row for data given as arrays)
 * @param columns the values by column (after `line`) and row
 */
public record Predictions(List<String> header, long[] lines, double[][] columns) {

    /** Writes the table as CSV: a header line, then one line per row, numbers to full precision. */
    public void writeCsv(Writer out) throws IOException {
        try (de.siegmar.fastcsv.writer.CsvWriter csv = de.siegmar.fastcsv.writer.CsvWriter.builder().lineDelimiter(
                de.siegmar.fastcsv.writer.LineDelimiter.LF).build(out)) {
            csv.writeRecord(header);
            String[] record = new String[header.size()];
            for (int r = 0; r < lines.length; r++) {
                record[0] = Long.toString(lines[r]);
                for (int c = 0; c < columns.length; c++) record[c + 1] = Double.toString(columns[c][r]);
                csv.writeRecord(record);
            }
        }
    }

    /** The column of that name. */
    public double[] column(String name) {
        int i = header.indexOf(name);
        if (i < 1) throw new IllegalArgumentException("no column " + name + " in " + header);
        return columns[i - 1].clone();
    }
}
