package mle.runtime.parts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Parts in this JVM, one after another: a table split as a cluster would hold it. Each job is serialized and read back
 * before it runs, as it would be to travel to another machine, so a job that could not travel fails here too.
 */
public final class LocalParts extends PartedRows {
    private final List<Part> parts;
    private final int count;

    public LocalParts(List<Part> parts) {
        this.parts = List.copyOf(parts);
        int n = 0;
        for (Part p : parts) {
            if (p.firstRow() != n) throw new IllegalArgumentException("part at row " + p.firstRow() + " should start at row " + n);
            n += p.rows();
        }
        this.count = n;
    }

    /** Columns in memory cut into parts of at most {@code partRows} rows. */
    public static LocalParts split(double[][] columns, int rows, int partRows) {
        List<Part> parts = new java.util.ArrayList<>();
        for (int from = 0; from < rows; from += partRows) {
            int to = Math.min(rows, from + partRows);
            double[][] own = new double[columns.length][];
            for (int c = 0; c < columns.length; c++) own[c] = java.util.Arrays.copyOfRange(columns[c], from, to);
            parts.add(new Part(from, to - from, own));
        }
        return new LocalParts(parts);
    }

    @Override
    public int count() { return count; }

    @Override
    public <R extends Serializable> R aggregate(Job<R> job, R zero, Combine<R> combine) {
        Job<R> travelled = travel(job);
        Combine<R> joined = travel(combine);
        R result = zero;
        for (Part part : parts) result = joined.apply(result, travelled.run(part));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <T> T travel(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a job for the parts cannot be serialized: " + e, e);
        }
    }
}
