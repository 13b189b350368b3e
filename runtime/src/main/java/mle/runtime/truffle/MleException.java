package mle.runtime.truffle;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.exception.AbstractTruffleException;
import com.oracle.truffle.api.interop.ExceptionType;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import com.oracle.truffle.api.source.Source;
import com.oracle.truffle.api.source.SourceSection;
import mle.compiler.source.Diagnostic;
import mle.compiler.source.DiagnosticRenderer;
import mle.compiler.source.Diagnostics;

/**
 * An error the mle language reports to its host: a model that does not compile (a syntax error, located at
 * its first error, with every diagnostic rendered in the message) or data that cannot be bound.
 */
@ExportLibrary(InteropLibrary.class)
public final class MleException extends AbstractTruffleException {
    private static final long serialVersionUID = 1L;

    private final transient SourceSection location;
    private final boolean syntaxError;

    private MleException(String message, SourceSection location, boolean syntaxError) {
        super(message);
        this.location = location;
        this.syntaxError = syntaxError;
    }

    @TruffleBoundary
    static MleException syntaxError(Source source, Diagnostics diagnostics) {
        String message = DiagnosticRenderer.renderAll(diagnostics.sorted()).stripTrailing();
        Diagnostic first = diagnostics.sorted().stream().filter(Diagnostic::isError).findFirst().orElse(null);
        SourceSection section = null;
        if (first != null) {
            int length = source.getLength();
            int start = Math.clamp(first.span().start(), 0, length);
            section = source.createSection(start, Math.clamp(first.span().end() - start, 0, length - start));
        }
        return new MleException(message, section, true);
    }

    @TruffleBoundary
    static MleException error(String message) { return new MleException(message, null, false); }

    @ExportMessage
    ExceptionType getExceptionType() { return syntaxError ? ExceptionType.PARSE_ERROR : ExceptionType.RUNTIME_ERROR; }

    @ExportMessage
    boolean hasSourceLocation() { return location != null; }

    @ExportMessage(name = "getSourceLocation")
    SourceSection sourceLocation() throws com.oracle.truffle.api.interop.UnsupportedMessageException {
        if (location == null) throw com.oracle.truffle.api.interop.UnsupportedMessageException.create();
        return location;
    }
}
