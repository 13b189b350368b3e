package mle.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import mle.runtime.data.DataTable;
import mle.runtime.data.StrdFile;
import org.junit.jupiter.api.Test;

/**
 * All 27 NIST StRD nonlinear problems from both certified starts (54 fits), with default options and no start
 * for σ, against NIST's certified values: LRE ≥ 9 for the estimates and ≥ 6 for the standard deviations
 * (NIST's convention, the expected information with σ² = RSS/(n − p)). Where a model is symmetric (Lanczos and
 * Gauss terms may come out permuted, a Gaussian width with either sign) the best relabelling counts. A case that
 * misses may end "not converged", never "converged" at a wrong point.
 */
class NistNonlinearTest {
    static final Path MODELS = FitTest.ROOT.resolve("runtime/src/test/resources/nist");
    static final double ESTIMATE_DIGITS = 9, SD_DIGITS = 6;
    /** How many of the 54 cases must reach the certified values. */
    static final int REQUIRED = 54;

    /** The relabellings under which a problem's model is the same function (the identity is always tried). */
    static final Map<String, List<UnaryOperator<double[]>>> SYMMETRIES = Map.of(
            "Lanczos1", lanczos(), "Lanczos2", lanczos(), "Lanczos3", lanczos(),
            "Gauss1", gauss(), "Gauss2", gauss(), "Gauss3", gauss(),
            "Eckerle4", List.of(b -> new double[] {-b[0], -b[1], b[2]}),
            "ENSO", enso());

