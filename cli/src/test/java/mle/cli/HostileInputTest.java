package mle.cli;

import static mle.cli.CliTest.run;
import static mle.cli.CliTest.sample;
import static mle.cli.CliTest.sampleData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
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
    void aVeryLongNameOrNumberIsRefusedBeforeAnythingQuotesIt(@TempDir Path dir) throws IOException {
        String name = "x".repeat(50_000);
        Path model = dir.resolve("long.mle");
        Files.writeString(model, "data y\nparam " + name + "\ny ~ Normal(" + name + "y, 1)\n");
        Run r = run("check", model.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("2:7: error: this name is 50000 characters long; a name may have at most 256"), r.err());
        assertTrue(r.err().length() < 2000, "the message quotes a window, not the name: " + r.err().length());
        Files.writeString(model, "data y\nparam m\ny ~ Normal(m + 1" + "0".repeat(5000) + ", 1)\n");
        Run number = run("check", model.toString());
        assertEquals(Main.BAD_INPUT, number.code());
        assertTrue(number.err().contains("this number is 5001 characters long"), number.err());
    }

    @Test
    void aColumnMappingForADataNameTheModelDoesNotHaveIsBadUsage() {
        Run r = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--column", "zz=x");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("the model has no data `zz`"), r.err());
    }

    private static Run checkAndDerive(Path dir, String name, String text, int expected) throws IOException {
        Path model = dir.resolve(name + ".mle");
        Files.writeString(model, text);
        Run check = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("check", model.toString()));
        assertEquals(expected, check.code(), name + ": " + check.err());
        Run derive = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("derive", model.toString()));
        assertEquals(expected, derive.code(), name + " derive: " + derive.err());
        if (expected != 0) assertOneCleanSentence(check.err());
        return check;
    }

    private static String normalOf(String mean) { return "data y\nparam m\ny ~ Normal(" + mean + ", 1)\n"; }

    @Test
    void nestingWithinTheLimitWorksAndBeyondItIsALocatedError(@TempDir Path dir) throws IOException {
        checkAndDerive(dir, "exp640", normalOf("exp(".repeat(640) + "m" + ")".repeat(640)), Main.OK);
        checkAndDerive(dir, "brackets640", "data y\nparam m\nconst c = " + "[".repeat(640) + "1" + "]".repeat(640)
                + "\ny ~ Normal(m, 1)\n", Main.BAD_INPUT);
        Run parens = checkAndDerive(dir, "parens3300", normalOf("(".repeat(3300) + "m" + ")".repeat(3300)), Main.BAD_INPUT);
        assertTrue(parens.err().contains(":3:1011: error: this expression nests more than 1000 levels deep"), parens.err());
        checkAndDerive(dir, "minus2500", normalOf("-".repeat(2500) + "m"), Main.BAD_INPUT);
        checkAndDerive(dir, "power1000", normalOf("m" + "^y".repeat(1000)), Main.BAD_INPUT);
        Run deep = checkAndDerive(dir, "exp100000", normalOf("exp(".repeat(100_000) + "m" + ")".repeat(100_000)), Main.BAD_INPUT);
        assertTrue(deep.err().contains("give parts of it names with `let`"), deep.err());
    }

    @Test
    void longSumsWorkUpToTheirLimitAndBeyondItAreALocatedError(@TempDir Path dir) throws IOException {
        checkAndDerive(dir, "sum2500", normalOf("m" + " + m".repeat(2500)), Main.OK);
        checkAndDerive(dir, "product3000", normalOf("m" + " * 1.0001".repeat(3000)), Main.OK);
        Run tooMany = checkAndDerive(dir, "sum100000", normalOf("m" + " + m".repeat(100_000)), Main.BAD_INPUT);
        assertTrue(tooMany.err().contains("this sum or product has more than 10000 terms"), tooMany.err());
        // The line shown is a window around the caret, not 400,000 characters.
        assertTrue(tooMany.err().lines().allMatch(l -> l.length() < 200), "long lines in " + tooMany.err().length() + " characters");
    }

    @Test
    void functionsThatEachCallTheLastTwiceAreExpandedOnce(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder("data y\nparam m\nf0(x; θ) = x + θ\n");
        for (int i = 1; i <= 40; i++) text.append("f").append(i).append("(x; θ) = f").append(i - 1).append("(x; θ) + f").append(i - 1).append("(x; θ)\n");
        text.append("y ~ Normal(f40(y; m), 1)\n");
        checkAndDerive(dir, "doubling", text.toString(), Main.OK);
    }

    /** Each level calls the last with two different arguments: 2⁴⁰ distinct terms, stopped at the node limit. */
    @Test
    void functionsThatExpandIntoExponentiallyManyDistinctTermsAreALocatedError(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder("data y\nparam m\nf0(x; θ) = x + θ\n");
        for (int i = 1; i <= 40; i++) {
            text.append("f").append(i).append("(x; θ) = f").append(i - 1).append("(sin(x); θ) + f").append(i - 1).append("(cos(x); θ)\n");
        }
        text.append("y ~ Normal(f40(y; m), 1)\n");
        Path model = dir.resolve("exponential.mle");
        Files.writeString(model, text.toString());
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> run("check", model.toString()));
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains(":44:1: error: with this statement the model grows past 4000000 operations"), r.err());
    }

    @Test
    void twoLongParameterVectorsWithPriorsDerive(@TempDir Path dir) throws IOException {
        checkAndDerive(dir, "vectors", "data y\nparam a[100000]\nparam b[100000]\ny ~ Normal(a[1] + b[1], 1)\n"
                + "a ~ Normal(0, 1)\nb ~ Normal(0, 1)\n", Main.OK);
    }

    @Test
    void constantsOfVectorPowersAreFoldedNotAnInternalError(@TempDir Path dir) throws IOException {
        checkAndDerive(dir, "pow", "data y\nparam m\nconst c = pow([1], 0)\ny ~ Normal(m + c[1], 1)\n", Main.OK);
        Run trials = checkAndDerive(dir, "trials", "data y\ny ~ Binomial(pow([10, 10], 1), 0.5)\n", Main.BAD_INPUT);
        assertTrue(trials.err().contains("the number of trials N of Binomial is a vector of 2 elements"), trials.err());
        checkAndDerive(dir, "nan", "data y\nparam m\nconst c = pow([-2, 3], 0.5)\ny ~ Normal(m + c[2], 1)\n", Main.BAD_INPUT);
    }

    @Test
    void invisibleAndControlCharactersAreEscapedAndALoneCarriageReturnEndsALine(@TempDir Path dir) throws IOException {
        Run bidi = checkAndDerive(dir, "bidi", "data y\nparam m\ny ~ Normal(m, s\u202Eigma)\n", Main.BAD_INPUT);
        assertTrue(bidi.err().contains("s\\u202Eigma"), bidi.err());
        assertTrue(bidi.err().chars().noneMatch(c -> c == 0x202E || c == '\r'), bidi.err());
        Run control = checkAndDerive(dir, "control", "data y\u0001\nparam m\ny ~ Normal(m, 1)\n", Main.BAD_INPUT);
        assertTrue(control.err().contains("`\\u0001` is not part of the mle language"), control.err());
        Run separator = checkAndDerive(dir, "separator", "data y\nparam m\u2028\ny ~ Normal(m, 1)\n", Main.BAD_INPUT);
        assertTrue(separator.err().contains(":2:8: error:"), separator.err());
        // Line 3 starts after the lone carriage return, for the parser and the message alike.
        Run cr = checkAndDerive(dir, "cr", "data y\nparam m\ry ~ Normal(m, s\u202Eigma)\n", Main.BAD_INPUT);
        assertTrue(cr.err().contains(":3:16: error:"), cr.err());
    }

    /** A run killed while writing --json leaves its temporary file; the next run writing that file removes it. */
    @Test
    void aTemporaryFileOfAKilledRunIsRemovedByTheNext(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.json");
        Path abandoned = dir.resolve(".out.json.2147483646.12345.tmp"), live = dir.resolve(".out.json." + ProcessHandle.current().pid() + ".1.tmp");
        Files.writeString(abandoned, "");
        Files.writeString(live, "");
        Run r = run("fit", sample("normal-mean"), "--data", sampleData("normal-mean"), "--json", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(Files.exists(out));
        assertTrue(Files.notExists(abandoned), "the killed run's file is gone");
        assertTrue(Files.exists(live), "a running process's file is left alone");
    }

    /** A fit whose general method would need five 200,000² matrices (5·8·200,000² bytes = 1490 GB) is refused at once. */
    @Test
    void aFitBeyondTheHeapIsRefusedBeforeTheWork(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("vectors.mle"), data = dir.resolve("y.csv");
        Files.writeString(model, "data y\nparam a[100000]\nparam b[100000]\ny ~ Normal(a[1] + b[1], 1)\n"
                + "a ~ Normal(0, 1)\nb ~ Normal(0, 1)\n");
        Files.writeString(data, "y\n1\n2\n3\n");
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("fit", model.toString(), "--data", data.toString()));
        assertEquals(Main.OUT_OF_MEMORY, r.code(), r.err());
        assertTrue(r.err().contains("this fit needs about 1490 GB for the general method with 200000 parameters"), r.err());
    }
}
