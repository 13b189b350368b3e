package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Rows;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.Unconstrained;
import mle.runtime.optim.Options;
import mle.runtime.optim.ProgressListener;

/**
 * A fit to be made: the model's objective in one mode, the rows it is fitted to, the start and the settings of the
 * search; with the conversions between the model's parameters θ and the optimiser's unconstrained u that every method
 * needs.
 *
 * @param columns the data's columns in memory, by the objective's column index; null when the rows are in parts
 *                ({@link mle.runtime.parts.PartedRows}), which only the search and parted least squares can fit
 * @param place   a row's place in the data, for messages: "row 3 (line 4 of data.csv)"
 * @param start   θ₀ by parameter index, already checked against the constraints
 */
public record FitProblem(Objective objective, Objective.Mode mode, Rows rows, double[][] columns,
                         IntFunction<String> place, double[] start, Settings settings) {

    /**
     * @param optimizer           the optimiser's settings: its method (AUTO lets {@link MethodChooser} choose), limits
     * @param starts              the multi-start's starts where the objective is not proved to have a single minimum
     * @param expectedInformation whether to compute standard errors from the expected information too
     */
    public record Settings(Options optimizer, ProgressListener progress, int starts, boolean expectedInformation) {}

    public int size() { return objective.params().size(); }

    public List<String> parameterNames() { return objective.params().stream().map(Objective.Parameter::name).toList(); }

    public double[] unconstrained(double[] theta) { return unconstrained(objective, theta); }

    public double[] constrained(double[] u) { return constrained(objective, u); }

    /** The value of a node of the objective's IR at θ, summed over the rows. */
    public double value(Node node, double[] theta) { return value(node, theta, rows); }

    public static double value(Node node, double[] theta, Rows rows) {
        return new Evaluator(new Schedule(List.of(node))).evaluate(theta, rows)[0];
    }

    /** "a = 0, b = 0, σ = 1". */
    String describe(double[] theta) {
        List<String> parts = new ArrayList<>();
        for (Objective.Parameter p : objective.params()) parts.add(p.name() + " = " + IrPrinter.number(theta[p.index()]));
        return String.join(", ", parts);
    }

    public static double[] unconstrained(Objective objective, double[] theta) {
        double[] u = new double[theta.length];
        for (Objective.Parameter p : objective.params()) u[p.index()] = Unconstrained.toUnconstrained(p, theta[p.index()]);
        return u;
    }

    public static double[] constrained(Objective objective, double[] u) {
        double[] theta = new double[u.length];
        for (Objective.Parameter p : objective.params()) theta[p.index()] = Unconstrained.transform(p, u[p.index()])[0];
        return theta;
    }

    /** ∂f/∂θ from ∂f/∂u, through the constraints' transforms. */
    public static double[] gradientInModelSpace(Objective objective, double[] u, double[] gradientU) {
        double[] g = new double[u.length];
        for (Objective.Parameter p : objective.params()) g[p.index()] = gradientU[p.index()] / Unconstrained.transform(p, u[p.index()])[1];
        return g;
    }
}
