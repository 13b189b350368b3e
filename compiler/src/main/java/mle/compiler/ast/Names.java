package mle.compiler.ast;

import java.util.Map;

/**
 * Unicode identifiers with ASCII equivalents: `sigma` and `σ` are the same name, so are `mu0`, `μ0`
 * and `μ₀`, and `sigma_y` and `σ_y`. A Greek letter's English name counts only as a whole name or
 * when followed by digits or an underscore, so that `alphabet` stays `alphabet`.
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

    /** The form under which two spellings of a name are the same name. */
    public static String canonical(String name) {
        StringBuilder digitsNormalised = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c >= '₀' && c <= '₉') digitsNormalised.append((char) ('0' + (c - '₀')));
            else if (c == 'ς') digitsNormalised.append('σ');   // final sigma is the same letter
            else digitsNormalised.appendCodePoint(c);
        });
        String n = digitsNormalised.toString();
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

    private static boolean isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
}