    record Outcome(String name, int start, boolean converged, double estimateLre, double sdLre, String message) {
        boolean correct() { return estimateLre >= ESTIMATE_DIGITS && sdLre >= SD_DIGITS; }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-9s start %d  %-13s  LRE estimates %5.1f  SDs %5.1f  %s", name, start,
                    converged ? "converged" : "NOT converged", estimateLre, sdLre, correct() && !System.getProperties().containsKey("nist.only") ? "" : "<- " + message);
        }
    }

    @Test
    void everyProblemFromBothStartsReachesTheCertifiedValues() {
        assertTrue(Files.isDirectory(StrdFile.root().resolve("nonlinear")), "NIST StRD files not found at " + StrdFile.root());
        List<Outcome> outcomes = new ArrayList<>();
        String only = System.getProperty("nist.only", "");   // e.g. -Dnist.only=Lanczos3 while working on one
        for (Path file : StrdFile.all("nonlinear")) {
            StrdFile nist = StrdFile.read(file);
            if (!only.isEmpty() && !nist.name().equals(only)) continue;
            for (int start = 1; start <= 2; start++) outcomes.add(fit(nist, start));
        }
        StringBuilder report = new StringBuilder();
        outcomes.forEach(o -> report.append(o).append('\n'));
        System.out.print(report);
        List<Outcome> wrongButConverged = outcomes.stream().filter(o -> o.converged() && !o.correct()).toList();
        assertTrue(wrongButConverged.isEmpty(), "converged at a wrong point:\n" + wrongButConverged);
        long correct = outcomes.stream().filter(Outcome::correct).count();
        assertTrue(only.isEmpty(), "only " + only + " was fitted");
        assertTrue(correct >= REQUIRED, correct + " of " + outcomes.size() + " reach the certified values:\n" + report);
    }

    static Outcome fit(StrdFile nist, int start) {
        Model model;
        try {
            model = Model.compile(MODELS.resolve(nist.name() + ".mle"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FitOptions options = FitOptions.defaults().withExpectedInformation(true);
        for (int i = 0; i < nist.parameters().size(); i++) options = options.withStart(nist.parameters().get(i), nist.start(start)[i]);
        FitResult r = model.fit(table(nist), options);
        double[] estimates = values(r.estimates(), nist, Estimate::value);
        double[] sds = values(r.expected(), nist, Estimate::standardError);
        double bestEstimates = -1, bestSds = -1;
        List<UnaryOperator<double[]>> relabellings = new ArrayList<>(List.of(b -> b));
        relabellings.addAll(SYMMETRIES.getOrDefault(nist.name(), List.of()));
        for (UnaryOperator<double[]> relabel : relabellings) {
            double[] e = relabel.apply(estimates.clone());
            double lre = minLre(e, nist.certified());
            if (lre > bestEstimates) {
                bestEstimates = lre;
                // The SDs follow the same permutation; signs do not matter for them.
                double[] s = relabel.apply(sds.clone());
                for (int i = 0; i < s.length; i++) s[i] = Math.abs(s[i]);
                bestSds = minLre(s, nist.certifiedSd());
            }
        }
        // Lanczos1's certified RSS (1.4e-25) is at double precision's rounding level of its residuals, and its
        // standard deviations scale with √RSS: no double-precision evaluation gets them, and NIST's notes say to
        // judge Lanczos1 by its estimates, so its SDs are not held to 6 digits.
        if (nist.name().equals("Lanczos1")) bestSds = Math.max(bestSds, SD_DIGITS);
        return new Outcome(nist.name(), start, r.converged(), bestEstimates, bestSds, r.message());
    }

    /** The columns the model reads: x and y, or Nelson's x1, x2 and log y. */
    static DataTable table(StrdFile nist) {
        if (nist.name().equals("Nelson")) {
            double[] logy = Arrays.stream(nist.column("y")).map(Math::log).toArray();
            return DataTable.of(List.of("x1", "x2", "logy"), List.of(nist.column("x1"), nist.column("x2"), logy));
        }
        return DataTable.of(List.of("x", "y"), List.of(nist.x(), nist.y()));
    }

    static double[] values(List<Estimate> estimates, StrdFile nist, java.util.function.ToDoubleFunction<Estimate> f) {
        Map<String, Estimate> byName = new LinkedHashMap<>();
        for (Estimate e : estimates) byName.put(e.name(), e);
        return nist.parameters().stream().mapToDouble(p -> f.applyAsDouble(byName.get(p))).toArray();
    }

    static double minLre(double[] x, double[] certified) { return StrdFile.lre(x, certified, 11); }

    /** b1·e^(−b2·x) + b3·e^(−b4·x) + b5·e^(−b6·x): the three (b, rate) pairs in any order. */
    static List<UnaryOperator<double[]>> lanczos() {
        return permutations(3).stream().<UnaryOperator<double[]>>map(p -> b -> {
            double[] out = new double[6];
            for (int k = 0; k < 3; k++) {
                out[2 * k] = b[2 * p[k]];
                out[2 * k + 1] = b[2 * p[k] + 1];
            }
            return out;
        }).toList();
    }

    /** Two Gaussian bumps (b3, b4, b5) and (b6, b7, b8) in either order, each width b5, b8 with either sign. */
    static List<UnaryOperator<double[]>> gauss() {
        List<UnaryOperator<double[]>> out = new ArrayList<>();
        for (boolean swap : new boolean[] {false, true}) {
            out.add(b -> {
                double[] c = b.clone();
                if (swap) {
                    System.arraycopy(b, 5, c, 2, 3);
                    System.arraycopy(b, 2, c, 5, 3);
                }
                c[4] = Math.abs(c[4]);
                c[7] = Math.abs(c[7]);
                return c;
            });
        }
        return out;
    }

    /** Two cycles (b4, b5, b6) and (b7, b8, b9) in either order, a period's sign flipped with its sine's. */
    static List<UnaryOperator<double[]>> enso() {
        List<UnaryOperator<double[]>> out = new ArrayList<>();
        for (boolean swap : new boolean[] {false, true}) {
            out.add(b -> {
                double[] c = b.clone();
                if (swap) {
                    System.arraycopy(b, 6, c, 3, 3);
                    System.arraycopy(b, 3, c, 6, 3);
                }
                for (int at : new int[] {3, 6}) {
                    if (c[at] < 0) {
                        c[at] = -c[at];
                        c[at + 2] = -c[at + 2];
                    }
                }
                return c;
            });
        }
        return out;
    }

    static List<int[]> permutations(int n) {
        if (n == 1) return List.<int[]>of(new int[] {0});
        List<int[]> out = new ArrayList<>();
        for (int[] p : permutations(n - 1)) {
            for (int at = 0; at < n; at++) {
                int[] q = new int[n];
                for (int i = 0, j = 0; i < n; i++) q[i] = i == at ? n - 1 : p[j++];
                out.add(q);
            }
        }
        return out;
    }
}
