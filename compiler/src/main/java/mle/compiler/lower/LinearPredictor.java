package mle.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * Predictors η = offset + Xβ that are linear in the coefficients: every derivative ∂η/∂β_j free of parameters. Gives
 * the design's columns and the offset as per-row expressions of the data, one set per element of a vector statement.
 *
 * @param offsets η at β = 0, per element
 * @param columns columns[e][j] = ∂ηₑ/∂β_{location[j]}
 */
public record LinearPredictor(List<Node> offsets, List<Node[]> columns) {

    /** The linear structure of the predictors in the given coefficients, or empty when one is not linear. */
    public static Optional<LinearPredictor> of(Objective o, List<Node> predictors, int[] location) {
        IrBuilder b = o.builder();
        List<Node> offsets = new ArrayList<>();
        List<Node[]> columns = new ArrayList<>();
        synchronized (b) {
            Differentiator d = new Differentiator(b);
            for (Node eta : predictors) {
                Node[] column = new Node[location.length];
                for (int j = 0; j < location.length; j++) {
                    mle.compiler.interrupt.Interruption.checkCompiling();   // a column per coefficient: thousands of them at times
                    column[j] = d.derivative(eta, location[j]);
                    if (!column[j].isParameterFree()) return Optional.empty();
                }
                columns.add(column);
                offsets.add(b.substitute(eta, leaf -> leaf.op == Op.PARAM ? b.zero : null));
            }
        }
        return Optional.of(new LinearPredictor(List.copyOf(offsets), List.copyOf(columns)));
    }
}
