package mle.compiler.ir;

/**
 * Nodes to ints by identity, hashed by their id, for the walks over a graph of 10⁵ parameters (a schedule's slots,
 * the nodes seen): a HashMap of as many nodes costs an entry, a boxed value and an identity hash each.
 */
public final class NodeIndex {
    private Node[] keys = new Node[64];
    private int[] values = new int[64];
    private int size;

    public int size() { return size; }

    /** Adds {@code n} with {@code value}; false, and nothing changed, when it is there already. */
    public boolean add(Node n, int value) {
        int i = find(n);
        if (keys[i] == n) return false;
        keys[i] = n;
        values[i] = value;
        if (++size * 2 > keys.length) grow();
        return true;
    }

    /** Sets the value of {@code n}, which is there. */
    public void set(Node n, int value) { values[find(n)] = value; }

    /** The value of {@code n}, or −1 when it is not there. */
    public int get(Node n) {
        int i = find(n);
        return keys[i] == n ? values[i] : -1;
    }

    /**
     * Where {@code n} is, or the empty place where it would go (linear probing; the table is at most half full). Nodes
     * of consecutive ids go to consecutive places, as a walk over a graph meets them: a scattering hash would make each
     * of 10⁵ lookups a miss of the cache.
     */
    private int find(Node n) {
        int mask = keys.length - 1;
        int i = (n.id ^ n.id >>> 16) & mask;
        while (keys[i] != null && keys[i] != n) i = i + 1 & mask;
        return i;
    }

    private void grow() {
        Node[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Node[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) continue;
            int i = find(oldKeys[j]);
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
        }
    }
}
