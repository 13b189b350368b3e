package mle.runtime.data.csv;

import mle.compiler.ast.Confusables;
import mle.compiler.ast.Names;
import mle.compiler.check.Suggestions;
import mle.runtime.data.DataException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The header line's fields matched to the table's columns: which field holds each wanted name (exactly, else the same
 * name in another spelling, {@link Names#canonical}), or the error that says which name no field holds, or which is
 * held twice. A field two names share is parsed once, into one slot, and copied at the end.
 */
final class HeaderMatch {
    private static final int COLUMNS_LISTED = 20;

    private final FileReading reading;
    private final List<String> header;
    private final long headerLine;
    private final char separator;

    private final List<String> outputNames;
    private final int[] slotOfOutput;     // output column → parsed slot (two names may share a CSV column)
    private final int[] slotOfField;      // CSV field index → parsed slot, or -1 when the field is not wanted
    private final int slots;              // how many CSV columns are parsed
    /**
     * The header's fields by name, by normalized name and (made when first needed) by canonical name, each in field
     * order: a name is looked up, not compared with every field, so 10,000 names take milliseconds, not seconds.
     */
    private final Map<String, List<Integer>> fieldsByName, fieldsByNormalized;
    private Map<String, List<Integer>> fieldsByCanonical;

    /** @param header the header line's names, cleaned; {@code headerLine} is its line, {@code separator} the file's */
    HeaderMatch(FileReading reading, List<String> header, long headerLine, char separator) {
        this.reading = reading;
        this.header = header;
        this.headerLine = headerLine;
        this.separator = separator;
        List<String> wanted = reading.wanted();
        if (wanted == null) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).isEmpty()) {
                    throw new DataException(DataException.Kind.MISSING_COLUMN, reading.file(), 1, null,
                            "field " + (i + 1) + " of the header has no name", "Name every column in the header line.");
                }
            }
            wanted = header;
        }
        fieldsByName = fieldsBy(header, name -> name);
        fieldsByNormalized = fieldsBy(header, Names::normalized);
        slotOfField = new int[header.size()];
        Arrays.fill(slotOfField, -1);
        slotOfOutput = new int[wanted.size()];
        int slots = 0;
        for (int w = 0; w < wanted.size(); w++) {
            String name = wanted.get(w);
            String mapped = reading.rename().get(name);
            int field = findField(name, mapped != null ? mapped : name, mapped != null);
            if (slotOfField[field] < 0) slotOfField[field] = slots++;
            slotOfOutput[w] = slotOfField[field];
        }
        this.slots = slots;
        outputNames = List.copyOf(wanted);
    }

    /** The table's column names, in order. */
    List<String> outputNames() { return outputNames; }

    /** The parsed slot that holds output column {@code output}. */
    int slotOfOutput(int output) { return slotOfOutput[output]; }

    /** Each field's parsed slot, or −1 for a field not wanted: the array itself (for the parser's inner loop), read-only. */
    int[] slotOfField() { return slotOfField; }

    /** How many fields are parsed. */
    int slots() { return slots; }

    /**
     * The table's columns from the parsed slots' first {@code rows} values, which become the columns themselves where
     * they fit exactly; a slot shared by two names is copied for the second.
     */
    double[][] columns(double[][] values, int rows) {
        double[][] trimmed = new double[values.length][];
        for (int s = 0; s < values.length; s++) trimmed[s] = values[s].length == rows ? values[s] : Arrays.copyOf(values[s], rows);
        double[][] columns = new double[outputNames.size()][];
        boolean[] used = new boolean[trimmed.length];
        for (int c = 0; c < columns.length; c++) {
            int slot = slotOfOutput[c];
            columns[c] = used[slot] ? trimmed[slot].clone() : trimmed[slot];
            used[slot] = true;
        }
        return columns;
    }

    /** Each key's fields, in field order. */
    private static Map<String, List<Integer>> fieldsBy(List<String> header, UnaryOperator<String> key) {
        Map<String, List<Integer>> fields = new HashMap<>();
        for (int i = 0; i < header.size(); i++) fields.computeIfAbsent(key.apply(header.get(i)), k -> new ArrayList<>()).add(i);
        return fields;
    }

    /** The header field holding {@code target}: exactly, else by canonical name; exactly one. */
    private int findField(String dataName, String target, boolean mapped) {
        List<Integer> exact = fieldsByName.getOrDefault(target, List.of());
        // Another column written differently but looking the same (`µ` and `μ`, `é` in one or two characters) makes
        // the exact one a guess: refused below as two columns of one name, unless `--column` chose it.
        boolean twin = exact.size() == 1 && fieldsByNormalized.getOrDefault(Names.normalized(target), List.of()).size() > 1;
        if (exact.size() == 1 && (!twin || mapped)) return exact.getFirst();
        if (exact.size() > 1) {
            throw new DataException(DataException.Kind.DUPLICATE_COLUMN, reading.file(), 1, target,
                    "the header names the column `" + target + "` " + exact.size() + " times (fields "
                            + exact.stream().map(i -> String.valueOf(i + 1)).collect(Collectors.joining(", ")) + ")",
                    "Give each column its own name, so that it is clear which one is `" + dataName + "`.");
        }
        if (fieldsByCanonical == null) fieldsByCanonical = fieldsBy(header, Names::canonical);
        List<Integer> alike = fieldsByCanonical.getOrDefault(Names.canonical(target), List.of());
        if (alike.size() == 1) return alike.getFirst();
        if (alike.size() > 1) {
            throw new DataException(DataException.Kind.DUPLICATE_COLUMN, reading.file(), 1, target,
                    "the header has " + alike.size() + " columns that are all `" + target + "` ("
                            + alike.stream().map(i -> "`" + header.get(i) + "`").collect(Collectors.joining(", ")) + ")",
                    "Rename all but one of them, or map `" + dataName + "` to the one to use.");
        }
        throw missingColumn(dataName, target, mapped);
    }

    private DataException missingColumn(String dataName, String target, boolean mapped) {
        if (header.stream().anyMatch(h -> h.indexOf('\uFFFD') >= 0)) {
            return FileErrors.notUtf8(reading.file(), headerLine, target,
                    "the header line is not UTF-8 text, so the column `" + target + "` cannot be found");
        }
        String problem = mapped
                ? "the header has no column `" + target + "` (the column mapped to `" + dataName + "`); its columns are " + listColumns()
                : "the header has no column `" + target + "`; its columns are " + listColumns();
        String hint;
        List<String> named = header.stream().filter(h -> !h.isEmpty()).toList();
        String suggestion = suggest(target, named);
        if (!header.isEmpty() && header.stream().allMatch(h -> !Double.isNaN(NumberCells.parse(h)))) {
            hint = "The first line holds numbers, not column names: add a header line such as "
                    + String.join(String.valueOf(separator), reading.wanted() != null ? reading.wanted() : List.of("x", "y")) + ".";
        } else if (lookAlike(target, named) != null) {
            String h = lookAlike(target, named);
            hint = "The header's `" + h + "` looks like `" + target + "` but is written in other letters ("
                    + describeScripts(h) + " where the model has " + describeScripts(target)
                    + "): correct the header, or map `" + dataName + "` to that column.";
        } else if (suggestion != null) {
            hint = "Did you mean `" + suggestion + "`? Correct the header, or map `" + dataName + "` to that column.";
        } else if (mapped) {
            hint = "Map `" + dataName + "` to one of the file's columns.";
        } else {
            hint = "Add a column `" + dataName + "` to the file, or map one of its columns to `" + dataName + "`.";
        }
        return new DataException(DataException.Kind.MISSING_COLUMN, reading.file(), 1, target, problem, hint);
    }

    /** A header that looks like {@code target} but is another name (Cyrillic `а` for Latin `a`), or null. */
    private static String lookAlike(String target, List<String> headers) {
        String skeleton = Confusables.skeleton(target);
        return headers.stream().filter(h -> Confusables.skeleton(h).equals(skeleton)).findFirst().orElse(null);
    }

    private static String describeScripts(String name) {
        String other = Confusables.otherScripts(name);
        return other.isEmpty() ? "Latin letters" : other + " letters";
    }

    /**
     * A header that is probably what was meant: the same name in another case or spelling, or (for names of
     * three letters or more, where an edit distance still means something) a near miss.
     */
    private static String suggest(String target, List<String> headers) {
        String folded = Names.canonical(target).toLowerCase(Locale.ROOT);
        for (String h : headers) if (Names.canonical(h).toLowerCase(Locale.ROOT).equals(folded)) return h;
        return target.codePointCount(0, target.length()) >= 3 ? Suggestions.closest(target, headers) : null;
    }

    private String listColumns() {
        List<String> shown = header.stream().limit(COLUMNS_LISTED)
                .map(h -> h.isEmpty() ? "(unnamed)" : "`" + h + "`").toList();
        String list = String.join(", ", shown);
        if (header.size() > COLUMNS_LISTED) list += " and " + (header.size() - COLUMNS_LISTED) + " more";
        return list;
    }
}
