package mle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mle.runtime.data.DataTable;
import mle.runtime.optim.Options;
import mle.runtime.optim.Verdict;
import org.junit.jupiter.api.Test;

/**
 * "Converged" only at a strict local minimum: each way a fit can end somewhere else, on a small data set made for
 * it, with the verdict and the words that name the cause.
 */
class VerdictTest {
    static FitResult fit(String model, Map<String, double[]> columns, FitOptions options) {
        Model m = Model.compile(model);
        List<String> names = List.copyOf(columns.keySet());
        return m.fit(DataTable.of(names, names.stream().map(columns::get).toList()), options);
    }

    static void assertNotConverged(FitResult r, Verdict expected, String... words) {
        assertEquals(expected, r.verdict(), r.message());
        assertFalse(r.converged(), r.message());
        for (String w : words) assertTrue(r.message().contains(w), "«" + w + "» in: " + r.message());
    }

    @Test
    void separatedLogisticDataRunOffToInfinity() {
        FitResult r = fit("data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n",
                Map.of("x", new double[] {-3, -2, -1, -0.5, 0.5, 1, 2, 3}, "y", new double[] {0, 0, 0, 0, 1, 1, 1, 1}),
                FitOptions.defaults());
        assertNotConverged(r, Verdict.AT_BOUNDARY, "`b` runs off to +∞", "separation");
        assertTrue(Double.isNaN(r.estimate("b").lower()), "no Wald interval for b: " + r.estimate("b"));
    }

    /**
     * With a predictor that is not centred, no single coordinate runs off: the slope alone moving up misclassifies the
     * rows near the threshold. The way out is the slope with the intercept following it (the threshold x = 3.5 held),
     * which the walk along the slope's profile direction finds. This fit once ended "converged" with exit 0.
     */
    @Test
    void separationAlongACombinationOfSlopeAndInterceptIsFound() {
        FitResult r = fit("data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n",
                Map.of("x", new double[] {1, 2, 3, 4, 5, 6}, "y", new double[] {0, 0, 0, 1, 1, 1}), FitOptions.defaults());
        assertNotConverged(r, Verdict.AT_BOUNDARY, "separation", "moving along", "runs off to −∞ (now −");
        assertTrue(Double.isNaN(r.estimate("a").lower()) && Double.isNaN(r.estimate("b").lower()), r.message());
    }

