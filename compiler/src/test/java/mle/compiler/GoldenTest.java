package mle.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mle.compiler.ast.AstPrinter;
import mle.compiler.explain.Derivation;
import mle.compiler.explain.Dumps;
import mle.compiler.source.DiagnosticRenderer;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Expect-tests, one folder per kind: every model in golden/bad/ against its `.expected` messages; every
 * model in golden/good/ and every sample against its `.ast`, `.ir`, `.grad` and `.derive` dumps.
 * Re-bless after an intended change with `bin/test -Dmle.bless=true`, then read the diff.
 */
class GoldenTest {
    static final Path ROOT = TestPaths.root();
    static final Path GOLDEN = ROOT.resolve("compiler/src/test/resources/golden");
    static final boolean BLESS = Boolean.getBoolean("mle.bless");

    @TestFactory
    Stream<DynamicTest> badModelsReportTheirErrors() throws IOException {
        return models(GOLDEN.resolve("bad")).map(model -> DynamicTest.dynamicTest(stem(model), () -> {
            Compiler.Compilation c = compile(model, GOLDEN);
            assertTrue(c.diagnostics().hasErrors(), model + " should have errors");
            expect(sibling(model, "expected"), DiagnosticRenderer.renderAll(c.diagnostics().sorted()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> goodModelsAndSamplesMatchTheirDumps() throws IOException {
        List<Path> all = new ArrayList<>(models(GOLDEN.resolve("good")).toList());
        all.addAll(TestPaths.sampleModels());
        return all.stream().flatMap(model -> {
            Path base = model.startsWith(GOLDEN) ? GOLDEN : ROOT;
            return Stream.of(
                    DynamicTest.dynamicTest(base.relativize(model) + " ast", () -> expect(sibling(model, "ast"), AstPrinter.print(compiled(model, base).ast()))),
                    DynamicTest.dynamicTest(base.relativize(model) + " ir", () -> expect(sibling(model, "ir"), Dumps.ir(compiled(model, base).objective()))),
                    DynamicTest.dynamicTest(base.relativize(model) + " grad", () -> expect(sibling(model, "grad"), Dumps.gradient(compiled(model, base).objective()))),
                    DynamicTest.dynamicTest(base.relativize(model) + " derive", () -> {
                        Compiler.Compilation c = compiled(model, base);
                        expect(sibling(model, "derive"), Derivation.explain(c.checked(), c.objective()));
                    }));
        });
    }

    static Compiler.Compilation compiled(Path model, Path base) throws IOException {
        Compiler.Compilation c = compile(model, base);
        assertFalse(c.diagnostics().hasErrors(), () -> DiagnosticRenderer.renderAll(c.diagnostics().sorted()));
        return c;
    }

    static Compiler.Compilation compile(Path model, Path base) throws IOException {
        String name = base.relativize(model).toString();
        return Compiler.compile(new SourceFile(name, Files.readString(model, StandardCharsets.UTF_8)), Map.of());
    }

    static Stream<Path> models(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".mle")).sorted().toList().stream();
        }
    }

    private static String stem(Path p) { return p.getFileName().toString().replaceFirst("\\.mle$", ""); }

    private static Path sibling(Path model, String extension) {
        return model.resolveSibling(stem(model) + "." + extension);
    }

    private static void expect(Path expectedFile, String actual) throws IOException {
        if (BLESS) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile + "; run bin/test -Dmle.bless=true to create it");
        assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), actual, "differs from " + expectedFile);
    }
}
