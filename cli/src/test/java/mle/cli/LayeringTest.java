package mle.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, which no other test sees: the packages' dependencies point one way (read from the compiled
 * classes of the compiler, the runtime and the command line, which this module sees together), and every module's
 * hand-written sources keep one name for one thing and files short enough to read.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("mle");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("mle.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theCompilerKnowsNothingOfWhatRunsIt() {
        noClasses().that().resideInAPackage("mle.compiler..")
                .should().dependOnClassesThat().resideInAnyPackage("mle.runtime..", "mle.api..", "mle.estimate..", "mle.cli..")
                .check(classes);
    }

    @Test
    void theRuntimeKnowsNothingOfTheApiOrTheCommandLine() {
        noClasses().that().resideInAPackage("mle.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("mle.api..", "mle.estimate..", "mle.cli..")
                .check(classes);
    }

    @Test
    void estimationKnowsNothingOfTheApiOrTheCommandLine() {
        noClasses().that().resideInAPackage("mle.estimate..")
                .should().dependOnClassesThat().resideInAnyPackage("mle.api..", "mle.cli..")
                .check(classes);
    }

    /**
     * Names that more than one class bears on purpose, each read with its owner's name; any other name borne twice by
     * classes that are not private must name one thing, and is an error.
     */
    private static final Map<String, String> SHARED_NAMES = Map.of(
            "Kind", "a nested enum of its owner's kinds, always written with it (Objective.Kind, DataException.Kind)",
            "Solution", "each direct solver's answer, always written with its solver (ExactLeastSquares.Solution)",
            "Sampling", "a `~` statement as parsed (ast.Statement) and as checked (check.CheckedModel): one thing",
            "Increment", "a `+=` statement as parsed (ast.Statement) and as checked (check.CheckedModel): one thing",
            "Evaluation", "the objective and its derivatives at a point, of the reference evaluator and of the API");

    /** A class, record, interface or enum declared on a line of its own, with its modifiers. */
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*((?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*)"
                    + "(?:class|record|interface|enum|@interface)\\s+([A-Z]\\w*)");

    @Test
    void noNameStandsForTwoThings() {
        Map<String, List<String>> places = new TreeMap<>();
        for (Path file : mainSources()) {
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = DECLARATION.matcher(lines.get(i));
                // A private nested class is its owner's own: no other code can name it.
                if (m.find() && !m.group(1).contains("private")) {
                    places.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(root().relativize(file) + ":" + (i + 1));
                }
            }
        }
        List<String> twice = places.entrySet().stream()
                .filter(e -> e.getValue().size() > 1 && !SHARED_NAMES.containsKey(e.getKey()))
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList();
        assertTrue(twice.isEmpty(), "names borne by classes that are different things: " + String.join("; ", twice));
    }

    /** Lines of a hand-written source file beyond which it is split into classes of their own. */
    private static final int LONGEST_FILE = 600;

    @Test
    void noSourceFileIsTooLongToRead() {
        List<String> tooLong = new ArrayList<>();
        for (Path file : mainSources()) {
            int lines = read(file).size();
            if (lines > LONGEST_FILE) tooLong.add(root().relativize(file) + " (" + lines + " lines)");
        }
        assertTrue(tooLong.isEmpty(), "source files over " + LONGEST_FILE + " lines: " + String.join(", ", tooLong));
    }

    private static Path root() { return Path.of(System.getProperty("mle.root", "..")).toAbsolutePath().normalize(); }

    /** Every module's hand-written Java (under src/main/java), build output and other tools' folders left out. */
    private static List<Path> mainSources() {
        List<Path> sources = new ArrayList<>();
        try {
            Files.walkFileTree(root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName().toString();
                    boolean skipped = !dir.equals(root()) && (name.equals("target") || name.equals("node_modules") || name.startsWith("."));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String path = root().relativize(file).toString().replace('\\', '/');
                    if (path.endsWith(".java") && path.matches("(?:[^/]+/)+src/main/java/.+")) sources.add(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(sources.size() > 100, "the main sources were found under " + root());
        return sources;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
