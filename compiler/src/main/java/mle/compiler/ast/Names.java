package mle.compiler.ast;

import java.util.Map;

/**
 * Unicode identifiers with ASCII equivalents: `sigma` and `σ` are the same name, so are `mu0`, `μ0`
 * and `μ₀`, and `sigma_y` and `σ_y`. A Greek letter's English name counts only as a whole name or
 * when followed by digits or an underscore, so that `alphabet` stays `alphabet`.
 *
 * <p>A name is first put in Unicode's composed form (NFC), so that `é` typed as one character or as `e` and a
 * combining accent is one name, then the characters that are another form of the same letter become that letter:
 * the micro sign `µ` is `μ`, the symbol variants `ϕ ϑ ϵ ϱ ϖ ϰ ϐ` are `φ θ ε ρ π κ β`, final `ς` is `σ`, and subscript
 * digits are digits. Not full compatibility folding (NFKC, which Python uses): it would also make `x²` the name
 * `x2`, where a reader sees x squared, and `ℓ` the name `l`; such names stay apart, and {@link Confusables} warns
 * where two names look alike.
 */
public final class Names {
    private Names() {}

    private static final Map<String, String> GREEK = Map.ofEntries(
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"), Map.entry("zeta", "ζ"), Map.entry("eta", "η"), Map.entry("theta", "θ"),
            Map.entry("iota", "ι"), Map.entry("kappa", "κ"), Map.entry("lambda", "λ"), Map.entry("mu", "μ"),
            Map.entry("nu", "ν"), Map.entry("xi", "ξ"), Map.entry("omicron", "ο"), Map.entry("pi", "π"),
            Map.entry("rho", "ρ"), Map.entry("sigma", "σ"), Map.entry("tau", "τ"), Map.entry("upsilon", "υ"),
            Map.entry("phi", "φ"), Map.entry("chi", "χ"), Map.entry("psi", "ψ"), Map.entry("omega", "ω"),
            Map.entry("Gamma", "Γ"), Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"),
            Map.entry("Xi", "Ξ"), Map.entry("Pi", "Π"), Map.entry("Sigma", "Σ"), Map.entry("Phi", "Φ"),
            Map.entry("Psi", "Ψ"), Map.entry("Omega", "Ω"));

    /** Characters that are another form of a Greek letter, and the letter. */
    private static final Map<Integer, Integer> SAME_LETTER = Map.of(
            (int) 'µ', (int) 'μ', (int) 'ς', (int) 'σ', (int) 'ϕ', (int) 'φ', (int) 'ϑ', (int) 'θ', (int) 'ϵ', (int) 'ε',
            (int) 'ϱ', (int) 'ρ', (int) 'ϖ', (int) 'π', (int) 'ϰ', (int) 'κ', (int) 'ϐ', (int) 'β');

    /** The form under which two spellings of a name are the same name. */
    public static String canonical(String name) {
        // Names are compared very often (every use of every name) and there are few of them: each is worked out once.
        String known = CANONICAL.get(name);
        if (known != null) return known;
        String c = canonicalOf(name);
        if (CANONICAL.size() < 100_000) CANONICAL.put(name, c);
        return c;
    }

    private static final Map<String, String> CANONICAL = new java.util.concurrent.ConcurrentHashMap<>();

    private static String canonicalOf(String name) {
        String n = normalized(name);
        int end = 0;
        while (end < n.length() && isAsciiLetter(n.charAt(end))) end++;
        String word = n.substring(0, end);
        String greek = GREEK.get(word);
        if (greek == null) return n;
        String rest = n.substring(end);
        if (rest.isEmpty() || Character.isDigit(rest.charAt(0)) || rest.charAt(0) == '_' || rest.charAt(0) == '\'') {
            return greek + rest;
        }
        return n;
    }

    /** The name in composed form with each letter in one form (`µ` is `μ`, `₀` is `0`), its ASCII spelling kept. */
    public static String normalized(String name) {
        if (name.chars().allMatch(c -> c < 0x80)) return name;   // ASCII is composed, one form per letter, already
        StringBuilder out = new StringBuilder(name.length());
        java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC).codePoints().forEach(c -> {
            if (c >= '₀' && c <= '₉') out.append((char) ('0' + (c - '₀')));
            else out.appendCodePoint(SAME_LETTER.getOrDefault(c, c));
        });
        return out.toString();
    }

    private static boolean isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    /** Names for a message: all of them up to 8, else the first 6 and how many more. */
    public static String listed(java.util.List<String> names) {
        if (names.size() <= 8) return String.join(", ", names);
        return String.join(", ", names.subList(0, 6)) + " and " + (names.size() - 6) + " more";
    }
}
