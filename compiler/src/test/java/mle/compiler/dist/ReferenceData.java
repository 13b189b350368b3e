package mle.compiler.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the CSVs that compiler/src/test/resources/reference/distributions.py writes. */
final class ReferenceData {
    private ReferenceData() {}

    /** The rows of a reference CSV after its header, split on commas (the files contain no quoted fields). */
    static List<String[]> read(String resource) {
        try (InputStream in = ReferenceData.class.getResourceAsStream("/reference/" + resource)) {
            if (in == null) throw new IllegalStateException("missing test resource /reference/" + resource);
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<String[]> rows = new ArrayList<>();
            for (String line : Arrays.asList(lines).subList(1, lines.length)) {
                if (!line.isBlank()) rows.add(line.split(",", -1));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row of distributions.csv. */
    record Row(String distribution, double x, double[] args, double scipy, double exact) {
        static Row parse(String[] f) {
            double[] args = Arrays.stream(f, 2, 5).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
            return new Row(f[0], Double.parseDouble(f[1]), args, Double.parseDouble(f[5]), Double.parseDouble(f[6]));
        }

        /** The variate followed by the arguments: the values of params 0..k. */
        double[] params() {
            double[] p = new double[args.length + 1];
            p[0] = x;
            System.arraycopy(args, 0, p, 1, args.length);
            return p;
        }

        @Override public String toString() {
            StringBuilder s = new StringBuilder(distribution).append("(x = ").append(x).append(" | ");
            for (int i = 0; i < args.length; i++) s.append(i == 0 ? "" : ", ").append(args[i]);
            return s.append(")").toString();
        }
    }

    static List<Row> distributions() { return read("distributions.csv").stream().map(Row::parse).toList(); }
}
