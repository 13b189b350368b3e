package mle.compiler.eval;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.lower.Unconstrained;

/**
 * The objective and its exact gradient as nodes, in the model's θ or the optimiser's unconstrained u, and on request
 * its Hessian's upper triangle: what the reference evaluator and the compiled objective compute, in memory or in
 * parts. The IR builder interns into hash maps, so the nodes are made under its lock.
 */
public final class ObjectiveNodes {
    private final Objective objective;
    private final Node[] gradient;
    /** f, then ∂f/∂xᵢ for each i. */
    public final List<Node> valueAndGradient;

    private ObjectiveNodes(Objective objective, Node f, Node[] gradient) {
        this.objective = objective;
        this.gradient = gradient;
        List<Node> outputs = new ArrayList<>(List.of(f));
        outputs.addAll(List.of(gradient));
        this.valueAndGradient = List.copyOf(outputs);
    }

    public static ObjectiveNodes of(Objective objective, Objective.Mode mode, Space space) {
        int k = objective.params().size();
        synchronized (objective.builder()) {
            Node f = objective.objective(mode);
            if (space == Space.UNCONSTRAINED) f = Unconstrained.rewrite(objective, f);
            Differentiator d = new Differentiator(objective.builder());
            Node[] gradient = new Node[k];
            for (int i = 0; i < k; i++) gradient[i] = d.derivative(f, i);
            return new ObjectiveNodes(objective, f, gradient);
        }
    }

    /** ∂²f/∂xᵢ∂xⱼ for i ≤ j, row by row: k(k + 1)/2 nodes, built when asked for (most fits need them once). */
    public List<Node> hessianUpper() {
        int k = gradient.length;
        List<Node> outputs = new ArrayList<>();
        synchronized (objective.builder()) {
            Differentiator d = new Differentiator(objective.builder());
            for (int i = 0; i < k; i++) for (int j = i; j < k; j++) outputs.add(d.derivative(gradient[i], j));
        }
        return outputs;
    }

    /** The symmetric matrix from its upper triangle, row by row as {@link #hessianUpper} orders it. */
    public static void unpackUpper(double[] upper, double[][] into) {
        int k = into.length, at = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                into[i][j] = upper[at];
                into[j][i] = upper[at++];
            }
        }
    }
}
