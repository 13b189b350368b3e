package mle.compiler.check;

import java.util.HashSet;
import java.util.Set;

/**
 * What the checker knows of an expression: its shape (0 for a scalar, else a vector's length), whether it
 * varies by data row, which parameters it depends on, the interval its values lie in, and its values when
 * it is a compile-time constant (null otherwise).
 */
public record Type(int size, boolean rowVarying, Set<Symbol.Param> params, Range range, double[] constant) {

    public static Type constant(double... values) {
        Range r = null;
        for (double v : values) r = r == null ? Range.exactly(v) : r.union(Range.exactly(v));
        return new Type(values.length == 1 ? 0 : values.length, false, Set.of(), r == null ? Range.REAL : r,
                values.clone());
    }

    public boolean isScalar() { return size == 0; }

    public boolean isConstant() { return constant != null; }

    public boolean dependsOnParams() { return !params.isEmpty(); }

    /** The type of a combination of these two: vectors win, row variation and dependencies add up. */
    Type combine(Type other, int size, Range range, double[] constant) {
        Set<Symbol.Param> all = new HashSet<>(params);
        all.addAll(other.params);
        return new Type(size, rowVarying || other.rowVarying, Set.copyOf(all), range, constant);
    }

    Type with(int size, Range range, double[] constant) {
        return new Type(size, rowVarying, params, range, constant);
    }
}
