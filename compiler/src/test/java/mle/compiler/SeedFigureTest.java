package mle.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.eval.ReferenceObjective.Space;
import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.LeastSquares;
import org.junit.jupiter.api.Test;

/**
 * The reference figures of SPEC §5, computed through the whole front end (parse, check, lower, derive)
 * and the reference evaluator. The expected numbers are the SPEC's, not this code's.
 */
class SeedFigureTest {
    private static final Path GOOD = GoldenTest.GOLDEN.resolve("good");

    /** A golden model (`seed-normal`) or a sample (`samples/normal-mean-prior`) with its data. */
    private static ReferenceObjective.Evaluation at(String model, Objective.Mode mode, double... theta) throws IOException {
        Path file = model.startsWith("samples/") ? GoldenTest.ROOT.resolve(model).resolve("model.mle") : GOOD.resolve(model + ".mle");
        Path csv = model.startsWith("samples/") ? file.resolveSibling("data.csv") : GOOD.resolve(model + ".csv");
        Objective o = GoldenTest.compiled(file, GoldenTest.ROOT).objective();
        TestData data = TestData.read(csv, o);
        return new ReferenceObjective(o, mode, Space.MODEL).evaluate(theta, data.columns(), data.rows());
    }

    @Test
    void normalSampleNllFisherInformationAndScoreAtTheMle() throws IOException {
        // μ̂ = 2.88, σ̂² = 0.2816 (biased variance)
        ReferenceObjective.Evaluation e = at("seed-normal", Objective.Mode.MLE, 2.88, 0.2816);
        assertEquals(3.926523529277739, e.value(), 1e-14);
        // At the MLE the observed information equals the Fisher information n/σ² and n/(2σ⁴).
        assertEquals(17.75568182, e.hessian()[0][0], 5e-9);
        assertEquals(31.52642368, e.hessian()[1][1], 5e-9);
        assertEquals(0, e.hessian()[0][1], 1e-12);
        assertEquals(0, e.gradient()[0], 1e-12, "score for μ");
        assertEquals(0, e.gradient()[1], 1e-12, "score for σ²");
    }

    @Test
    void normalMeanWithNormalPriorHasItsMapAtTwoPointFive() throws IOException {
        ReferenceObjective.Evaluation e = at("samples/normal-mean-prior", Objective.Mode.MAP, 2.5);
        assertEquals(0, e.gradient()[0], 1e-12, "the gradient of the NLP vanishes at μ = 2.5");
        assertTrue(e.hessian()[0][0] > 0, "and it is a minimum");
        // In MLE mode the optimum is the sample mean 2.7 instead: the prior is what moves it.
        assertEquals(0, at("samples/normal-mean-prior", Objective.Mode.MLE, 2.7).gradient()[0], 1e-12);
    }

    @Test
    void gaussianLikelihoodAtTheMse() throws IOException {
        ReferenceObjective.Evaluation e = at("samples/gaussian-residuals", Objective.Mode.MLE, Math.sqrt(0.01));
        assertEquals(82.94956719377812, Math.exp(-e.value()), 82.94956719377812 * 1e-13);
        assertEquals(0, e.gradient()[0], 1e-9, "σ² = MSE is the maximum-likelihood variance");
    }

    @Test
    void laplaceLikelihoodAtTheMae() throws IOException {
        ReferenceObjective.Evaluation e = at("samples/laplace-residuals", Objective.Mode.MLE, 0.1);
        assertEquals(21.05608437214218, Math.exp(-e.value()), 21.05608437214218 * 1e-13);
        assertEquals(0, e.gradient()[0], 1e-9, "b = MAE is the maximum-likelihood scale");
    }

    @Test
    void expectedFisherInformationOfTheNormalSample() throws IOException {
        Path file = GOOD.resolve("seed-normal.mle");
        Objective o = GoldenTest.compiled(file, GoldenTest.GOLDEN).objective();
        TestData data = TestData.read(GOOD.resolve("seed-normal.csv"), o);
        LeastSquares ls = LeastSquares.of(o).orElseThrow();
        List<Node> outputs = new ArrayList<>(ls.flatten(ls.fisherInformation()));
        outputs.add(ls.rss());
        double[] v = new Evaluator(new Schedule(outputs)).evaluate(new double[] {2.88, 0.2816}, data.columns(), data.rows());
        assertEquals(17.75568182, v[0], 5e-9, "n/σ²");
        assertEquals(31.52642368, v[3], 5e-9, "n/(2σ⁴)");
        assertEquals(0, v[1]);
        assertEquals(5 * 0.2816, v[4], 1e-12, "RSS = n·σ̂²");
    }
}
