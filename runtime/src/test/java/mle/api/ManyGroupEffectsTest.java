package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * A Gaussian regression with more group effects than a design with a column per level should hold (here 300 levels):
 * fitted with the effects eliminated, against the textbook's closed forms of the within estimator, which a reader can
 * check with a pencil: β̂ = Sxy/Sxx over the within deviations, α̂_g = ȳ_g − β̂·x̄_g, σ̂² = RSS/n, SE(β̂) = σ̂/√Sxx and
 * SE(α̂_g) = σ̂·√(1/n_g + x̄_g²/Sxx).
 */
class ManyGroupEffectsTest {
    private static final int LEVELS = 300, PER_LEVEL = 4, ROWS = LEVELS * PER_LEVEL;
    private static final String MODEL = "data g, x, y\nparam a[" + LEVELS + "], b\nparam σ > 0\ny ~ Normal(a[g] + b * x, σ)\n";

    @Test
    void theSlopeTheEffectsAndTheirStandardErrorsAreTheWithinEstimators() {
        double[] g = new double[ROWS], x = new double[ROWS], y = new double[ROWS];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < ROWS; i++) {
            g[i] = 1 + i % LEVELS;
            x[i] = random.nextDouble() * 3 + 0.01 * g[i];
            y[i] = Math.sin(g[i]) * 5 + 1.5 * x[i] + random.nextDouble() - 0.5;
        }
        double[] xbar = new double[LEVELS + 1], ybar = new double[LEVELS + 1];
        for (int i = 0; i < ROWS; i++) {
            xbar[(int) g[i]] += x[i] / PER_LEVEL;
            ybar[(int) g[i]] += y[i] / PER_LEVEL;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < ROWS; i++) {
            double dx = x[i] - xbar[(int) g[i]];
            sxy += dx * (y[i] - ybar[(int) g[i]]);
            sxx += dx * dx;
        }
        double slope = sxy / sxx, rss = 0;
        for (int i = 0; i < ROWS; i++) {
            double r = y[i] - (ybar[(int) g[i]] - slope * xbar[(int) g[i]]) - slope * x[i];
            rss += r * r;
        }
        double sigma = Math.sqrt(rss / ROWS);

