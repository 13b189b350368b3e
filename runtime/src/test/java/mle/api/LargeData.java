package mle.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the large-data benchmark of `bin/bench large`: n rows of three standard normal predictors and
 * y = 1 + 0.5·x1 − 0.3·x2 + 0.8·x3 + N(0, 1), to 9 significant digits (2,000,000 rows are about 88 MB), and the
 * model beside it. Arguments: rows, output folder.
 */
public final class LargeData {
    public static void main(String[] args) throws IOException {
        int rows = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        SplittableRandom random = new SplittableRandom(2026);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("large.csv"))) {
            w.write("x1,x2,x3,y\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                double x1 = random.nextGaussian(), x2 = random.nextGaussian(), x3 = random.nextGaussian();
                double y = 1 + 0.5 * x1 - 0.3 * x2 + 0.8 * x3 + random.nextGaussian();
                line.setLength(0);
                line.append(String.format(Locale.ROOT, "%.9g,%.9g,%.9g,%.9g%n", x1, x2, x3, y));
                w.write(line.toString());
            }
        }
        Files.writeString(dir.resolve("large.mle"), "data x1, x2, x3, y\nparam a, b1, b2, b3\nparam σ > 0\n"
                + "y ~ Normal(a + b1 * x1 + b2 * x2 + b3 * x3, σ)\n");
    }
}
