package mle.cli;

import static mle.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models and data that contradict themselves are refused with their place, never resolved silently. */
class ModelConsistencyTest {
    private static final String TOBIT = "data t, r, l\nparam μ\nparam σ > 0\nt ~ Normal(μ, σ, right_censored = r, left_censored = l)\n";

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** {@link #refused(Path, Path)} on a model written to m.mle and data to d.csv in {@code dir}. */
    private static CliTest.Run refused(Path dir, String model, String csv) throws IOException {
        return refused(write(dir, "m.mle", model), write(dir, "d.csv", csv));
    }

    /** `mle fit`, which must refuse the input as bad (exit 65). */
    private static CliTest.Run refused(Path model, Path data) {
        CliTest.Run r = run("fit", model.toString(), "--data", data.toString());
        assertEquals(Main.BAD_INPUT, r.code(), data + ": " + r.out() + r.err());
        return r;
    }

    @Test
    void aCensoringIndicatorOtherThanZeroOrOneIsADataErrorWithItsLine(@TempDir Path dir) throws IOException {
        Path model = write(dir, "m.mle", TOBIT);
        for (String bad : new String[] {"2", "0.5", "-1"}) {
            Path data = write(dir, "d.csv", "t,r,l\n1,0,0\n2," + bad + ",0\n3,0,1\n2.5,0,0\n");
            CliTest.Run r = refused(model, data);
            assertTrue(r.err().contains(data + ", line 3: `r` is "), r.err());
            assertTrue(r.err().contains("must be 0 (observed) or 1 (censored)"), r.err());
        }
    }

    @Test
    void aRowCensoredBothWaysIsADataErrorWithItsLine(@TempDir Path dir) throws IOException {
        Path model = write(dir, "m.mle", TOBIT);
        Path ok = write(dir, "ok.csv", "t,r,l\n1,0,0\n2,1,0\n3,0,1\n2.5,0,0\n1.5,0,0\n");
        assertEquals(Main.OK, run("fit", model.toString(), "--data", ok.toString()).code(), "both kinds, on different rows");
        Path data = write(dir, "d.csv", "t,r,l\n1,0,0\n2,1,0\n3,0,1\n4,1,1\n2.5,0,0\n");
        CliTest.Run r = refused(model, data);
        assertTrue(r.err().contains(data + ", line 5: "), r.err());
        assertTrue(r.err().contains("at most one of `right_censored` and `left_censored` can be 1 on a row"), r.err());
    }

    @Test
    void anIntervalThatEndsBelowItsValueIsADataErrorWithItsLine(@TempDir Path dir) throws IOException {
        // Before, the objective was NaN at the start and the message asked for other starting values.
        CliTest.Run r = refused(dir, "data t, c, u\nparam μ\nparam σ > 0\nt ~ Normal(μ, σ, interval_censored = c, interval_upper = u)\n",
                "t,c,u\n1,0,0\n2,1,3\n3,1,2\n2.5,0,0\n1.5,0,0\n");
        assertTrue(r.err().contains(dir.resolve("d.csv") + ", line 4: `u` is 2, but on a row where `interval_censored` is 1"), r.err());
    }

    @Test
    void aNamedArgumentGivenTwiceIsRefusedWithItsPlace(@TempDir Path dir) throws IOException {
        CliTest.Run r = refused(dir, "data t, w, v\nparam μ\nparam σ > 0\nt ~ Normal(μ, σ, weight = w, weight = v)\n",
                "t,w,v\n1,1,1\n2,1,2\n3,2,1\n");
        assertTrue(r.err().contains(dir.resolve("m.mle") + ":4:30: error: `weight` is given twice"), r.err());
        assertTrue(r.err().contains("^^^^^^^^^^"), r.err());
    }

    @Test
    void moreLevelsThanAVectorCanHoldSaysSoInsteadOfProposingASize(@TempDir Path dir) throws IOException {
        Path model = write(dir, "m.mle", "data y, g\nparam m[3]\nparam σ > 0\ny ~ Normal(m[g], σ)\n");
        StringBuilder csv = new StringBuilder("y,g\n");
        for (int i = 0; i <= 100_000; i++) csv.append(i % 7).append(",id").append(i).append('\n');
        Path data = write(dir, "d.csv", csv.toString());
        CliTest.Run r = refused(model, data);
        assertTrue(r.err().contains("`g` has 100001 levels"), r.err());
        assertTrue(r.err().contains("a vector holds at most 100000 elements"), r.err());
        assertTrue(!r.err().contains("m[100001]"), r.err());
    }

    @Test
    void aHeaderBindsTheNameItSpellsAnotherWayAndNeverALookAlike(@TempDir Path dir) throws IOException {
        // The model writes the Greek letter μ; the header the micro sign µ, which is the same name.
        Path model = write(dir, "m.mle", "data μ, x\nparam a\nparam σ > 0\nμ ~ Normal(a * x, σ)\n");
        Path micro = write(dir, "micro.csv", "µ,x\n1,1\n2,2\n3,2.5\n4,4.5\n");
        CliTest.Run bound = run("fit", model.toString(), "--data", micro.toString());
        assertEquals(Main.OK, bound.code(), bound.out() + bound.err());
        // Both spellings in one header: which one is meant cannot be seen.
        Path both = write(dir, "both.csv", "μ,x,µ\n1,1,9\n2,2,9\n3,2.5,8\n4,4.5,7\n");
        CliTest.Run twice = refused(model, both);
        assertTrue(twice.err().contains("the header has 2 columns that are all `μ`"), twice.err());
        // A Cyrillic `а` in the header is not the model's Latin `a`, and the message says why it looks the same.
        Path latin = write(dir, "latin.mle", "data y, a\nparam b\nparam σ > 0\ny ~ Normal(b * a, σ)\n");
        Path cyrillic = write(dir, "cyrillic.csv", "y,а\n1,1\n2,2\n3,2.5\n4,4.5\n");
        CliTest.Run other = refused(latin, cyrillic);
        assertTrue(other.err().contains("The header's `а` looks like `a` but is written in other letters (Cyrillic letters "
                + "where the model has Latin letters)"), other.err());
    }

    @Test
    void checkWarnsOfLookAlikeNamesAndStillExitsZero(@TempDir Path dir) throws IOException {
        Path model = write(dir, "m.mle", "data y\nparam a, а\nparam σ > 0\ny ~ Normal(a + а, σ)\n");
        CliTest.Run r = run("check", model.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.err().contains(model + ":2:10: warning: `а` looks like `a` on line 2 but is a different name"), r.err());
    }
}
