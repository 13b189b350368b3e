package mle.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mle.compiler.check.Builtins;
import mle.compiler.check.CheckedModel;
import mle.compiler.ir.Distribution;
import mle.compiler.dist.Distributions;
import org.junit.jupiter.api.Test;

/**
 * The editor grammar (editors/vscode) knows every distribution, function, constant and named argument of the
 * language, so that a name added here is not forgotten there. How it tokenizes is tested by editors/vscode/test.
 */
class EditorGrammarTest {
    @Test
    void theGrammarNamesEverythingTheLanguageHas() throws IOException {
        String grammar = Files.readString(TestPaths.root().resolve("editors/vscode/syntaxes/mle.tmLanguage.json"));
        List<String> missing = new ArrayList<>();
        for (Distribution d : Distributions.all()) if (!grammar.contains(d.name())) missing.add(d.name());
        for (String f : Builtins.names()) if (!grammar.contains(f)) missing.add(f);
        for (String c : Builtins.CONSTANTS.keySet()) if (!grammar.contains(c)) missing.add(c);
        for (String a : CheckedModel.Observation.NAMES) if (!grammar.contains(a)) missing.add(a);
        for (String k : List.of("model", "data", "param", "const", "let", "in", "report", "target")) {
            if (!grammar.contains(k)) missing.add(k);
        }
        assertTrue(missing.isEmpty(), "editors/vscode/syntaxes/mle.tmLanguage.json lacks " + missing);
    }
}
