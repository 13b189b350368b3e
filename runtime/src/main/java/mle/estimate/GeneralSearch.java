package mle.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import mle.compiler.LargeStack;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.Convexity;
import mle.compiler.lower.DataChecks;
import mle.compiler.lower.Kinks;
import mle.compiler.lower.PredictorStructure;
import mle.compiler.lower.Unconstrained;
import mle.runtime.ObjectiveFunction;
import mle.compiler.interrupt.Interruption;
import mle.runtime.linear.PredictorObjective;
import mle.runtime.optim.LeastSquaresProblem;
import mle.runtime.optim.Minimizer;
import mle.runtime.optim.MultiStart;
import mle.runtime.optim.Options;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.parts.ObjectiveOverRows;
import mle.runtime.stats.Inference;
import mle.runtime.stats.OptimumStatistics;
import mle.runtime.truffle.CompiledLeastSquares;
import mle.runtime.truffle.TruffleObjective;

/**
 * The general method, for any model: a multi-start of the optimisers from θ₀ (one start where the objective is proved
 * to have a single minimum; Levenberg–Marquardt where the likelihood is least squares, L-BFGS and Newton otherwise,
 * as {@link Minimizer#plan} decides), the Hessian at the optimum, and the verdict ({@link Verification}, an exact fit,
 * a kink, an argument out of its domain). It never declines; it refuses a start where the objective is not finite.
 *
 * <p>The objective is computed by the engine that suits where the rows are and the model's size: Truffle's compiled
 * code on rows in memory; the chain rule through the linear predictor for many coefficients of one predictor (X
 * products in EJML instead of k compiled derivatives and a Hessian by differences); compiled where the rows are for
 * rows in parts.
 */
final class GeneralSearch implements Estimator {

    /** How f is computed, and what that changes in the search. */
    private record Engine(ObjectiveFunction f, LeastSquaresProblem leastSquares, Options optimizer, String how,
                          boolean hessianByDifferences, String name, double startsBudget) {}

    @Override
    public Attempt estimate(FitProblem problem) {
        if (problem.columns() == null) {
            // A pass over parts costs its jobs' overhead more than its work: the starts share the whole time limit.
            return search(problem, new Engine(new ObjectiveOverRows(problem.objective(), problem.mode(), problem.rows()),
                    null, problem.settings().optimizer(), "; each pass sums the rows where they are",
                    problem.size() > Inference.EIGENVECTOR_LIMIT, "Truffle, compiled where the rows are",
                    Double.POSITIVE_INFINITY));
        }
        int k = problem.size(), rows = problem.rows().count();
        PredictorObjective throughPredictor = k <= Inference.EIGENVECTOR_LIMIT ? null
                : PredictorStructure.of(problem.objective(), problem.mode())
                        .map(s -> PredictorObjective.of(s, k, problem.columns(), rows)).orElse(null);
        Options optimizer = problem.settings().optimizer();
        LargeStack.step("the objective's compilation for the engine");
        if (throughPredictor != null) {
            // Through the predictor the exact Hessian is cheap at any size: let the Newton polish finish.
            return search(problem, new Engine(throughPredictor, null,
                    optimizer.withNewtonMaxDimension(Math.max(optimizer.newtonMaxDimension(), k)),
                    "; the gradient and Hessian by the chain rule through the linear predictor η = offset + Xβ (Xᵀℓ′ "
                            + "and XᵀWX), exactly", false, "none (the linear predictor's chain rule)",
                    MultiStart.BUDGET_FACTOR));
        }
        try (TruffleObjective truffle = new TruffleObjective(problem.objective(), problem.mode(), problem.columns(), rows)) {
            LeastSquaresProblem leastSquares = CompiledLeastSquares.of(problem.objective(), problem.mode(), truffle, rows)
                    .orElse(null);
            String how = k > Inference.EIGENVECTOR_LIMIT ? "; the standard errors from a Hessian by central "
                    + "differences of the exact gradient (its k² symbolic entries cost more than the fit)" : "";
            return search(problem, new Engine(truffle, leastSquares, optimizer, how, k > Inference.EIGENVECTOR_LIMIT,
                    truffle.engine().getImplementationName(), MultiStart.BUDGET_FACTOR));
        }
    }

