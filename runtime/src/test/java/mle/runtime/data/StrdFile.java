package mle.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NIST StRD regression file (nonlinear/*.dat or linear/*.dat, see /work/shared/strd/README.md), read
 * for tests: the problem, NIST's certified results, and the data. Arrays are shared, not copied: this is
 * test support, so do not modify them.
 *
 * @param name                 the dataset name, e.g. Misra1a
 * @param nonlinear            nonlinear (with starting values) or linear least squares
 * @param difficulty           Lower, Average or Higher
 * @param model                the model formula on one line, e.g. {@code y = b1*(1-exp[-b2*x]) + e}
 * @param parameters           the parameter names in file order (b1, b2, ... or B0, B1, ...)
 * @param start1               Start 1, one per parameter (null for linear files)
 * @param start2               Start 2, one per parameter (null for linear files)
 * @param certified            the certified estimates
 * @param certifiedSd          their certified standard deviations
 * @param residualSumOfSquares the certified residual sum of squares (for linear files, from the ANOVA table)
 * @param residualSd           the certified residual standard deviation
 * @param degreesOfFreedom     the residual degrees of freedom as the file states them (Rat43 says 9; it is 11)
 * @param rSquared             the certified R² (NaN for nonlinear files)
 * @param columns              the data columns' names in file order: y, then x or x1, x2, ...
 * @param data                 the data, column by column (data[c][row])
 */
public record StrdFile(String name, boolean nonlinear, String difficulty, String model, List<String> parameters,
                       double[] start1, double[] start2, double[] certified, double[] certifiedSd,
                       double residualSumOfSquares, double residualSd, int degreesOfFreedom, double rSquared,
                       List<String> columns, double[][] data) {

    /** NIST's data lines start here in every file. */
    public static final int DATA_START_LINE = 61;

    /** Where the StRD files are: the system property mle.strd, else shared/strd beside the checkout. */
    public static Path root() {
        String configured = System.getProperty("mle.strd");
        if (configured != null) return Path.of(configured);
        String project = System.getProperty("mle.root");
        Path beside = project == null ? null : Path.of(project).toAbsolutePath().getParent().resolve("shared/strd");
        return beside != null && Files.isDirectory(beside) ? beside : Path.of("/work/shared/strd");
    }

    public static StrdFile nonlinear(String name) { return read(root().resolve("nonlinear").resolve(name + ".dat")); }

    public static StrdFile linear(String name) { return read(root().resolve("linear").resolve(name + ".dat")); }

    /** All files of a kind ("nonlinear" or "linear"), sorted by name. */
    public static List<Path> all(String kind) {
        try (var files = Files.list(root().resolve(kind))) {
            return files.filter(p -> p.toString().endsWith(".dat")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * NIST's log relative error of x against the certified values, the smallest over the entries: −log10|x − c|/|c|
     * (−log10|x| where c = 0), capped at {@code digits} (11 for nonlinear files, 15 for linear ones), 0 below 1 or
     * for a value that is not finite.
     */
    public static double lre(double[] x, double[] certified, double digits) {
        double min = digits;
        for (int i = 0; i < x.length; i++) {
            double c = certified[i];
            double lre = x[i] == c ? digits : c == 0 ? -Math.log10(Math.abs(x[i])) : -Math.log10(Math.abs(x[i] - c) / Math.abs(c));
            if (!(lre >= 1)) lre = 0;
            min = Math.min(min, Math.min(lre, digits));
        }
        return min;
    }

    public int observations() { return data[0].length; }

    /** The response column. */
    public double[] y() { return data[0]; }

    /** The first (often the only) predictor column. */
    public double[] x() { return data[1]; }

    public double[] column(String columnName) {
        int i = columns.indexOf(columnName);
        if (i < 0) throw new IllegalArgumentException(name + " has no column " + columnName + " (it has " + columns + ")");
        return data[i];
    }

    /** Start 1 or Start 2. */
    public double[] start(int which) {
        if (!nonlinear) throw new IllegalStateException(name + " is a linear problem: it has no starting values");
        return switch (which) {
            case 1 -> start1;
            case 2 -> start2;
            default -> throw new IllegalArgumentException("Start 1 or Start 2, not " + which);
        };
    }

    /** The data as a table with the file's column names. */
    public DataTable table() { return DataTable.of(columns, Arrays.asList(data)); }

    // ---------------------------------------------------------------- parsing

    private static final String NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern RANGE = Pattern.compile("(Starting Values|Certified Values|Data)\\s*\\(lines\\s+(\\d+)\\s+to\\s+(\\d+)\\)");
    private static final Pattern NONLINEAR_PARAMETER = Pattern.compile(
            "^\\s*(b\\d+)\\s*=\\s*(" + NUMBER + ")\\s+(" + NUMBER + ")\\s+(" + NUMBER + ")\\s+(" + NUMBER + ")$");
    private static final Pattern LINEAR_PARAMETER = Pattern.compile("^\\s*(B\\d+)\\s+(" + NUMBER + ")\\s+(" + NUMBER + ")$");
    private static final Pattern OBSERVATIONS = Pattern.compile("(\\d+)\\s+Observations");
    private static final Pattern DIFFICULTY = Pattern.compile("(Lower|Average|Higher) Level of Difficulty");

    /** Reads one file; throws IllegalStateException (naming file and line) when it is not as NIST writes them. */
    public static StrdFile read(Path file) {
        List<String> lines;
        try {
            // The files are ASCII with CRLF line ends and trailing blanks.
            lines = Arrays.stream(Files.readString(file, StandardCharsets.ISO_8859_1).split("\n", -1))
                    .map(String::stripTrailing).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Parser(file, lines).parse();
    }

    private static final class Parser {
        final Path file;
        final List<String> lines;

        Parser(Path file, List<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        /** Line n as the header's ranges count (1-based). */
        String line(int n) { return n - 1 < lines.size() ? lines.get(n - 1) : ""; }

        IllegalStateException broken(int line, String what) {
            return new IllegalStateException(file + ":" + line + ": " + what);
        }

        StrdFile parse() {
            String name = file.getFileName().toString().replaceFirst("\\.dat$", "");
            boolean nonlinear = find("Procedure:").contains("Nonlinear");
            int[] certifiedRange = range("Certified Values");
            int[] dataRange = range("Data");

            List<String> parameters = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();    // start1, start2, estimate, sd per parameter
            double rss = Double.NaN, residualSd = Double.NaN, rSquared = Double.NaN;
            int dof = -1;
            for (int n = certifiedRange[0]; n <= certifiedRange[1]; n++) {
                String text = line(n);
                Matcher m = (nonlinear ? NONLINEAR_PARAMETER : LINEAR_PARAMETER).matcher(text);
                if (m.matches()) {
                    parameters.add(m.group(1));
                    double[] values = new double[m.groupCount() - 1];
                    for (int g = 2; g <= m.groupCount(); g++) values[g - 2] = Double.parseDouble(m.group(g));
                    rows.add(values);
                } else if (nonlinear && text.startsWith("Residual Sum of Squares:")) {
                    rss = lastNumber(n);
                } else if (nonlinear && text.startsWith("Residual Standard Deviation:")) {
                    residualSd = lastNumber(n);
                } else if (nonlinear && text.startsWith("Degrees of Freedom:")) {
                    dof = (int) lastNumber(n);
                } else if (!nonlinear && text.strip().startsWith("Standard Deviation") && text.strip().length() > "Standard Deviation".length()) {
                    residualSd = lastNumber(n);
                } else if (!nonlinear && text.strip().startsWith("R-Squared")) {
                    rSquared = lastNumber(n);
                } else if (!nonlinear && text.startsWith("Residual ")) {
                    String[] f = text.strip().split("\\s+");     // Residual, df, SS, MS
                    dof = Integer.parseInt(f[1]);
                    rss = Double.parseDouble(f[2]);
                }
            }
            if (parameters.isEmpty()) throw broken(certifiedRange[0], "no certified parameters in lines " + certifiedRange[0] + " to " + certifiedRange[1]);
            if (Double.isNaN(rss) || Double.isNaN(residualSd) || dof < 0) throw broken(certifiedRange[0], "incomplete certified statistics");
            int p = parameters.size();
            double[] start1 = nonlinear ? new double[p] : null, start2 = nonlinear ? new double[p] : null;
            double[] estimate = new double[p], sd = new double[p];
            for (int i = 0; i < p; i++) {
                double[] r = rows.get(i);
                int k = 0;
                if (nonlinear) { start1[i] = r[k++]; start2[i] = r[k++]; }
                estimate[i] = r[k++];
                sd[i] = r[k];
            }

            int headerLine = DATA_START_LINE - 1;
            String dataHeader = line(headerLine);
            if (!dataHeader.startsWith("Data:")) throw broken(headerLine, "expected the data header `Data: y x ...`");
            List<String> columns = List.of(dataHeader.substring("Data:".length()).strip().split("\\s+"));
            if (dataRange[0] != DATA_START_LINE) throw broken(dataRange[0], "data start at line " + dataRange[0] + ", not " + DATA_START_LINE);
            int n = dataRange[1] - dataRange[0] + 1;
            double[][] data = new double[columns.size()][n];
            for (int row = 0; row < n; row++) {
                int lineNumber = dataRange[0] + row;
                String[] fields = line(lineNumber).strip().split("\\s+");
                if (fields.length != columns.size()) {
                    throw broken(lineNumber, fields.length + " values, but the data have " + columns.size() + " columns");
                }
                for (int c = 0; c < fields.length; c++) data[c][row] = Double.parseDouble(fields[c]);
            }
            for (int after = dataRange[1] + 1; after <= lines.size(); after++) {
                if (!line(after).isBlank()) throw broken(after, "text after the data, which end at line " + dataRange[1]);
            }
            Matcher observations = OBSERVATIONS.matcher(String.join("\n", lines.subList(0, Math.min(lines.size(), headerLine))));
            if (observations.find() && Integer.parseInt(observations.group(1)) != n) {
                throw broken(dataRange[0], "the header says " + observations.group(1) + " observations, the data have " + n);
            }
            Matcher difficulty = DIFFICULTY.matcher(String.join("\n", lines));
            return new StrdFile(name, nonlinear, difficulty.find() ? difficulty.group(1) : "", model(), List.copyOf(parameters),
                    start1, start2, estimate, sd, rss, residualSd, dof, rSquared, columns, data);
        }

        /**
         * The formula: the lines after "N Parameters (...)" in the Model section, up to a blank line, on one line
         * with blanks collapsed and separate equations joined by "; " (as index.csv has them).
         */
        private String model() {
            int n = 1;
            while (n <= lines.size() && !line(n).startsWith("Model:")) n++;
            while (n <= lines.size() && !line(n).contains("Parameter")) n++;    // "1 Parameter (B1)" in NoInt1
            n++;
            while (n <= lines.size() && line(n).isBlank()) n++;
            StringBuilder formula = new StringBuilder();
            while (n <= lines.size() && !line(n).isBlank()) {
                String part = line(n++).strip();
                // A line that starts a new equation (Roszman1 first defines pi) is a new statement; others continue one.
                formula.append(formula.isEmpty() ? "" : part.matches("[\\w\\[\\]]+\\s*=.*") ? "; " : " ").append(part);
            }
            return formula.toString().strip().replaceAll("\\s+", " ");
        }

        /** The first line that starts with {@code label}. */
        private String find(String label) {
            return lines.stream().filter(l -> l.startsWith(label)).findFirst()
                    .orElseThrow(() -> broken(1, "no line starting with `" + label + "`"));
        }

        /** A "(lines A to B)" range from the header. */
        private int[] range(String label) {
            for (int n = 1; n <= Math.min(lines.size(), 10); n++) {
                Matcher m = RANGE.matcher(line(n));
                if (m.find() && m.group(1).equals(label)) return new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            }
            throw broken(1, "no range for " + label + " in the header");
        }

        private double lastNumber(int n) {
            String[] f = line(n).strip().split("\\s+");
            return Double.parseDouble(f[f.length - 1]);
        }
    }
}
