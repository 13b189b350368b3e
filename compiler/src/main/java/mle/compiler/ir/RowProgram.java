package mle.compiler.ir;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expressions over a row as plain data, so that they can travel to where the rows are (another machine's part of a
 * table) and be computed there: the nodes under some roots in creation order, each as its operation, constant, index
 * and arguments. {@link #rebuild} makes the same expressions in a fresh builder, node for node and without simplifying
 * them again, so a part computes exactly what the sender built. The number of rows n, which a part does not know, is
 * written in as a constant.
 */
public final class RowProgram implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Op[] ops;
    private final double[] values;
    private final int[] indices;
    private final String[] symbols;
    private final int[][] args;
    private final int[] roots;
    private final String key;

    private RowProgram(Op[] ops, double[] values, int[] indices, String[] symbols, int[][] args, int[] roots) {
        this.ops = ops;
        this.values = values;
        this.indices = indices;
        this.symbols = symbols;
        this.args = args;
        this.roots = roots;
        this.key = fingerprint();
    }

    /** The program of {@code roots} (row sums, or per-row expressions) over a table of {@code rows} rows. */
    public static RowProgram of(List<Node> roots, int rows) {
        Set<Node> all = new LinkedHashSet<>();
        for (Node r : roots) collect(r, all);
        List<Node> sorted = new ArrayList<>(all);
        sorted.sort(java.util.Comparator.comparingInt(n -> n.id));   // children before parents, as they were built
        Map<Node, Integer> position = new HashMap<>();
        int size = sorted.size();
        Op[] ops = new Op[size];
        double[] values = new double[size];
        int[] indices = new int[size];
        String[] symbols = new String[size];
        int[][] args = new int[size][];
        for (int i = 0; i < size; i++) {
            Node n = sorted.get(i);
            position.put(n, i);
            boolean count = n.op == Op.ROWS;
            ops[i] = count ? Op.CONST : n.op;
            values[i] = count ? rows : n.value;
            indices[i] = n.index;
            symbols[i] = count ? null : n.symbol;
            args[i] = n.args().stream().mapToInt(position::get).toArray();
        }
        return new RowProgram(ops, values, indices, symbols, args, roots.stream().mapToInt(position::get).toArray());
    }

    private static void collect(Node n, Set<Node> into) {
        if (into.contains(n)) return;
        for (Node a : n.args()) collect(a, into);
        into.add(n);
    }

    /** The roots, built again in a builder of their own. */
    public List<Node> rebuild() {
        IrBuilder builder = new IrBuilder();
        Node[] built = new Node[ops.length];
        for (int i = 0; i < ops.length; i++) {
            Node[] a = new Node[args[i].length];
            for (int j = 0; j < a.length; j++) a[j] = built[args[i][j]];
            built[i] = builder.copy(ops[i], a, values[i], indices[i], symbols[i]);
        }
        return Arrays.stream(roots).mapToObj(r -> built[r]).toList();
    }

    /** A digest of the program's content: equal programs have equal keys, for caching what is built from them. */
    public String key() { return key; }

    /** How many roots the program computes. */
    public int rootCount() { return roots.length; }

    private String fingerprint() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64);
            for (int i = 0; i < ops.length; i++) {
                buffer.clear();
                buffer.putInt(ops[i].ordinal()).putLong(Double.doubleToLongBits(values[i])).putInt(indices[i]).putInt(args[i].length);
                digest.update(buffer.array(), 0, buffer.position());
                for (int a : args[i]) digest.update(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
            }
            for (int r : roots) digest.update(new byte[] {(byte) (r >>> 24), (byte) (r >>> 16), (byte) (r >>> 8), (byte) r});
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
