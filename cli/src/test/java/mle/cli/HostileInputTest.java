package mle.cli;

import static mle.cli.CliTest.run;
import static mle.cli.CliTest.sample;
import static mle.cli.CliTest.sampleData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mle.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that once crashed, hung or ran out of memory (found by fuzzing the front end): each ends with its documented
 * exit code and one located sentence, never a stack trace ({@link CliTest#run} refuses one).
 */
class HostileInputTest {
    /** One line of an error: no raw control characters, no line breaks inside it. */
    private static void assertOneCleanSentence(String err) {
        String first = err.lines().findFirst().orElse("");
        assertTrue(first.startsWith("mle: ") || first.matches("^[^:]+:\\d+:\\d+: .*"), err);
        assertTrue(first.chars().noneMatch(c -> c < 0x20 && c != '\t'), err);
    }

    @Test
    void aModelFileThatCannotBeReadExits66(@TempDir Path dir) throws IOException {
        Path notADirectory = dir.resolve("file.txt");
        Files.writeString(notADirectory, "x");
        Run r = run("check", notADirectory.resolve("model.mle").toString());
        assertEquals(Main.NO_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("mle: cannot read "), r.err());
        assertEquals(Main.NO_INPUT, run("check", dir.toString()).code(), "a directory");
    }

    @Test
    void aModelThatIsNotUtf8SaysWhereItsFirstBadByteIs(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("latin1.mle");
        Files.write(bad, new byte[] {'d', 'a', 't', 'a', ' ', 'y', '\n', 'p', 'a', 'r', 'a', 'm', ' ', (byte) 0xE9, '\n'});
        Run r = run("check", bad.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains(bad + ":2:7: the byte 0xE9 is not UTF-8 text"), r.err());
        assertOneCleanSentence(r.err());
    }

    @Test
    void anEndlessOrHugeModelFileIsRefusedAfterReadingItsLimit(@TempDir Path dir) throws IOException {
        if (Files.isReadable(Path.of("/dev/zero"))) {
            Run zero = run("check", "/dev/zero");
            assertEquals(Main.BAD_INPUT, zero.code(), zero.err());
            assertTrue(zero.err().contains("is larger than 16 MB"), zero.err());
        }
        Path big = dir.resolve("big.mle");
        Files.write(big, new byte[(16 << 20) + 1]);
        Run r = run("check", big.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("is larger than 16 MB"), r.err());
        assertOneCleanSentence(r.err());
    }

    @Test
    void aVeryLongMisspeltNameIsReportedWithoutASuggestionAndWithoutRunningOutOfMemory(@TempDir Path dir) throws IOException {
        String name = "x".repeat(50_000);
        Path model = dir.resolve("long.mle");
        Files.writeString(model, "data y\nparam " + name + "\ny ~ Normal(" + name + "y, 1)\n");
        Run r = run("check", model.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("3:12: error:"), r.err());
    }

    @Test
    void aColumnMappingForADataNameTheModelDoesNotHaveIsBadUsage() {
        Run r = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--column", "zz=x");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("the model has no data `zz`"), r.err());
    }
}
