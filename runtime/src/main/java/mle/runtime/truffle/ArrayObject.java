package mle.runtime.truffle;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.InvalidArrayIndexException;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

/** A read-only guest array of interop values (strings, numbers, other arrays): names, gradients, Hessians. */
@ExportLibrary(InteropLibrary.class)
final class ArrayObject implements TruffleObject {
    @CompilationFinal(dimensions = 1) private final Object[] elements;

    ArrayObject(Object... elements) { this.elements = elements; }

    static ArrayObject of(double[] values) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) boxed[i] = values[i];
        return new ArrayObject(boxed);
    }

    @ExportMessage
    boolean hasArrayElements() { return true; }

    @ExportMessage
    long getArraySize() { return elements.length; }

    @ExportMessage
    boolean isArrayElementReadable(long index) { return index >= 0 && index < elements.length; }

    @ExportMessage
    Object readArrayElement(long index) throws InvalidArrayIndexException {
        if (!isArrayElementReadable(index)) throw InvalidArrayIndexException.create(index);
        return elements[(int) index];
    }
}
