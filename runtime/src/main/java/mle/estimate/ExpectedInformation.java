package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.eval.ReferenceObjective;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Rows;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.LeastSquares;
import mle.runtime.stats.Inference;

/** The expected (Fisher) information of models whose likelihood is least squares, and the standard errors from it. */
public final class ExpectedInformation {
    private ExpectedInformation() {}

    /**
     * Standard errors from the expected information, for models whose likelihood is least squares: for the location
     * parameters JᵀJ/σ̂² with σ̂² = RSS/(m − p) (m observations, p location parameters: NIST's convention), for the
     * scale's parameters their Fisher information 2m·∇s∇sᵀ/s², and in MAP mode the prior's Hessian added. Null for
     * other models; NaN standard errors where that information is singular.
     */
    static double[] standardErrors(FitProblem problem, double[] theta) {
        double[][] info = matrix(problem.objective(), theta, problem.rows(), problem.mode(), true);
        if (info == null) return null;
        return Inference.atOptimum(info, theta, problem.parameterNames()).standardErrors();
    }

    /**
     * The expected information at θ for a least-squares model (null for others). With {@code nistVariance} the
     * location block uses σ̂² = RSS/(m − p) in place of the model's scale, as NIST's certified standard deviations do;
     * in MAP mode the Hessian of the negative log-prior is added.
     */
    public static double[][] matrix(Objective objective, double[] theta, Rows rows, Objective.Mode mode,
                                    boolean nistVariance) {
        LeastSquares ls = LeastSquares.of(objective).orElse(null);
        if (ls == null) return null;
        int k = theta.length;
        List<Node> outputs = new ArrayList<>(ls.flatten(ls.gaussNewton()));
        outputs.addAll(ls.flatten(ls.fisherInformation()));
        outputs.add(ls.rss());
        double[] v = new Evaluator(new Schedule(outputs)).evaluate(theta, rows);
        int observations = objective.likelihoods().getFirst().targets().size() * rows.count();
        double sigma2 = v[2 * k * k] / (observations - ls.locationParameterCount());
        double[][] info = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                boolean bothLocation = ls.locationParameters().get(i) && ls.locationParameters().get(j);
                info[i][j] = nistVariance && bothLocation ? v[i * k + j] / sigma2 : v[k * k + i * k + j];
            }
        }
        if (mode == Objective.Mode.MAP && objective.hasPriors()) {
            double[][] prior = ReferenceObjective.priorHessian(objective, theta);
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) info[i][j] += prior[i][j];
        }
        return info;
    }
}
