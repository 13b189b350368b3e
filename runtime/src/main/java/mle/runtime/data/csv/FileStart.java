package mle.runtime.data.csv;

import mle.runtime.data.DataException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the first bytes of a data file say: the separator of its header line, and whether a UTF-8 byte-order mark comes
 * before it. UTF-16 text, spreadsheets and binary files are refused here, before any parsing.
 */
record FileStart(char separator, boolean byteOrderMark) {
    /** How far into the file the header line is looked for when choosing the separator. */
    private static final int HEADER_SNIFF_LIMIT = 1 << 20;

    /**
     * Looks at the first non-blank line: skips a UTF-8 byte-order mark (leaving {@code in} after it), refuses UTF-16 and
     * spreadsheet files, and picks the separator that occurs most often outside quotes (comma on a tie or none).
     */
    static FileStart read(BufferedInputStream in, Path file) throws IOException {
        in.mark(HEADER_SNIFF_LIMIT + 3);
        byte[] head = in.readNBytes(HEADER_SNIFF_LIMIT);
        in.reset();
        int start = 0;
        boolean byteOrderMark = false;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            in.skipNBytes(3);
            start = 3;
            byteOrderMark = true;
        } else if (head.length >= 2 && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE
                || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) {
            throw new DataException(DataException.Kind.NOT_UTF8, file, 0, null,
                    "the file is UTF-16 text, not UTF-8", "Save it as UTF-8 (in Excel: \"CSV UTF-8\").");
        } else if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            throw new DataException(DataException.Kind.NOT_UTF8, file, 0, null,
                    "this is a zip archive or an Excel workbook, not a CSV file",
                    "Save the sheet as CSV (in Excel: \"CSV UTF-8\").");
        }
        for (int i = start; i < Math.min(head.length, 4096); i++) {
            if (head[i] == 0) {
                throw new DataException(DataException.Kind.NOT_UTF8, file, 0, null,
                        "the file has NUL bytes: it is UTF-16 text or a binary file, not UTF-8 text",
                        "Save it as CSV in UTF-8 (in Excel: \"CSV UTF-8\").");
            }
        }
        int commas = 0, semicolons = 0, tabs = 0;
        boolean quoted = false, seenText = false;
        for (int i = start; i < head.length; i++) {
            byte b = head[i];
            if (b == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (b == '\n' || b == '\r') { if (seenText) break; }
            else if (b == ',') commas++;
            else if (b == ';') semicolons++;
            else if (b == '\t') tabs++;
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') seenText = true;
        }
        if (semicolons > commas && semicolons >= tabs) return new FileStart(';', byteOrderMark);
        if (tabs > commas && tabs > semicolons) return new FileStart('\t', byteOrderMark);
        return new FileStart(',', byteOrderMark);
    }

    /** How many bytes come before the text: those of the byte-order mark. */
    int textOffset() { return byteOrderMark ? 3 : 0; }
}
