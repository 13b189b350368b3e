package mle.runtime.truffle;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.InvalidArrayIndexException;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.interop.UnknownKeyException;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import java.util.List;
import java.util.Map;

/**
 * Reading the values other languages hand to mle: numbers, arrays of numbers, tables of columns. Java
 * objects a host passes (double[], double[][], Object[], List, Map) are read directly, whatever the context's
 * host access policy, since the host chose to hand them over; guest values of any language go through
 * interop. Slow paths: called once per bind, or once per call of a whole pass over the data.
 */
final class InteropValues {
    private static final InteropLibrary INTEROP = InteropLibrary.getUncached();

    private InteropValues() {}

    /** A number, or null when the value is not one that fits a double. */
    @TruffleBoundary
    static Double number(Object value) {
        Object v = unwrap(value);
        if (v instanceof Number n && !InteropLibrary.isValidValue(v)) return n.doubleValue();
        if (!InteropLibrary.isValidValue(v)) return null;
        try {
            return INTEROP.fitsInDouble(v) ? INTEROP.asDouble(v) : null;
        } catch (UnsupportedMessageException e) {
            return null;
        }
    }

    /** An array of numbers as a fresh double[], or null when the value is not one. */
    @TruffleBoundary
    static double[] numbers(Object value) {
        Object v = unwrap(value);
        switch (v) {
            case double[] a -> { return a.clone(); }
            case float[] a -> {
                double[] out = new double[a.length];
                for (int i = 0; i < a.length; i++) out[i] = a[i];
                return out;
            }
            case int[] a -> { return java.util.Arrays.stream(a).asDoubleStream().toArray(); }
            case long[] a -> { return java.util.Arrays.stream(a).asDoubleStream().toArray(); }
            default -> {}
        }
        Object[] elements = elements(v);
        if (elements == null) return null;
        double[] out = new double[elements.length];
        for (int i = 0; i < out.length; i++) {
            Double x = number(elements[i]);
            if (x == null) return null;
            out[i] = x;
        }
        return out;
    }

    /** The elements of an array-like value, or null if it is not one. */
    @TruffleBoundary
    static Object[] elements(Object value) {
        Object v = unwrap(value);
        switch (v) {
            case Object[] a -> { return a.clone(); }
            case List<?> list -> { return list.toArray(); }
            default -> {}
        }
        if (!InteropLibrary.isValidValue(v) || !INTEROP.hasArrayElements(v)) return null;
        try {
            long size = INTEROP.getArraySize(v);
            if (size > Integer.MAX_VALUE - 8) return null;
            Object[] out = new Object[(int) size];
            for (int i = 0; i < out.length; i++) out[i] = INTEROP.readArrayElement(v, i);
            return out;
        } catch (UnsupportedMessageException | InvalidArrayIndexException e) {
            return null;
        }
    }

    /** True when the value is an array or a list (of columns, of numbers), as opposed to a table by name. */
    @TruffleBoundary
    static boolean isArray(Object value) {
        Object v = unwrap(value);
        if (v instanceof Object[] || v instanceof List<?> || v instanceof double[]) return true;
        return InteropLibrary.isValidValue(v) && INTEROP.hasArrayElements(v);
    }

    /** A member of an object, or a value of a map, by name; null when there is none. */
    @TruffleBoundary
    static Object entry(Object table, String name) {
        Object v = unwrap(table);
        if (v instanceof Map<?, ?> map) return map.get(name);
        if (!InteropLibrary.isValidValue(v)) return null;
        try {
            if (INTEROP.hasHashEntries(v)) return INTEROP.isHashEntryReadable(v, name) ? INTEROP.readHashValue(v, name) : null;
            if (INTEROP.hasMembers(v) && INTEROP.isMemberReadable(v, name)) return INTEROP.readMember(v, name);
            return null;
        } catch (UnsupportedMessageException | UnknownIdentifierException | UnknownKeyException e) {
            return null;
        }
    }

    /** A string, or null. */
    @TruffleBoundary
    static String string(Object value) {
        Object v = unwrap(value);
        if (v instanceof String s) return s;
        if (!InteropLibrary.isValidValue(v)) return null;
        try {
            return INTEROP.isString(v) ? INTEROP.asString(v) : null;
        } catch (UnsupportedMessageException e) {
            return null;
        }
    }

    /** The point θ from call arguments: k numbers, or one array of k numbers. */
    @TruffleBoundary
    static double[] point(Object[] arguments, int k) throws UnsupportedTypeException {
        String expected = "expected " + k + " parameter value" + (k == 1 ? "" : "s") + " (numbers, or one array of them)";
        if (arguments.length == 1 && (k != 1 || number(arguments[0]) == null)) {
            double[] array = numbers(arguments[0]);
            if (array != null && array.length == k) return array;
            throw UnsupportedTypeException.create(arguments, expected);
        }
        if (arguments.length != k) throw UnsupportedTypeException.create(arguments, expected + ", got " + arguments.length);
        double[] point = new double[k];
        for (int i = 0; i < k; i++) {
            Double x = number(arguments[i]);
            if (x == null) throw UnsupportedTypeException.create(arguments, "parameter value " + (i + 1) + " is not a number");
            point[i] = x;
        }
        return point;
    }

    /** The Java object behind a host value; any other value as it is. */
    private static Object unwrap(Object value) {
        TruffleLanguage.Env env = MleContext.get(null).env;
        return env.isHostObject(value) ? env.asHostObject(value) : value;
    }
}
