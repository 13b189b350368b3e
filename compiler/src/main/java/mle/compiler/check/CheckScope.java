package mle.compiler.check;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.ParsedModel;
import mle.compiler.source.Diagnostics;

/**
 * What the parts of the checker share while they check one model: the model and where its problems go, the names
 * declared so far (what a statement can see), every name the model declares anywhere, and what the statements use.
 */
final class CheckScope {
    final ParsedModel model;
    final Diagnostics diagnostics;
    /** The declarations accepted so far, by key, in the order of the model. */
    private final Map<String, Symbol> declared = new LinkedHashMap<>();
    /** Every name the model declares, by key: also those declared further down, and those whose declaration failed. */
    final Map<String, Identifier> declaredAnywhere = new HashMap<>();
    /** The parameters that a `~` statement, `target +=` or `report` depends on: the others are not estimated. */
    final Set<Symbol.Param> usedParams = new HashSet<>();
    /** The keys of the names that some expression reads: the others are never used. */
    final Set<String> usedNames = new HashSet<>();

    CheckScope(ParsedModel model, Diagnostics diagnostics) {
        this.model = model;
        this.diagnostics = diagnostics;
    }

    /** The symbol declared so far under this key, or null. */
    Symbol get(String key) { return declared.get(key); }

    boolean containsKey(String key) { return declared.containsKey(key); }

    void add(Symbol symbol) { declared.put(symbol.id().key(), symbol); }

    /** The symbols declared so far, in the order of the model. */
    Collection<Symbol> symbols() { return declared.values(); }

    Map<String, Symbol> byKey() { return Map.copyOf(declared); }

    /** For messages: "1 element", "3 elements". */
    static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }
}
