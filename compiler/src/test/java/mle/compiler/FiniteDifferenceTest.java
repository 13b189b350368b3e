package mle.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;
import mle.compiler.lower.Unconstrained;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The exact gradient and Hessian derived on the IR agree with central finite differences of the objective
 * value, for every sample and every good golden model that has data beside it, in both objectives (MLE and
 * MAP) and in both coordinate systems (the model's θ and the optimiser's unconstrained u).
 */
class FiniteDifferenceTest {

    @TestFactory
    Stream<DynamicTest> derivativesMatchFiniteDifferences() throws IOException {
        List<Path> models = new ArrayList<>(TestPaths.sampleModels());
        models.addAll(GoldenTest.models(GoldenTest.GOLDEN.resolve("good")).toList());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path model : models) {
            Path csv = model.getFileName().toString().equals("model.mle") ? model.resolveSibling("data.csv")
                    : model.resolveSibling(model.getFileName().toString().replace(".mle", ".csv"));
            assertTrue(Files.exists(csv), "every good model needs data beside it for this test: " + csv);
            for (Objective.Mode mode : Objective.Mode.values()) {
                for (Space space : Space.values()) {
                    tests.add(DynamicTest.dynamicTest(GoldenTest.ROOT.relativize(model) + " " + mode + " " + space,
                            () -> check(model, csv, mode, space)));
                }
            }
        }
        assertTrue(tests.size() >= 16, "expected every sample to be checked, found " + tests.size() / 4 + " models");
        return tests.stream();
    }

    private static void check(Path model, Path csv, Objective.Mode mode, Space space) throws IOException {
        Objective o = GoldenTest.compiled(model, GoldenTest.ROOT).objective();
        // A model with random effects is fitted through its marginal likelihood, whose exact gradient the runtime
        // checks against differences (MarginalObjectiveTest); the joint objective's derivatives are those below.
        if (o.hasRandomEffects()) return;
        TestData data = TestData.read(csv, o);
        ReferenceObjective f = new ReferenceObjective(o, mode, space);
        // Seeded by the path inside the checkout, so that every clone checks the same points.
        Random random = new Random(GoldenTest.ROOT.relativize(model).toString().hashCode());
        for (int trial = 0; trial < 3; trial++) {
            double[] x = randomPoint(o, space, random);
            ReferenceObjective.Evaluation at = f.evaluate(x, data.columns(), data.rows());
            // Far from the data's scale some models overflow, or reach values (Misra1a's exp(−b2·x) for
            // b2 < 0 is 1e200) where central differences lose their digits: draw again.
            for (int draw = 0; draw < 100 && !finite(at); draw++) {
                x = randomPoint(o, space, random);
                at = f.evaluate(x, data.columns(), data.rows());
            }
            assertTrue(finite(at), "no point with a moderate, finite objective found for " + model);
            int k = x.length;
            for (int i = 0; i < k; i++) {
                double h = 1e-5 * Math.max(1, Math.abs(x[i]));
                ReferenceObjective.Evaluation plus = f.evaluate(shift(x, i, h), data.columns(), data.rows());
                ReferenceObjective.Evaluation minus = f.evaluate(shift(x, i, -h), data.columns(), data.rows());
                double fdGradient = (plus.value() - minus.value()) / (2 * h);
                assertClose(fdGradient, at.gradient()[i], 1e-6, Math.abs(at.value()),
                        "∂f/∂" + o.params().get(i).name() + " at " + java.util.Arrays.toString(x));
                for (int j = 0; j < k; j++) {
                    double fdHessian = (plus.gradient()[j] - minus.gradient()[j]) / (2 * h);
                    assertClose(fdHessian, at.hessian()[i][j], 1e-5, norm(at.gradient()),
                            "∂²f/∂" + o.params().get(i).name() + "∂" + o.params().get(j).name());
                }
            }
        }
    }

    /** A random point inside every parameter's constraint; in u-space any point is inside. */
    static double[] randomPoint(Objective o, Space space, Random random) {
        double[] x = new double[o.params().size()];
        for (Objective.Parameter p : o.params()) {
            double u = 0.2 + 0.5 * random.nextGaussian();
            x[p.index()] = space == Space.UNCONSTRAINED ? u : Unconstrained.transform(p, u)[0];
        }
        return x;
    }

    private static boolean finite(ReferenceObjective.Evaluation e) {
        if (!(Math.abs(e.value()) < 1e8)) return false;
        for (double g : e.gradient()) if (!Double.isFinite(g)) return false;
        for (double[] row : e.hessian()) for (double h : row) if (!Double.isFinite(h)) return false;
        return true;
    }

    private static double[] shift(double[] x, int i, double h) {
        double[] y = x.clone();
        y[i] += h;
        return y;
    }

    private static double norm(double[] g) {
        double s = 0;
        for (double v : g) s = Math.max(s, Math.abs(v));
        return s;
    }

    /** Relative to the size of the derivative, with a floor set by the function's scale (rounding in f). */
    private static void assertClose(double expected, double actual, double tolerance, double scale, String what) {
        double allowed = tolerance * Math.max(Math.max(1, Math.abs(expected)), 1e-3 * scale);
        assertTrue(Math.abs(expected - actual) <= allowed,
                what + ": finite differences give " + expected + ", the derivative is " + actual);
    }
}
