package mle.compiler.ir;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The parameters a node depends on: an immutable set of indices, stored as a bit array that spans only from its lowest
 * to its highest element. Every node holds one, so its size matters: a plain {@link BitSet} is as long as the highest
 * index, which makes p nodes that each depend on one of p coefficients cost p² bits. A node whose set equals one of
 * its arguments' shares that argument's set instead of copying it, so a chain of p gradient nodes above a linear
 * predictor Xᵢ·β costs one set, not p.
 */
final class ParameterSet {
    static final ParameterSet EMPTY = new ParameterSet(0, new long[0], 0);

    /** The index of the first stored word: bit i lives in words[i / 64 − offset]. */
    private final int offset;
    private final long[] words;
    private final int size;

    private ParameterSet(int offset, long[] words, int size) {
        this.offset = offset;
        this.words = words;
        this.size = size;
    }

    static ParameterSet of(int index) {
        return new ParameterSet(index >>> 6, new long[] {1L << index}, 1);
    }

    boolean isEmpty() { return size == 0; }

    int size() { return size; }

    boolean contains(int index) {
        int w = (index >>> 6) - offset;
        return w >= 0 && w < words.length && (words[w] & (1L << index)) != 0;
    }

    /** This set or {@code other} when one holds the other (no copy), else a new set with the elements of both. */
    ParameterSet union(ParameterSet other) {
        if (other.size == 0 || other == this) return this;
        if (size == 0) return other;
        if (other.size <= size && holds(other)) return this;
        if (size <= other.size && other.holds(this)) return other;
        return unionOf(new ParameterSet[] {this, other});
    }

    /** The union of many sets at once, for a node with many arguments (a DOT), where pairwise unions would copy p times. */
    static ParameterSet unionOf(ParameterSet[] sets) {
        int from = Integer.MAX_VALUE, to = 0;
        for (ParameterSet s : sets) {
            if (s.size == 0) continue;
            from = Math.min(from, s.offset);
            to = Math.max(to, s.offset + s.words.length);
        }
        if (from == Integer.MAX_VALUE) return EMPTY;
        long[] merged = new long[to - from];
        for (ParameterSet s : sets) for (int w = 0; w < s.words.length; w++) merged[w + s.offset - from] |= s.words[w];
        int count = 0;
        for (long w : merged) count += Long.bitCount(w);
        return new ParameterSet(from, merged, count);
    }

    /** Whether every element of {@code other} is in this set: a word-by-word test over the other's span. */
    private boolean holds(ParameterSet other) {
        if (other.offset < offset || other.offset + other.words.length > offset + words.length) return false;
        for (int w = 0; w < other.words.length; w++) {
            long mine = words[w + other.offset - offset];
            if ((other.words[w] & ~mine) != 0) return false;
        }
        return true;
    }

    BitSet toBitSet() {
        BitSet out = new BitSet();
        for (int w = 0; w < words.length; w++) {
            for (long bits = words[w]; bits != 0; bits &= bits - 1) out.set(((w + offset) << 6) + Long.numberOfTrailingZeros(bits));
        }
        return out;
    }
}
