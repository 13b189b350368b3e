package mle.compiler.ast;

import java.util.Map;

/**
 * Names that look alike but are not the same name: Latin `a` and Cyrillic `а`, Latin `o` and Greek `ο`. After the
 * idea of Unicode's confusable skeletons (UTS #39) and of Rust's `confusable_idents` and `mixed_script_confusables`
 * lints, with a small table of the Cyrillic and Greek letters that look like Latin ones instead of Unicode's whole
 * confusables list: those are what a keyboard layout or a copied formula slips into a model. Greek letters that
 * statistics writes as themselves (`ν`, `ρ`, `α`) are only suspect next to Latin letters in one word, or when a
 * Latin name of the same look is declared too.
 */
public final class Confusables {
    private Confusables() {}

    /** Each Cyrillic or Greek letter that looks like a Latin one, and that Latin letter. */
    private static final Map<Integer, Character> LOOKS_LATIN = table(
            // Cyrillic
            "аa еe оo рp сc уy хx іi јj ѕs һh ԁd ԛq ԝw ӏl АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ІI ЈJ ЅS ԚQ ԜW",
            // Greek
            "αa ιi κk νv οo ρp υu χx γy ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX");

    private static Map<Integer, Character> table(String... pairs) {
        Map<Integer, Character> map = new java.util.HashMap<>();
        for (String list : pairs) {
            for (String pair : list.split(" ")) map.put((int) pair.charAt(0), pair.charAt(1));
        }
        return Map.copyOf(map);
    }

    /**
     * The name as it looks: as written (in composed form, each letter in one form) with every look-alike letter
     * replaced by the Latin one. Not from the canonical name: `nu` is `ν`, but does not look like `v`.
     */
    public static String skeleton(String name) {
        StringBuilder out = new StringBuilder();
        Names.normalized(name).codePoints().forEach(c -> {
            Character latin = LOOKS_LATIN.get(c);
            if (latin != null) out.append(latin.charValue());
            else out.appendCodePoint(c);
        });
        return out.toString();
    }

    /** The Latin letter that {@code c} looks like, or null. */
    public static Character looksLike(int c) { return LOOKS_LATIN.get(c); }

    /** A letter of one script in a word of another, which looks like a letter of that other script. */
    public record Mixed(String letter, String script, String lookAlike, String among) {}

    /**
     * The first letter of a name that is written in another script than the letters next to it (in the same word:
     * `_`, digits and primes separate words, so `σ_x` and `ρ2` mix nothing) where one of the two scripts has a letter
     * that looks like the other's: `аlpha` with a Cyrillic `а`, `pοint` with a Greek `ο`. Null when there is none.
     */
    public static Mixed mixedScript(String name) {
        String text = Names.normalized(name);
        int start = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && Character.isLetter(text.codePointAt(end))) end += Character.charCount(text.codePointAt(end));
            Mixed m = mixedWord(text.substring(start, end));
            if (m != null) return m;
            start = end == start ? end + Character.charCount(text.codePointAt(end)) : end;
        }
        return null;
    }

    private static Mixed mixedWord(String word) {
        Map<Character.UnicodeScript, Integer> counts = new java.util.EnumMap<>(Character.UnicodeScript.class);
        for (int c : word.codePoints().toArray()) counts.merge(Character.UnicodeScript.of(c), 1, Integer::sum);
        if (counts.size() < 2 || !counts.containsKey(Character.UnicodeScript.LATIN)) return null;
        // The letter out of place is one of the script with fewer letters in the word; on a tie the one that is not
        // Latin, so that `βx` (β looks like no Latin letter) mixes nothing, where `αx` does.
        Character.UnicodeScript minority = counts.entrySet().stream()
                .min((a, b) -> a.getValue().equals(b.getValue()) ? (a.getKey() == Character.UnicodeScript.LATIN ? 1 : -1)
                        : Integer.compare(a.getValue(), b.getValue()))
                .orElseThrow().getKey();
        Character.UnicodeScript majority = counts.keySet().stream().filter(s -> s != minority).findFirst().orElseThrow();
        for (int c : word.codePoints().toArray()) {
            if (Character.UnicodeScript.of(c) != minority) continue;
            Character latin = LOOKS_LATIN.get(c);
            String alike = latin != null ? "Latin `" + latin + "`" : lookAlikeIn(c, majority);
            if (alike == null) continue;
            return new Mixed(Character.toString(c), scriptName(minority), alike, scriptName(majority));
        }
        return null;
    }

    /** "Cyrillic `а`": a letter of {@code script} that Latin {@code c} looks like, or null. */
    private static String lookAlikeIn(int c, Character.UnicodeScript script) {
        for (Map.Entry<Integer, Character> e : LOOKS_LATIN.entrySet()) {
            if (e.getValue() == c && Character.UnicodeScript.of(e.getKey()) == script) {
                return scriptName(script) + " `" + Character.toString(e.getKey()) + "`";
            }
        }
        return null;
    }

    /** Whether every letter of the name is a Cyrillic one that looks Latin: `а`, `ор`, likely typed on the wrong layout. */
    public static boolean cyrillicLookingLatin(String name) {
        String text = Names.normalized(name);
        boolean any = false;
        for (int c : text.codePoints().toArray()) {
            if (!Character.isLetter(c)) continue;
            if (Character.UnicodeScript.of(c) != Character.UnicodeScript.CYRILLIC || !LOOKS_LATIN.containsKey(c)) return false;
            any = true;
        }
        return any;
    }

    /** The scripts other than Latin that a name's letters are written in, for messages: "Cyrillic", "Greek and Cyrillic". */
    public static String otherScripts(String name) {
        java.util.Set<String> scripts = new java.util.LinkedHashSet<>();
        name.codePoints().filter(Character::isLetter).mapToObj(Character.UnicodeScript::of)
                .filter(s -> s != Character.UnicodeScript.LATIN).forEach(s -> scripts.add(scriptName(s)));
        return String.join(" and ", scripts);
    }

    private static String scriptName(Character.UnicodeScript script) {
        String s = script.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
