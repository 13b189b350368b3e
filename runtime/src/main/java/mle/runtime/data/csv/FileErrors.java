package mle.runtime.data.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import mle.runtime.data.DataException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The errors about a data file's bytes and its CSV syntax, and a file that cannot be read at all. */
final class FileErrors {
    private FileErrors() {}

    /**
     * The error for text that is not UTF-8 on line {@code line} (the first such byte at or after the start of
     * that line is shown; bytes on earlier lines were in columns nobody reads).
     */
    static DataException notUtf8(Path file, long line, String column, String what) {
        int badByte = -1;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
            CharBuffer chars = CharBuffer.allocate(1 << 16);
            long lines = 1;
            boolean eof = false;
            scan:
            while (!eof) {
                eof = channel.read(bytes) < 0;
                bytes.flip();
                while (true) {
                    int from = bytes.position();
                    CoderResult result = decoder.decode(bytes, chars, eof);
                    for (int i = from; i < bytes.position(); i++) if (bytes.get(i) == '\n') lines++;
                    chars.clear();
                    if (!result.isError()) break;
                    if (lines >= line) {
                        badByte = bytes.get(bytes.position()) & 0xff;
                        break scan;
                    }
                    bytes.position(bytes.position() + result.length());
                }
                bytes.compact();
            }
        } catch (IOException e) {
            // Only the byte's value is lost; the verdict stands.
        }
        String which = badByte >= 0 ? " (byte 0x" + String.format("%02X", badByte) + " is not UTF-8"
                + (badByte >= 0xA0 ? ", perhaps Latin-1 or Windows-1252 text" : "") + ")" : "";
        return new DataException(DataException.Kind.NOT_UTF8, file, line, column,
                what + which, "Save the file as UTF-8 (in Excel: \"CSV UTF-8\").");
    }

    /** The error for what FastCSV found broken in the CSV syntax of the record that starts on {@code line}. */
    static DataException malformed(Path file, long line, CsvParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.toLowerCase(Locale.ROOT).contains("unclosed")) {
            return new DataException(DataException.Kind.MALFORMED, file, line, null,
                    "a quoted field starts on this line and its quote is never closed",
                    "Close the quote; a quote inside a quoted field is written twice (\"\").");
        }
        if (message.contains("maximum buffer size")) {
            // FastCSV holds one field at a time in a buffer of at most 16 Mi characters.
            return new DataException(DataException.Kind.MALFORMED, file, line, null,
                    "a field that starts on this line is longer than 16,777,216 characters (16 MB): a quote opened "
                            + "there is never closed, or a cell really is that long, which mle does not read",
                    "Close the quote (a quote inside a quoted field is written twice, \"\"), or shorten the cell.");
        }
        if (message.contains("after closing quote")) {
            return new DataException(DataException.Kind.MALFORMED, file, line, null,
                    "a field on this line has text after its closing quote",
                    "Remove what follows the closing quote, or put the whole field in quotes.");
        }
        return new DataException(DataException.Kind.MALFORMED, file, line, null,
                "this line is not valid CSV (" + message + ")", "Check the quotes and separators on this line.");
    }

    static DataException unreadable(Path file, String problem, String hint) {
        return new DataException(DataException.Kind.UNREADABLE, file, 0, null, problem, hint);
    }

    /** An I/O error in words, for a message. */
    static String describe(Throwable e) {
        if (e == null) return "unknown error";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
