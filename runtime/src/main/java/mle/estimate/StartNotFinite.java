package mle.estimate;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Rows;
import mle.compiler.ir.Schedule;
import mle.compiler.lower.DataChecks;
import mle.compiler.source.Diagnostic;

/**
 * Why the objective is not a finite number at the start, as a refusal a person can act on: the first argument of a
 * likelihood outside its domain, at its place in the model with the row and the value; else the first term that is
 * not finite, and the first row where it is not.
 */
final class StartNotFinite {
    private StartNotFinite() {}

    static Attempt.Refused at(FitProblem problem, double[] theta, double f0) {
        Objective objective = problem.objective();
        String at = problem.describe(theta);
        DataChecks.Violation v = DataChecks.firstAt(objective, theta, problem.rows());
        if (v != null) {
            String where = problem.place().apply(v.row());
            String signature = objective.likelihoods().stream().filter(l -> l.line() == v.line()).findFirst()
                    .map(l -> l.distribution().name() + "(" + String.join(", ", l.distribution().parameters().stream()
                            .map(DistributionParameter::name).toList()) + ")").orElse("");
            return refused(null, Diagnostic.error(v.span(),
                    v.role() + " is " + IrPrinter.number(v.value()) + " at " + where + ", but it " + v.must()
                            + ", so the objective is " + IrPrinter.number(f0) + " at the start (" + at + ")",
                    "check the order of the arguments (" + signature + "), the starting values (--start), and the "
                            + "constraints that keep the argument in range (e.g. `param σ > 0`)"));
        }
        for (Objective.Term t : objective.terms()) {
            if (problem.mode() == Objective.Mode.MLE && t.kind() == Objective.Kind.PRIOR) continue;
            double value = problem.value(t.value(), theta);
            if (!Double.isFinite(value)) {
                String row = firstNonFiniteRow(problem, t.value(), theta);
                return refused("the objective is " + IrPrinter.number(f0) + " at the start (" + at
                        + "): the " + (t.kind() == Objective.Kind.PRIOR ? "prior" : "likelihood") + " of line " + t.line()
                        + ", `" + t.statement() + "`, is " + IrPrinter.number(-value) + (row.isEmpty() ? " there" : row)
                        + "; " + (row.isEmpty() ? "" : "correct the data, or ") + "give starting values (--start) where it is finite", null);
            }
        }
        return refused("the objective is " + IrPrinter.number(f0) + " at the start (" + at
                + "); give starting values (--start) where it is finite", null);
    }

    private static Attempt.Refused refused(String message, Diagnostic located) {
        return new Attempt.Refused(Attempt.Refused.Reason.START_NOT_FINITE, message, located);
    }

    /**
     * Where a term's row sums are first not finite at θ: " at row 2 (line 3 of data.csv), where `y` is 1", or "" for a
     * term without rows. An objective infinite whatever the parameters is most often one row's data out of a formula's
     * range, which the person then finds at once.
     */
    private static String firstNonFiniteRow(FitProblem problem, Node term, double[] theta) {
        Schedule schedule = new Schedule(List.of(term));
        List<Node> outputs = new ArrayList<>();
        for (Node sum : schedule.rowSums) outputs.add(sum.arg(0));
        if (outputs.isEmpty()) return "";
        int bodies = outputs.size();
        List<Node> data = schedule.leaves.stream().filter(n -> n.op == Op.DATA).toList();
        outputs.addAll(data);
        Rows.Found found = problem.rows().first(outputs, theta, new AllFinite(bodies));
        if (found == null) return "";
        List<String> values = new ArrayList<>();
        for (int k = 0; k < data.size(); k++) {
            values.add("`" + problem.objective().columns().get(data.get(k).index).name() + "` is "
                    + IrPrinter.number(found.values()[bodies + k]));
        }
        return " at " + problem.place().apply(found.row()) + (values.isEmpty() ? "" : ", where " + String.join(" and ", values));
    }

    /** Whether the first {@code count} values of a row are finite. */
    private record AllFinite(int count) implements Rows.Test {
        @Override
        public boolean accepts(double[] values) {
            for (int i = 0; i < count; i++) if (!Double.isFinite(values[i])) return false;
            return true;
        }
    }
}
