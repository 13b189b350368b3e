package mle.runtime.data.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a column that may hold names: each distinct text gets a number in order of first appearance while
 * reading, renumbered by sorted name at the end, if any cell turned out not to be a number.
 */
final class LevelNames {
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private int[] byRow;
    private boolean named;

    LevelNames(int capacity) { byRow = new int[capacity]; }

    void see(int row, String text, double number) {
        named |= number != number;
        Integer code = seen.get(text);
        if (code == null) {
            code = names.size();
            seen.put(text, code);
            names.add(text);
        }
        byRow[row] = code;
    }

    void grow(int capacity) { byRow = Arrays.copyOf(byRow, capacity); }

    /** Whether a cell was not a number: then the column holds names, and its values are their levels' numbers. */
    boolean named() { return named; }

    /**
     * Writes each row's level, 1..K in sorted order of the names, into {@code column}; returns the sorted names. Only
     * the names of rows that were kept count: a name seen only on a line left out is no level.
     */
    List<String> codeInto(double[] column, int rows) {
        boolean[] used = new boolean[names.size()];
        for (int r = 0; r < rows; r++) used[byRow[r]] = true;
        List<String> sorted = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) if (used[k]) sorted.add(names.get(k));
        sorted.sort(null);
        int[] rank = new int[names.size()];
        for (int k = 0; k < sorted.size(); k++) rank[seen.get(sorted.get(k))] = k + 1;
        for (int r = 0; r < rows; r++) column[r] = rank[byRow[r]];
        return List.copyOf(sorted);
    }
}