    /**
     * Random logistic regressions with 1 to 4 predictors of any centre and scale: outcomes given by a hyperplane (so
     * the MLE does not exist) must never end "converged"; the same predictors with outcomes drawn from the model (so
     * it exists, on 200 rows) must.
     */
    @Test
    void separatedDataNeverConvergeAndNoisyDataDo() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
        for (int trial = 0; trial < 24; trial++) {
            int p = 1 + trial % 4, n = trial % 2 == 0 ? 12 + trial : 200;
            boolean separated = n < 200;
            StringBuilder model = new StringBuilder("data y");
            StringBuilder eta = new StringBuilder("a");
            java.util.Map<String, double[]> columns = new java.util.LinkedHashMap<>();
            double[] w = new double[p];
            double[][] x = new double[p][n];
            for (int j = 0; j < p; j++) {
                model.append(", x").append(j);
                eta.append(" + b").append(j).append(" * x").append(j);
                double centre = 20 * (random.nextDouble() - 0.3), scale = Math.pow(10, 2 * random.nextDouble() - 1);
                for (int i = 0; i < n; i++) x[j][i] = centre + scale * random.nextGaussian();
                w[j] = random.nextGaussian() / scale;
                columns.put("x" + j, x[j]);
            }
            double[] y = new double[n], score = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) score[i] += w[j] * x[j][i];
            double median = java.util.Arrays.stream(score).sorted().toArray()[n / 2];
            for (int i = 0; i < n; i++) {
                double centred = score[i] - median;
                y[i] = separated ? (centred > 0 ? 1 : 0) : (random.nextDouble() < 1 / (1 + Math.exp(-centred)) ? 1 : 0);
            }
            columns.put("y", y);
            model.append("\nparam a");
            for (int j = 0; j < p; j++) model.append(", b").append(j);
            model.append("\ny ~ BernoulliLogit(").append(eta).append(")\n");
            FitResult r = fit(model.toString(), columns, FitOptions.defaults());
            if (separated) {
                assertEquals(Verdict.AT_BOUNDARY, r.verdict(), "trial " + trial + " (" + p + " predictors): " + r.message() + " a " + r.estimate("a") + " b0 " + r.estimate("b0") + " value " + r.objective());
            } else {
                assertTrue(r.converged(), "trial " + trial + " (" + p + " predictors): " + r.message());
            }
        }
    }

    /** The same separation written with logistic() inside Binomial and Bernoulli: named, not left as a stall. */
    @Test
    void separationIsNamedWhateverTheWayTheProbabilityIsWritten() {
        double[] x = {1, 2, 3, 4, 5};
        FitResult binomial = fit("data x, k, n\nparam a, b\nk ~ Binomial(n, logistic(a + b * x))\n",
                Map.of("x", x, "k", new double[] {0, 0, 5, 5, 5}, "n", new double[] {5, 5, 5, 5, 5}), FitOptions.defaults());
        assertNotConverged(binomial, Verdict.AT_BOUNDARY, "separation");
        FitResult bernoulli = fit("data x, y\nparam a, b\ny ~ Bernoulli(logistic(a + b * x))\n",
                Map.of("x", x, "y", new double[] {0, 0, 1, 1, 1}), FitOptions.defaults());
        assertNotConverged(bernoulli, Verdict.AT_BOUNDARY, "separation");
    }

    @Test
    void overlappingOutcomesWithAPredictorThatIsNotCentredConverge() {
        FitResult r = fit("data x, y\nparam a, b\ny ~ BernoulliLogit(a + b * x)\n",
                Map.of("x", new double[] {1, 2, 3, 4, 5, 6, 7, 8}, "y", new double[] {0, 0, 1, 0, 1, 0, 1, 1}),
                FitOptions.defaults());
        assertTrue(r.converged(), r.message());
    }

    @Test
    void aProbabilityWhoseDataAreAllOnesRunsToTheEdge() {
        FitResult r = fit("data y\nparam θ in (0, 1)\ny ~ Bernoulli(θ)\n", Map.of("y", new double[] {1, 1, 1, 1, 1, 1}),
                FitOptions.defaults());
        assertNotConverged(r, Verdict.AT_BOUNDARY, "`θ` runs to the edge 1 of its constraint in (0, 1)", "all failures or all successes");
        assertTrue(Double.isNaN(r.estimate("θ").standardError()));
    }

    @Test
    void allZeroCountsSendTheRateToZeroAndTheLogRateToMinusInfinity() {
        double[] zeros = {0, 0, 0, 0, 0};
        FitResult rate = fit("data y\nparam λ > 0\ny ~ Poisson(λ)\n", Map.of("y", zeros), FitOptions.defaults());
        assertNotConverged(rate, Verdict.AT_BOUNDARY, "`λ` runs to the edge 0 of its constraint > 0", "counts that are all zero");
        FitResult log = fit("data y\nparam α\ny ~ PoissonLog(α)\n", Map.of("y", zeros), FitOptions.defaults());
        assertNotConverged(log, Verdict.AT_BOUNDARY, "`α` runs off to −∞", "counts that are all zero");
    }

    @Test
    void aGroupWhoseCountsAreAllZeroSendsACombinationOffToInfinity() {
        // log-rate a in group 0 and a + b in group 1; group 0 counts nothing, so a → −∞ with a + b held.
        FitResult r = fit("data g, y\nparam a, b\ny ~ PoissonLog(a + b * g)\n",
                Map.of("g", new double[] {0, 0, 0, 1, 1, 1}, "y", new double[] {0, 0, 0, 2, 1, 3}), FitOptions.defaults());
        assertNotConverged(r, Verdict.AT_BOUNDARY, "the combination", "runs off", "counts that are all zero");
        assertTrue(r.message().contains("·a") && r.message().contains("·b"), r.message());
    }

    @Test
    void aConstraintThatBindsIsNamedWithTheGradientThere() {
        // y falls with x, but `param a, b, σ > 0` also constrains the slope: the fit pins b at 0.
        FitResult r = fit("data x, y\nparam a, b, σ > 0\ny ~ Normal(a + b * x, σ)\n",
                Map.of("x", new double[] {1, 2, 3, 4, 5, 6}, "y", new double[] {10.1, 8.9, 8.2, 6.8, 6.1, 4.9}),
                FitOptions.defaults());
        assertNotConverged(r, Verdict.AT_BOUNDARY, "`b` runs to the edge 0 of its constraint > 0", "the constraint binds", "∂/∂b = ",
                "it comes from `param a, b, σ > 0`, which constrains every one of a, b, σ: if only σ must be > 0, "
                        + "declare it on a line of its own (`param a, b` and `param σ > 0`)");
        assertTrue(Double.isNaN(r.estimate("b").upper()));
        // A constraint written for b alone is what was meant: then the way out is to drop or widen it.
        FitResult own = fit("data x, y\nparam a\nparam b > 0\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n",
                Map.of("x", new double[] {1, 2, 3, 4, 5, 6}, "y", new double[] {10.1, 8.9, 8.2, 6.8, 6.1, 4.9}),
                FitOptions.defaults());
        assertNotConverged(own, Verdict.AT_BOUNDARY, "if b may lie beyond it, drop or widen the constraint");
        assertTrue(!own.message().contains("comes from"), own.message());
    }

    @Test
    void aParameterHeadingForALimitOfTheModelIsNotConverged() {
        // Data with tails no heavier than a normal's: a Student-t's ν heads for ∞ (the normal), and a negative
        // binomial's φ for ∞ (the Poisson) with counts no more spread than a Poisson's. Rounding in log Γ hides the slope.
        FitResult t = fit("data y\nparam ν > 0\ny ~ StudentT(ν, 0, 1)\n",
                Map.of("y", new double[] {0.3, -1.1, 0.8, -0.2, 1.4, -0.9, 0.1, 0.6}), FitOptions.defaults());
        // log Γ((ν + 1)/2)/Γ(ν/2) is exact as ν grows, so the slope towards the normal shows and the walk follows it.
        assertNotConverged(t, Verdict.AT_BOUNDARY, "`ν` runs off to +∞", "fit the normal model");
        FitResult nb = fit("data k\nparam μ, φ > 0\nk ~ NegBinomial(μ, φ)\n",
                Map.of("k", new double[] {2, 3, 2, 3, 2, 3, 2, 3, 2, 3}), FitOptions.defaults());
        assertTrue(!nb.converged(), "φ → ∞ with counts less spread than a Poisson's: " + nb.message());
        assertEquals(2.5, nb.estimate("μ").value(), 1e-3, "the mean is still about the mean, though the fit stopped unfinished");
    }

    @Test
    void countsLessSpreadThanAPoissonsSendTheDispersionToItsLimit() {
        // 100,000 counts less spread than a Poisson's (binomial, 12 trials) under a negative binomial: φ runs off to
        // 10¹⁵⁰ or so, where lgamma(k + φ) − lgamma(φ) is the difference of two numbers of 10¹⁵² and the NLL can come
        // out far below 0. A sum of −log probabilities never is, so that is rounding, not "unbounded below": the
        // verdict names φ.
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int n = 100_000;
        double[] x = new double[n], k = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            double p = 1 / (1 + Math.exp(-(0.2 + 0.3 * x[i])));
            for (int trial = 0; trial < 12; trial++) if (random.nextDouble() < p) k[i]++;
        }
        // One start: the extra starts of a search have a time budget, which a loaded machine can cut short.
        FitResult r = fit("data x, k\nparam a, b\nparam φ > 0\nk ~ NegBinomial(exp(a + b * x), φ)\n", Map.of("x", x, "k", k),
                FitOptions.defaults().withStarts(1));
        // Before: "`a` runs off to −∞ (… counts that are all zero …)", walks misled by the rounding at that point, or an
        // NLL of −10¹⁴⁶. log Γ(k + φ)/Γ(φ) is now exact as φ grows: the NLL stays positive and the walk finds the limit.
        assertNotConverged(r, Verdict.AT_BOUNDARY, "`φ` runs off to +∞", "fit the Poisson model");
        assertTrue(r.nll() > 0 && !r.message().contains("all zero"), r.message());
    }

    @Test
    void anEstimatedPriorScaleThatFallsToZeroIsAFunnelNotASaddle() {
        // Group effects m with a prior of estimated scale τ: the posterior density grows without bound as m and τ
        // shrink together, so there is no MAP estimate to find.
        FitResult r = fit("data y, g\nparam μ\nparam m[3]\nparam τ, σ > 0\ny ~ Normal(μ + m[g], σ)\nm ~ Normal(0, τ)\n",
                Map.of("y", new double[] {1, 2, 5, 6, 7, 10}, "g", new double[] {1, 1, 2, 2, 2, 3}), FitOptions.defaults());
        assertNotConverged(r, Verdict.AT_BOUNDARY, "`τ`", "falls to 0 together with what its prior scales", "a funnel");
    }

    @Test
    void anExactFitSendsTheScaleToZero() {
        FitResult r = fit("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n",
                Map.of("x", new double[] {1, 2, 3, 4}, "y", new double[] {3, 5, 7, 9}), FitOptions.defaults());
        assertNotConverged(r, Verdict.AT_BOUNDARY, "fits the data exactly");
        assertEquals(2, r.estimate("b").value(), 1e-12, "the line itself is exact");
    }

    @Test
    void aSaddlePointIsNamedWithItsDirection() {
        // NLL = Σ(y − ab)²/2: at a = b = 0 the gradient is zero and the Hessian [[0, −Σy], [−Σy, 0]] is indefinite.
        // L-BFGS alone, from one start, stops there at once.
        String model = "data y\nparam a, b\ny ~ Normal(a * b, 1)\n";
        Map<String, double[]> data = Map.of("y", new double[] {1.5, 2.5, 2, 2.2});
        FitOptions atTheSaddle = FitOptions.defaults().withStart(Map.of("a", 0.0, "b", 0.0))
                .withOptimizer(Options.defaults().withMethod(Options.Method.LBFGS));
        assertNotConverged(fit(model, data, atTheSaddle.withStarts(1)), Verdict.SADDLE_POINT, "saddle point", "falls along", "a", "b");
        // With the default multi-start, other starts leave the saddle for the valley ab = ȳ, where the product is
        // determined and a, b are not.
        FitResult valley = fit(model, data, atTheSaddle);
        assertNotConverged(valley, Verdict.NOT_IDENTIFIABLE, "the data do not determine");
        assertEquals(2.05, valley.estimate("a").value() * valley.estimate("b").value(), 1e-6);
    }

    @Test
    void aFlatDirectionIsNotIdentifiable() {
        FitResult r = fit("data y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b, σ)\n", Map.of("y", new double[] {1.2, 0.7, 1.9, 1.1}),
                FitOptions.defaults());
        assertNotConverged(r, Verdict.NOT_IDENTIFIABLE, "the data do not determine", "a", "b");
        assertTrue(Double.isNaN(r.estimate("a").standardError()));
    }

    @Test
    void aLongCurvedValleyIsNotCalledConverged() throws java.io.IOException {
        // Misra1a from b1 = b2 = 0: the fit slides along b1·b2 ≈ slope towards b1 → −∞, b2 → 0, where the quadratic
        // model claims a tiny Newton decrement but its step is huge. Whatever it ends on, it is not the optimum.
        Model m = Model.compile(FitTest.ROOT.resolve("samples/misra1a/model.mle"));
        FitResult r = m.fit(m.readData(FitTest.ROOT.resolve("samples/misra1a/data.csv")), FitOptions.defaults());
        double certifiedB1 = 2.3894212918E+02;
        assertEquals(Math.abs(r.estimate("b1").value() - certifiedB1) < 1e-6 * certifiedB1, r.converged(),
                "converged exactly when it is the certified optimum: " + r.message());
    }

    @Test
    void aLassoCoefficientAtZeroIsOnAKinkNotConverged() {
        // A strong Laplace prior pulls the slope of a Student-t regression to exactly 0, where |b| has its kink: no
        // gradient test certifies that (Gaussian, logistic and Poisson lassos have exact solvers; this has none).
        FitResult r = fit("data x, y\nparam a, b\ny ~ StudentT(4, a + b * x, 1)\nb ~ Laplace(0, 0.001)\n",
                Map.of("x", new double[] {1, 2, 3, 4, 5, 6}, "y", new double[] {2.1, 1.9, 2.2, 2.0, 1.8, 2.1}),
                FitOptions.defaults());
        assertNotConverged(r, Verdict.NOT_SMOOTH, "`b` is", "at the kink of its absolute value");
        assertTrue(Double.isNaN(r.estimate("b").standardError()));
    }

    @Test
    void aLassoWithMoreCoefficientsThanRowsAndItsScaleEstimatedHasNoMap() {
        // 20 coefficients, 10 rows: for a small enough σ the coefficients fit every row, and the posterior grows
        // without bound as σ → 0.
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        double[][] x = new double[20][10];
        double[] y = new double[10];
        for (int j = 0; j < 20; j++) for (int i = 0; i < 10; i++) x[j][i] = random.nextGaussian();
        for (int i = 0; i < 10; i++) y[i] = x[0][i] + 0.1 * random.nextGaussian();
        Model m = Model.compile("data X[20], y\nparam a\nparam β[20]\nparam σ > 0\ny ~ Normal(a + dot(X, β), σ)\nβ ~ Laplace(0, 1)\n");
        FitResult r = m.fit(GlmTest.table(x, y));
        assertNotConverged(r, Verdict.AT_BOUNDARY, "fits the data exactly");
    }

    @Test
    void aHealthyFitStillConverges() {
        FitResult r = fit("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(a + b * x, σ)\n",
                Map.of("x", new double[] {1, 2, 3, 4, 5, 6}, "y", new double[] {10.1, 8.9, 8.2, 6.8, 6.1, 4.9}),
                FitOptions.defaults());
        assertTrue(r.converged(), r.message());
        assertEquals(r.optimizer().verdict(), r.verdict());
        // The least-squares slope of these six points, by hand: Sxy/Sxx = −17.9/17.5.
        assertEquals(-17.9 / 17.5, r.estimate("b").value(), 1e-9);
    }

    @Test
    void anObjectiveThatIsNotFiniteAtTheStartIsLocatedLikeACompileError() {
        // Normal(σ, a + b·x): the arguments swapped, so the "scale" a + b·x is −0.3 on the first row.
        Model m = Model.compile("data x, y\nparam a, b\nparam σ > 0\ny ~ Normal(σ, a + b * x)\n");
        DataTable data = DataTable.of(List.of("x", "y"), List.of(new double[] {-1, 2, 3}, new double[] {1, 2, 3}));
        NumericalException e = assertThrows(NumericalException.class,
                () -> m.fit(data, FitOptions.defaults().withStart(Map.of("a", 0.0, "b", 0.3))));
        assertTrue(e.getMessage().startsWith("model.mle:4:15: error: the scale σ of Normal is −0.3 at row 1, but it must be a number > 0"),
                e.getMessage());
        assertTrue(e.getMessage().contains("y ~ Normal(σ, a + b * x)"), e.getMessage());
        assertTrue(e.getMessage().contains("^^^^^^^^^"), "a caret under the argument: " + e.getMessage());
        assertTrue(e.getMessage().contains("Normal(μ, σ)"), e.getMessage());
    }

    @Test
    void aNonFiniteLocationIsLocatedToo() {
        Model m = Model.compile("data x, y\nparam a\nparam σ > 0\ny ~ Normal(log(x - a), σ)\n");
        DataTable data = DataTable.of(List.of("x", "y"), List.of(new double[] {2, 0.5, 3}, new double[] {1, 2, 3}));
        NumericalException e = assertThrows(NumericalException.class,
                () -> m.fit(data, FitOptions.defaults().withStart(Map.of("a", 1.0))));
        assertTrue(e.getMessage().contains("the location μ of Normal is NaN at row 2, but it must be a finite number"),
                e.getMessage());
    }
}
