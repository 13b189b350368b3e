package mle.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Rows;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.EquivalentLoss;
import mle.compiler.lower.Funnel;
import mle.compiler.lower.Kinks;
import mle.compiler.lower.Unconstrained;
import mle.estimate.FitProblem;
import mle.estimate.Optimum;
import mle.estimate.Verification;
import mle.runtime.stats.Inference;
import mle.runtime.stats.InformationCriteria;

/**
 * The result of a fit from its optimum, whichever method found it: the last check of the verdict, each estimate with
 * its Wald interval (through the constraint's transform), the `report` quantities by the delta method, AIC and BIC,
 * and the equivalent loss.
 */
final class FitAssembly {
    private FitAssembly() {}

    static FitResult of(FitProblem problem, Optimum optimum) {
        Objective objective = problem.objective();
        Objective.Mode mode = problem.mode();
        Rows rows = problem.rows();
        List<String> names = problem.parameterNames();
        double[] u = optimum.result().u();
        double[] theta = problem.constrained(u);
        double value = optimum.value();
        double nll = mode == Objective.Mode.MLE ? value : problem.value(objective.nll(), theta);
        Verification.Conclusion verdict = Verification.finalCheck(optimum.verdict(), names, theta, value, nll,
                optimum.statistics());
        if (mode == Objective.Mode.MAP) verdict = Verification.funnels(verdict, Funnel.of(objective), theta.length);
        List<Estimate> estimates = new ArrayList<>();
        double[] standardErrors = optimum.statistics().standardErrors();   // a copy: taken once
        for (int i = 0; i < theta.length; i++) {
            estimates.add(estimate(objective, i, u, verdict.meaningless().contains(i) ? Double.NaN : standardErrors[i]));
        }
        List<Estimate> expected = null;
        if (optimum.expectedStandardErrors() != null) {
            expected = new ArrayList<>();
            for (int i = 0; i < theta.length; i++) expected.add(estimate(objective, i, u, optimum.expectedStandardErrors()[i]));
            expected = List.copyOf(expected);
        }
        double observations = observations(problem);
        InformationCriteria criteria = mode == Objective.Mode.MLE && observations > 0
                ? InformationCriteria.of(nll, theta.length, observations) : null;
        FitResult.Loss loss = EquivalentLoss.of(objective)
                .map(l -> new FitResult.Loss(l.name(), (Double.isNaN(optimum.residualLoss()) ? problem.value(l.sum(), theta)
                        : optimum.residualLoss()) / ((double) l.perRow() * rows.count())))
                .orElse(null);
        List<String> kinks = Kinks.parametersInsideAbsoluteValues(objective.objective(mode)).stream()
                .mapToObj(names::get).toList();
        return new FitResult(objective.modelName(), mode, rows.count(), List.copyOf(estimates), value, nll,
                largest(optimum.gradient()), optimum.result(), optimum.statistics(), criteria, loss, expected,
                optimum.engine(), kinks, verdict.verdict(), verdict.sentence(), optimum.search(),
                derived(objective, theta, optimum.statistics().covariance(), verdict.meaningless()), randomEffects(objective, optimum));
    }

    private static List<FitResult.RandomEffect> randomEffects(Objective objective, Optimum optimum) {
        if (optimum.randomEffects() == null) return List.of();
        List<FitResult.RandomEffect> out = new ArrayList<>();
        for (int j = 0; j < objective.randoms().size(); j++) {
            out.add(new FitResult.RandomEffect(objective.randoms().get(j).name(), optimum.randomEffects().modes()[j],
                    optimum.randomEffects().standardDeviations()[j]));
        }
        return List.copyOf(out);
    }

    /**
     * θᵢ with its standard error and 95% Wald interval. For a constrained parameter the interval is taken on the
     * optimiser's unconstrained scale and mapped back (the delta-method SE there is SE/|dθ/du|), so that it respects
     * the constraint: σ's interval stays above 0, a probability's inside (0, 1).
     */
    static Estimate estimate(Objective objective, int i, double[] u, double standardError) {
        Objective.Parameter p = objective.params().get(i);
        double[] t = Unconstrained.transform(p, u[i]);
        if (!p.isConstrained()) {
            return new Estimate(p.name(), t[0], standardError, t[0] - Inference.Z95 * standardError, t[0] + Inference.Z95 * standardError);
        }
        double[] interval = Inference.intervalThroughTransform(u[i], standardError / Math.abs(t[1]),
                x -> Unconstrained.transform(p, x)[0]);
        return new Estimate(p.name(), t[0], standardError, interval[0], interval[1]);
    }

    /**
     * The `report` quantities g(θ̂), each with its delta-method standard error √(∇gᵀ·Σ·∇g) (Σ the estimates' covariance,
     * ∇g exact) and 95% Wald interval; NaN where g moves with an estimate whose interval means nothing, and where g or
     * its gradient is not finite at θ̂ ({@link FitResult#derivedNote}).
     */
    private static List<Estimate> derived(Objective objective, double[] theta, double[][] covariance, Set<Integer> meaningless) {
        List<Estimate> out = new ArrayList<>();
        for (Objective.Derived d : objective.derived()) {
            List<Node> nodes = new ArrayList<>(List.of(d.value()));
            synchronized (objective.builder()) {
                nodes.addAll(List.of(new Differentiator(objective.builder()).gradient(d.value(), theta.length)));
            }
            double[] v = new Evaluator(new Schedule(nodes)).evaluate(theta, new double[objective.columns().size()][0], 0);
            double variance = 0;
            for (int i = 0; i < theta.length; i++) {
                if (v[i + 1] == 0) continue;
                if (meaningless.contains(i)) variance = Double.NaN;
                for (int j = 0; j < theta.length; j++) if (v[j + 1] != 0) variance += v[i + 1] * covariance[i][j] * v[j + 1];
            }
            // Where g or its gradient is not a number at θ̂ (`log(−σ)`, `1/(μ − μ)`), neither is the delta method's answer.
            boolean finite = Double.isFinite(v[0]) && Double.isFinite(variance);
            double se = finite ? Math.sqrt(variance) : Double.NaN;
            out.add(new Estimate(d.name(), v[0], se, v[0] - Inference.Z95 * se, v[0] + Inference.Z95 * se));
        }
        return List.copyOf(out);
    }

    /**
     * BIC's n, the number of observations: a row of a vector likelihood `y[3] ~ …` holds three, a row of a likelihood
     * written with `target +=` alone one, and a weighted row as many as its frequency weight (as statsmodels counts
     * freq_weights).
     */
    private static double observations(FitProblem problem) {
        Objective objective = problem.objective();
        Rows rows = problem.rows();
        double n = 0;
        for (Objective.Likelihood l : objective.likelihoods()) {
            if (l.weight() == null) {
                n += (double) rows.count() * l.targets().size();
                continue;
            }
            Node sum;
            synchronized (objective.builder()) {
                sum = objective.builder().rowSum(l.weight());
            }
            n += problem.value(sum, new double[objective.params().size()]);
        }
        return objective.likelihoods().isEmpty() ? rows.count() : n;
    }

    private static double largest(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }
}
