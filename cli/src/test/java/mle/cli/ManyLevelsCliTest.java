package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fit with 300 group effects named in the data: the table shortens the vector and its levels, the JSON has all. */
class ManyLevelsCliTest {
    @Test
    void theTableShowsTheFirstAndLastElementsAndTheJsonEveryOne(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("firms.mle"), data = dir.resolve("firms.csv"), json = dir.resolve("fit.json");
        Files.writeString(model, "data firm, x, y\nparam a[300], b\nparam σ > 0\ny ~ Normal(a[firm] + b * x, σ)\n");
        StringBuilder csv = new StringBuilder("firm,x,y\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1500; i++) {
            double x = random.nextDouble();
            csv.append(String.format(Locale.ROOT, "firm %03d,%.6f,%.6f%n", i % 300, x, 0.01 * (i % 300) + 2 * x + random.nextDouble()));
        }
        Files.writeString(data, csv);
        CliTest.Run r = CliTest.run("fit", model.toString(), "--data", data.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("a[5] "), r.out());
        assertFalse(r.out().contains("a[6] "), "the sixth to the 299th are left out of the table");
        assertTrue(r.out().contains("(294 more elements of a, every one in the JSON of --json)"), r.out());
        assertTrue(r.out().contains("a[300] "), r.out());
        assertTrue(r.out().contains("levels of firm: 1 = firm 000, 2 = firm 001, 3 = firm 002, 4 = firm 003, 5 = firm 004, "
                + "… (294 more, every one in the JSON of --json), 300 = firm 299 (names in sorted order)"), r.out());
        assertTrue(r.out().contains("the 300 effects of `firm` are absorbed"), r.out());
        JsonNode fit = new ObjectMapper().readTree(json.toFile());
        assertEquals(302, fit.get("estimates").size());
        assertEquals("a[150]", fit.get("estimates").get(149).get("name").asText());
        assertEquals(300, fit.get("levels").get("firm").size());
    }

    @Test
    void twoGroupingsGiveTheSlopeWithItsErrorAndExit3ForTheirShiftedConstant(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("panel.mle"), data = dir.resolve("panel.csv");
        Files.writeString(model, "data worker, year, x, y\nparam a[400], c[10], b\nparam σ > 0\n"
                + "y ~ Normal(a[worker] + c[year] + b * x, σ)\n");
        StringBuilder csv = new StringBuilder("worker,year,x,y\n");
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 4000; i++) {
            int worker = 1 + i % 400, year = 1 + random.nextInt(10);
            double x = random.nextDouble() + 0.1 * year;
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f%n", worker, year, x, 0.01 * worker + 0.3 * year + 2 * x
                    + random.nextDouble()));
        }
        Files.writeString(data, csv);
        CliTest.Run r = CliTest.run("fit", model.toString(), "--data", data.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("only up to a constant added to every `a` and taken from every `c`"), r.out());
        // The slope keeps its standard error; the effects show none.
        String slope = r.out().lines().filter(l -> l.startsWith("b ")).findFirst().orElseThrow();
        assertFalse(slope.contains("NaN"), slope);
        String effect = r.out().lines().filter(l -> l.startsWith("c[2] ")).findFirst().orElseThrow();
        assertTrue(effect.contains("NaN"), effect);
        assertTrue(r.out().contains("The Hessian is singular, so only some parameters have standard errors"), r.out());
    }
}
