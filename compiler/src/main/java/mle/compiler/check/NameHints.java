package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.Names;
import mle.compiler.ast.Statement;
import mle.compiler.ir.Distribution;
import mle.compiler.dist.Distributions;

/**
 * Names that are not what they seem: a name used but not declared (declared further down, typed in other letters,
 * or misspelt: "did you mean …?"), an unknown distribution, and names that look alike but differ.
 */
final class NameHints extends CheckerPart {
    NameHints(CheckScope scope) {
        super(scope);
    }

    /**
     * Warnings, as Rust's `confusable_idents` and `mixed_script_confusables` lints give them: two different names
     * that look alike (Latin `a` and Cyrillic `а`), a name that mixes scripts within a word with a letter that looks
     * like one of the other script (`аlpha`), and a name whose letters are all Cyrillic look-alikes of Latin ones.
     */
    void lookAlikeNames() {
        List<Identifier> names = new ArrayList<>();
        for (Statement s : scope.model.statements()) {
            names.addAll(Declarations.declaredNames(s));
            if (s instanceof Statement.Report r) names.add(r.name());
        }
        Map<String, Identifier> bySkeleton = new HashMap<>();
        for (Identifier id : names) {
            String skeleton = mle.compiler.ast.Confusables.skeleton(id.text());
            Identifier earlier = bySkeleton.putIfAbsent(skeleton, id);
            if (earlier != null && !earlier.key().equals(id.key())) {
                diagnostics.warning(id.span(), "`" + id.text() + "` looks like `" + earlier.text() + "` on line " + earlier.span().line()
                        + " but is a different name: " + scriptsOf(id, earlier), "give them names that do not look alike");
                continue;
            }
            mle.compiler.ast.Confusables.Mixed mixed = mle.compiler.ast.Confusables.mixedScript(id.text());
            if (mixed != null) {
                diagnostics.warning(id.span(), "`" + id.text() + "` mixes scripts: its `" + mixed.letter() + "` is " + article(mixed.script())
                        + " letter among " + mixed.among() + " ones, and looks like " + mixed.lookAlike(),
                        "retype it in one script, or it will not match the same name typed elsewhere");
            } else if (mle.compiler.ast.Confusables.cyrillicLookingLatin(id.text())) {
                diagnostics.warning(id.span(), "`" + id.text() + "` is written in Cyrillic letters that look like Latin `"
                        + skeleton + "`", "retype it in Latin letters if that is what was meant");
            }
        }
    }

    /** "its letters are Cyrillic, where those of `a` are Latin": what tells two look-alike names apart. */
    private static String scriptsOf(Identifier id, Identifier other) {
        String mine = mle.compiler.ast.Confusables.otherScripts(id.text()), theirs = mle.compiler.ast.Confusables.otherScripts(other.text());
        if (mine.equals(theirs)) return "they differ in letters that look the same";
        return "it has " + (mine.isEmpty() ? "Latin" : mine) + " letters where `" + other.text() + "` has "
                + (theirs.isEmpty() ? "Latin" : theirs) + " ones";
    }

    private static String article(String word) { return ("AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word; }

    void undefined(Identifier id) {
        Identifier later = scope.declaredAnywhere.get(id.key());
        if (later != null && later.span().start() > id.span().start()) {
            diagnostics.error(id.span(), "`" + id.text() + "` is used before it is declared on line " + later.span().line(),
                    "move the declaration of `" + later.text() + "` above this line");
            return;
        }
        if (later != null) {
            // Declared earlier but its declaration failed: that error was reported already.
            return;
        }
        // A name that looks like a declared one is that name typed in other letters (`а` in Cyrillic for `a`).
        String skeleton = mle.compiler.ast.Confusables.skeleton(id.text());
        for (Symbol s : scope.symbols()) {
            if (mle.compiler.ast.Confusables.skeleton(s.id().text()).equals(skeleton)) {
                diagnostics.error(id.span(), "`" + id.text() + "` is not defined, but looks like `" + s.name() + "` declared on line "
                        + s.id().span().line() + ": " + scriptsOf(id, s.id()), "retype it as the declaration writes it");
                markUsed(s);
                return;
            }
        }
        // Only values: a function is never what a misspelt value meant (`tau` is not `tan`).
        List<String> candidates = new ArrayList<>();
        for (Symbol s : scope.symbols()) if (!(s instanceof Symbol.Function)) candidates.add(s.name());
        String suggestion = Suggestions.closest(id.text(), candidates);
        if (suggestion == null) {
            // Compare through the ASCII spelling too: `sigam` → `σ` is still a likely typo.
            for (Symbol s : scope.symbols()) {
                if (s instanceof Symbol.Function) continue;
                for (Map.Entry<String, String> e : greekSpellings().entrySet()) {
                    if (s.id().key().startsWith(e.getValue()) && Suggestions.closest(id.text(),
                            List.of(e.getKey() + s.id().key().substring(e.getValue().length()))) != null) suggestion = s.name();
                }
            }
        }
        if (suggestion != null) {
            // Read the typo as the name it most likely meant, so that `sigma` is not also reported as unused.
            markUsed(scope.get(Names.canonical(suggestion)));
        }
        diagnostics.error(id.span(), "`" + id.text() + "` is not defined",
                suggestion != null ? "did you mean `" + suggestion + "`?" : "declare it with `data`, `param`, `const` or `let` before this line");
    }

    /** A name that a mistyped one most likely meant counts as used, so that it is not also reported as unused. */
    private void markUsed(Symbol meant) {
        scope.usedNames.add(meant.id().key());
        if (meant instanceof Symbol.Param p) scope.usedParams.add(p);
    }

    static Map<String, String> greekSpellings() {
        return Map.of("sigma", "σ", "mu", "μ", "beta", "β", "alpha", "α", "theta", "θ", "lambda", "λ", "tau", "τ", "phi", "φ", "nu", "ν");
    }

    /** "U+00B5 MICRO SIGN where the other has U+03BC GREEK SMALL LETTER MU": how two spellings that look alike differ. */
    static String firstDifference(String text, String other) {
        int[] a = text.codePoints().toArray(), b = other.codePoints().toArray();
        int i = 0;
        while (i < a.length - 1 && i < b.length - 1 && a[i] == b[i]) i++;
        return String.format("U+%04X %s where the other has U+%04X %s", a[i], Character.getName(a[i]), b[i], Character.getName(b[i]));
    }

    void unknownDistribution(Identifier name) {
        List<String> names = Distributions.all().stream().map(Distribution::name).toList();
        String exact = names.stream().filter(n -> n.equalsIgnoreCase(name.text())).findFirst().orElse(null);
        String suggestion = exact != null ? exact : Suggestions.closest(name.text(), names);
        diagnostics.error(name.span(), "there is no distribution called `" + name.text() + "`",
                suggestion != null ? "did you mean `" + suggestion + "`?" : "the distributions are " + String.join(", ", names));
    }
}
