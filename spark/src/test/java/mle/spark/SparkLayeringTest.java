package mle.spark;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mle.cli.DashedValue;
import mle.cli.FitOutput;
import org.junit.jupiter.api.Test;

/**
 * The Spark runner ends as `mle fit` does through one class of the command line, {@link FitOutput}, not through its
 * commands; its file options read a value that begins with '-' as mle's do ({@link DashedValue}).
 */
class SparkLayeringTest {
    @Test
    void theCommandLineIsReachedThroughFitOutputOnly() {
        noClasses().that().resideInAPackage("mle.spark..")
                .should().dependOnClassesThat(resideInAPackage("mle.cli..")
                        .and(not(type(FitOutput.class))).and(not(type(DashedValue.class))))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("mle.spark"));
    }

    /** The compiled classes do not show a constant they read (an exit status): javac copies it in. The sources do. */
    @Test
    void theSourcesNameNoOtherClassOfTheCommandLine() throws IOException {
        Path sources = Path.of(System.getProperty("mle.root", "..")).resolve("spark/src/main/java");
        Set<String> named = new TreeSet<>();
        Pattern cli = Pattern.compile("\\bmle\\.cli\\.([A-Z]\\w*)");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = cli.matcher(Files.readString(file));
                while (m.find()) named.add(m.group(1));
            }
        }
        assertFalse(named.isEmpty(), "the runner's sources were found under " + sources);
        assertEquals(Set.of("DashedValue", "FitOutput"), named);
    }
}
