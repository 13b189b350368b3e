package mle.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a regression data set for `bin/bench regression`: n = 2p rows, X standard normal, y Gaussian around
 * 1 + Xβ or binary with log-odds 1 + Xβ, β drawn small, and the model file beside it.
 * Arguments: p, gaussian|logistic, output folder.
 */
public final class RegressionData {
    public static void main(String[] args) throws IOException {
        int p = Integer.parseInt(args[0]);
        boolean logistic = args[1].equals("logistic");
        Path dir = Path.of(args[2]);
        int n = 2 * p;
        SplittableRandom random = new SplittableRandom(p * 31L + (logistic ? 1 : 0));
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) beta[j] = random.nextGaussian() * 0.5 / Math.sqrt(p);
        String name = args[1] + p;
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(name + ".csv"))) {
            for (int j = 1; j <= p; j++) w.write("X" + j + ",");
            w.write("y\n");
            double[] x = new double[p];
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.setLength(0);
                double eta = 1;
                for (int j = 0; j < p; j++) {
                    x[j] = random.nextGaussian();
                    eta += x[j] * beta[j];
                    line.append((float) x[j]).append(',');
                }
                double y = logistic ? (random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0) : eta + random.nextGaussian();
                line.append(logistic ? String.valueOf((int) y) : String.valueOf((float) y)).append('\n');
                w.write(line.toString());
            }
        }
        Files.writeString(dir.resolve(name + ".mle"), "data X[" + p + "], y\nparam a\nparam β[" + p + "]\n"
                + (logistic ? "y ~ BernoulliLogit(a + dot(X, β))\n" : "param σ > 0\ny ~ Normal(a + dot(X, β), σ)\n"));
    }
}
