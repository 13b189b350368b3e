package mle.compiler.eval;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Schedule;

/**
 * The objective, its exact gradient and Hessian, evaluated by the plain reference evaluator: the yardstick
 * for finite-difference checks and for the compiled runtime. In {@link Space#MODEL} the arguments are the
 * model's parameters θ; in {@link Space#UNCONSTRAINED} they are the optimiser's coordinates u.
 */
public final class ReferenceObjective {
    public enum Space { MODEL, UNCONSTRAINED }

    /** The value, gradient and Hessian at one point. */
    public record Evaluation(double value, double[] gradient, double[][] hessian) {}

    private final int k;
    private final Evaluator evaluator;

    public ReferenceObjective(Objective objective, Objective.Mode mode, Space space) {
        ObjectiveNodes nodes = ObjectiveNodes.of(objective, mode, space);
        this.k = objective.params().size();
        List<Node> outputs = new ArrayList<>(nodes.valueAndGradient);
        outputs.addAll(nodes.hessianUpper());
        this.evaluator = new Evaluator(new Schedule(outputs));
    }

    public Evaluation evaluate(double[] point, double[][] columns, int rows) {
        double[] out = evaluator.evaluate(point, columns, rows);
        double[][] h = new double[k][k];
        ObjectiveNodes.unpackUpper(java.util.Arrays.copyOfRange(out, 1 + k, out.length), h);
        return new Evaluation(out[0], java.util.Arrays.copyOfRange(out, 1, 1 + k), h);
    }

    /** The Hessian of the negative log-prior alone at θ (model coordinates); it reads no data. */
    public static double[][] priorHessian(Objective objective, double[] theta) {
        int k = theta.length;
        Node[][] h = new Differentiator(objective.builder()).hessian(objective.negLogPrior(), k);
        List<Node> outputs = new ArrayList<>();
        for (Node[] row : h) outputs.addAll(List.of(row));
        double[] v = new Evaluator(new Schedule(outputs)).evaluate(theta, new double[objective.columns().size()][0], 0);
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) System.arraycopy(v, i * k, out[i], 0, k);
        return out;
    }
}
