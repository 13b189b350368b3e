package mle.compiler.check;

import java.util.Collection;

/** "Did you mean …?" by edit distance, ignoring case, for names and distributions. */
public final class Suggestions {
    /** Names longer than this get no suggestion. */
    static final int LONGEST = 64;

    private Suggestions() {}

    /**
     * The closest candidate within a distance that still looks like a typo, or null. A candidate that shares no
     * letter with the name is no suggestion: `x` is one edit from `μ`, but nobody mistypes one for the other.
     */
    public static String closest(String name, Collection<String> candidates) {
        // Typos are made in names of sensible length; the distance costs the product of the two lengths.
        if (name.length() > LONGEST) return null;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            // At most 3 edits are ever allowed, and a distance is at least the difference of the lengths.
            if (Math.abs(c.length() - name.length()) > 3) continue;
            int d = distance(name.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        int length = name.codePointCount(0, name.length());
        int allowed = Math.max(1, Math.min(3, length / 3));
        if (best == null || bestDistance > allowed) return null;
        return bestDistance < Math.min(length, best.codePointCount(0, best.length())) ? best : null;
    }

    /** Damerau–Levenshtein (optimal string alignment) distance: a swap of two letters counts as one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
