package mle.compiler.source;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The text of a model and the name it is reported under; knows where each line starts. */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;
    private final boolean hasSupplementary;

    public SourceFile(String name, String text) {
        this.name = name;
        // A byte-order mark is not part of the model, and a lone carriage return (old Mac line ends) is a line break
        // to the parser as it is to the messages that count lines.
        String withoutMark = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.text = withoutMark.indexOf('\r') < 0 ? withoutMark : withoutMark.replaceAll("\r(?!\n)", "\n");
        this.lineStarts = computeLineStarts(this.text);
        this.hasSupplementary = this.text.codePoints().anyMatch(Character::isSupplementaryCodePoint);
    }

    /** The largest model file read: far beyond any model written by hand or generated for a real data set. */
    public static final int MAX_BYTES = 16 << 20;

    /**
     * A file that was read but is not a model's text: too large, or not UTF-8 (with where the first bad byte is). Its
     * message is a whole sentence for the user.
     */
    public static final class NotAModel extends IOException {
        public NotAModel(String message) { super(message); }
    }

    /**
     * Reads a UTF-8 file of at most {@link #MAX_BYTES}, reading no more than that however large the file (a device such
     * as /dev/zero never ends); bytes that are not UTF-8 are an error, not silently replaced.
     */
    public static SourceFile read(Path path) throws IOException {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new NotAModel(path + " is larger than " + (MAX_BYTES >> 20) + " MB, more than any model needs; "
                    + "is it the data file? Give the data with --data");
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            // Where the first bad byte is, counted as the caret counts: lines, then characters of the line.
            String before = out.flip().toString();
            SourceFile prefix = new SourceFile(path.toString(), before);
            int line = prefix.lineCount(), column = prefix.line(line).codePointCount(0, prefix.line(line).length()) + 1;
            throw new NotAModel(String.format("%s:%d:%d: the byte 0x%02X is not UTF-8 text; save the model as UTF-8 and try again",
                    path, line, column, bytes[in.position()] & 0xFF));
        }
        decoder.flush(out);
        return new SourceFile(path.toString(), out.flip().toString());
    }

    public String name() { return name; }

    public String text() { return text; }

    public int lineCount() { return lineStarts.length; }

    /** The text of a 1-based line, without its line terminator. */
    public String line(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) end--;
        return text.substring(start, end);
    }

    /** 1-based line of a character offset. */
    public int lineOf(int offset) {
        int lo = 0, hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return lo + 1;
    }

    /** 1-based column of a character offset, counted in code points so that σ is one column. */
    public int columnOf(int offset) {
        int start = lineStarts[lineOf(offset) - 1];
        return text.codePointCount(start, Math.min(offset, text.length())) + 1;
    }

    /**
     * The char offset of a code-point index. ANTLR counts code points; Java strings count UTF-16 units,
     * and the two differ after a character outside the Basic Multilingual Plane (e.g. 𝜃).
     */
    public int charOffset(int codePointIndex) {
        if (!hasSupplementary) return Math.min(codePointIndex, text.length());
        int cps = text.codePointCount(0, text.length());
        return text.offsetByCodePoints(0, Math.min(codePointIndex, cps));
    }

    public Span span(int startOffset, int endOffset) {
        return new Span(this, startOffset, Math.max(startOffset, endOffset));
    }

    private static int[] computeLineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') starts.add(i + 1);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }
}