        FitResult fit = Model.compile(MODEL).fit(DataTable.of(List.of("g", "x", "y"), List.of(g, x, y)));
        assertEquals(Verdict.EXACT, fit.verdict(), fit.message());
        assertTrue(fit.search().method().startsWith("a direct solve with the groups' effects eliminated"), fit.search().method());
        assertEquals(slope, fit.estimate("b").value(), 1e-12 * Math.abs(slope));
        assertEquals(sigma / Math.sqrt(sxx), fit.estimate("b").standardError(), 1e-10 * sigma / Math.sqrt(sxx));
        assertEquals(sigma, fit.estimate("σ").value(), 1e-12 * sigma);
        assertEquals(sigma / Math.sqrt(2.0 * ROWS), fit.estimate("σ").standardError(), 1e-10 * sigma);
        for (int level : new int[] {1, 2, 150, LEVELS}) {
            Estimate a = fit.estimate("a[" + level + "]");
            double alpha = ybar[level] - slope * xbar[level];
            double se = sigma * Math.sqrt(1.0 / PER_LEVEL + xbar[level] * xbar[level] / sxx);
            assertEquals(alpha, a.value(), 1e-11 * Math.max(1, Math.abs(alpha)), "a[" + level + "]");
            assertEquals(se, a.standardError(), 1e-10 * se, "SE of a[" + level + "]");
            assertEquals(alpha - 1.959963984540054 * se, a.lower(), 1e-9 * se);
        }
        // The NLL with every constant: n/2·log(2πσ̂²) + n/2 at σ̂² = RSS/n.
        assertEquals(ROWS / 2.0 * Math.log(2 * Math.PI * sigma * sigma) + ROWS / 2.0, fit.nll(), 1e-9 * fit.nll());
        assertEquals(0, fit.statistics().covariance().length, "the covariance of 302 parameters is not formed");
    }

    @Test
    void aColumnTheEffectsAbsorbAndALevelWithoutRowsAreSaidNotGuessed() {
        double[] g = new double[ROWS], x = new double[ROWS], y = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            g[i] = 1 + i % LEVELS;
            x[i] = g[i] % 7;                       // constant within each group
            y[i] = g[i] * 0.01 + (i % 3);
        }
        FitResult absorbed = Model.compile(MODEL).fit(DataTable.of(List.of("g", "x", "y"), List.of(g, x, y)));
        assertEquals(Verdict.NOT_IDENTIFIABLE, absorbed.verdict());
        assertTrue(absorbed.message().contains("`b` multiplies a column that is constant within every level of `g`"),
                absorbed.message());
        assertTrue(Double.isNaN(absorbed.estimate("b").value()));
        double[] fewer = g.clone();
        for (int i = 0; i < ROWS; i++) if (fewer[i] == 7) fewer[i] = 8;   // level 7 has no rows
        for (int i = 0; i < ROWS; i++) x[i] = i % 5;
        FitResult empty = Model.compile(MODEL).fit(DataTable.of(List.of("g", "x", "y"), List.of(fewer, x, y)));
        assertEquals(Verdict.NOT_IDENTIFIABLE, empty.verdict());
        assertTrue(empty.message().contains("level 7 of `g` has no rows"), empty.message());
    }

    @Test
    void sandwichStandardErrorsSayWhyThereAreNone() {
        double[] g = new double[ROWS], x = new double[ROWS], y = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            g[i] = 1 + i % LEVELS;
            x[i] = i % 5;
            y[i] = g[i] * 0.01 + x[i] + (i % 3);
        }
        DataTable data = DataTable.of(List.of("g", "x", "y"), List.of(g, x, y));
        Model m = Model.compile(MODEL);
        FitResult fit = m.fit(data);
        OptionException e = assertThrows(OptionException.class, () -> m.robust(data, fit));
        assertTrue(e.getMessage().contains("group effects were eliminated"), e.getMessage());
    }

    @Test
    void profileIntervalsAreExactAndQuick() {
        double[] g = new double[ROWS], x = new double[ROWS], y = new double[ROWS];
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < ROWS; i++) {
            g[i] = 1 + i % LEVELS;
            x[i] = random.nextDouble() * 2 + 0.01 * g[i];
            y[i] = Math.cos(g[i]) + 0.7 * x[i] + random.nextDouble();
        }
        DataTable data = DataTable.of(List.of("g", "x", "y"), List.of(g, x, y));
        Model m = Model.compile(MODEL);
        FitResult fit = m.fit(data);
        List<ProfileInterval> profile = m.profile(data, fit, List.of("b", "σ", "a[3]"));
        // Each end, checked by refitting by hand: with b held at t, each a_g is its group's mean of y − t·x and σ̂² the
        // mean squared residual; with σ held, the mean's estimates stay. 2·(NLL − NLL̂) there is χ²₁(0.95) = 3.841459.
        double chi2 = 3.841458820694124;
        for (double t : new double[] {profile.get(0).lower(), profile.get(0).upper()}) {
            assertEquals(chi2, 2 * (gaussianNll(g, x, y, t) - fit.nll()), 1e-7, "b held at " + t);
        }
        double sigma = fit.estimate("σ").value(), rss = sigma * sigma * ROWS;
        for (double s : new double[] {profile.get(1).lower(), profile.get(1).upper()}) {
            double nll = ROWS * Math.log(s) + ROWS / 2.0 * Math.log(2 * Math.PI) + rss / (2 * s * s);
            assertEquals(chi2, 2 * (nll - fit.nll()), 1e-7, "σ held at " + s);
        }
        assertTrue(profile.get(1).lower() < sigma && sigma < profile.get(1).upper());
        // An effect: its profile is the same quadratic in RSS, so its ends sit symmetrically about the estimate.
        Estimate a3 = fit.estimate("a[3]");
        assertEquals(a3.value() - profile.get(2).lower(), profile.get(2).upper() - a3.value(), 1e-12);
        assertTrue(profile.get(2).upper() - a3.value() > 1.959963984540054 * a3.standardError(),
                "a little wider than the Wald interval, as the profile of a Gaussian mean with σ estimated is");
        assertEquals(0, profile.get(0).fits(), "no refits: the closed form");
    }

    /** min over a of the NLL with b held at t: a_g the group mean of y − t·x, σ̂² = RSS/n. */
    private static double gaussianNll(double[] g, double[] x, double[] y, double t) {
        double[] mean = new double[LEVELS + 1];
        for (int i = 0; i < ROWS; i++) mean[(int) g[i]] += (y[i] - t * x[i]) / PER_LEVEL;
        double rss = 0;
        for (int i = 0; i < ROWS; i++) {
            double r = y[i] - t * x[i] - mean[(int) g[i]];
            rss += r * r;
        }
        return ROWS / 2.0 * Math.log(2 * Math.PI * rss / ROWS) + ROWS / 2.0;
    }
}