    private Attempt search(FitProblem problem, Engine engine) {
        ObjectiveFunction f = engine.f();
        LeastSquaresProblem leastSquares = engine.leastSquares();
        double[] theta0 = problem.start();
        double[] u0 = problem.unconstrained(theta0);
        double f0 = f.value(u0);
        if (!Double.isFinite(f0)) return StartNotFinite.at(problem, theta0, f0);
        String convexity = Convexity.proof(problem.objective(), problem.mode(), problem.rows()).orElse(null);
        LargeStack.step("the search");
        MultiStart.Runs searched = MultiStart.run(f, leastSquares, u0, engine.optimizer(), problem.settings().progress(),
                convexity != null ? 1 : problem.settings().starts(), engine.startsBudget());
        Result result = searched.best();
        Search search = new Search(Minimizer.plan(engine.optimizer(), u0.length, leastSquares) + engine.how(), convexity,
                searched.planned(), searched.run(), searched.bestStart(), searched.optima());
        double[] u = result.u();
        double[] theta = problem.constrained(u);
        // A run stopped before its first evaluation (a tiny time limit) has no value or gradient yet.
        double[] gradientU = result.gradient();
        double value = result.value();
        if (!Double.isFinite(value) || Arrays.stream(gradientU).anyMatch(g -> !Double.isFinite(g))) {
            value = f.valueAndGradient(u, gradientU);
        }
        double[][] hessianU = new double[u.length][u.length];
        LargeStack.step("the standard errors");
        try {
            if (engine.hessianByDifferences()) hessianByDifferences(f, u, hessianU);
            else f.hessian(u, hessianU);
        } catch (Interruption.Stopped stopped) {
            throw new Interruption.Stopped("the standard errors (the Hessian at the estimate)");
        }
        double[][] hessian = Unconstrained.hessianInModelSpace(problem.objective().params(), u, gradientU, hessianU);
        double[] gradient = FitProblem.gradientInModelSpace(problem.objective(), u, gradientU);
        OptimumStatistics stats = Inference.atOptimum(hessian, theta, problem.parameterNames());
        Verification.Conclusion verdict = Verification.verify(problem.objective(), f, result, u, value, stats,
                at -> gradientInTheta(problem, at));
        if (leastSquares != null && verdict.verdict() != Verdict.AT_BOUNDARY && leastSquares.fitsExactly(u)) {
            verdict = Verification.exactFit(problem.size());
        }
        if (verdict.verdict() != Verdict.AT_BOUNDARY && verdict.verdict() != Verdict.NON_FINITE) {
            String kink = kink(problem, theta);
            if (kink != null) {
                verdict = new Verification.Conclusion(Verdict.NOT_SMOOTH, Verdict.NOT_SMOOTH.sentence() + ": " + kink,
                        new TreeSet<>(Kinks.parametersInsideAbsoluteValues(problem.objective().objective(problem.mode()))
                                .stream().boxed().toList()));
            }
        }
        if (verdict.verdict() == Verdict.NON_FINITE) {
            DataChecks.Violation v = DataChecks.firstAt(problem.objective(), theta, problem.rows());
            if (v != null) {
                verdict = new Verification.Conclusion(verdict.verdict(), verdict.sentence() + "; at the final point "
                        + v.role() + " (" + v.span() + ") is " + IrPrinter.number(v.value()) + " at row "
                        + (v.row() + 1) + ", but it " + v.must(),
                        verdict.meaningless());
            }
        }
        double[] expected = problem.settings().expectedInformation() ? ExpectedInformation.standardErrors(problem, theta) : null;
        return new Optimum(result, value, gradient, stats, verdict, search, expected, engine.name());
    }

    /**
     * Why θ sits on a kink of the objective, or null: a Laplace likelihood whose location moves with the parameters
     * has a kink wherever a residual is 0 and its optimum always lies on some of them; a lasso term |β| has its kink
     * at β = 0. A gradient-based optimiser cannot certify a minimum there (nor can the Hessian give standard errors).
     */
    private static String kink(FitProblem problem, double[] theta) {
        List<Node> arguments = Kinks.absoluteArguments(problem.objective().objective(problem.mode()));
        double size = 1;
        for (double t : theta) size = Math.max(size, Math.abs(t));
        for (Node a : arguments) {
            if (a.rowVarying) {
                return "the absolute values |" + IrPrinter.inline(a, problem.objective().naming()) + "| of a Laplace "
                        + "likelihood have a kink wherever a residual is 0, and the optimum lies on some of them; a "
                        + "location linear in its parameters is solved exactly (a vertex of a linear program), this one "
                        + "is not, so the estimates are approximate and their standard errors mean nothing";
            }
            double v = problem.value(a, theta);
            if (Math.abs(v) <= 1e-7 * size) {
                return "`" + IrPrinter.inline(a, problem.objective().naming()) + "` is " + IrPrinter.number(v) + ", at "
                        + "the kink of its absolute value (a lasso term whose optimum is exactly 0, most likely); the "
                        + "estimate is approximate and its standard error means nothing";
            }
        }
        return null;
    }

    /**
     * The Hessian in u by central differences of the exact gradient, symmetrised: 2k gradient passes and memory
     * linear in k, where the symbolic Hessian has k² entries. Steps of ε^⅓·max(1, |uᵢ|) balance truncation and
     * rounding, for about 7 correct digits.
     */
    static void hessianByDifferences(ObjectiveFunction f, double[] u, double[][] into) {
        int k = u.length;
        double[] plus = new double[k], minus = new double[k], x = u.clone();
        for (int i = 0; i < k; i++) {
            Interruption.check("the Hessian by differences");
            double h = Math.cbrt(Math.ulp(1.0)) * Math.max(1, Math.abs(u[i]));
            x[i] = u[i] + h;
            f.valueAndGradient(x, plus);
            x[i] = u[i] - h;
            f.valueAndGradient(x, minus);
            x[i] = u[i];
            for (int j = 0; j < k; j++) into[j][i] = (plus[j] - minus[j]) / (2 * h);
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) into[i][j] = into[j][i] = 0.5 * (into[i][j] + into[j][i]);
        }
    }

    /** ∂objective/∂θ at θ by the reference evaluator (for points the optimiser's coordinates cannot reach). */
    private static double[] gradientInTheta(FitProblem problem, double[] theta) {
        List<Node> gradient;
        synchronized (problem.objective().builder()) {
            gradient = List.of(new Differentiator(problem.objective().builder())
                    .gradient(problem.objective().objective(problem.mode()), theta.length));
        }
        return new Evaluator(new Schedule(gradient)).evaluate(theta, problem.rows());
    }
}
