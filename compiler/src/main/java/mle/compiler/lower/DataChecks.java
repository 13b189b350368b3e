package mle.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.dist.Parameter;
import mle.compiler.dist.Support;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;

/**
 * What the compiler could not prove before the data arrived: each likelihood's data lie in its
 * distribution's support (counts for Poisson, 0/1 for Bernoulli, > 0 for LogNormal), and each argument
 * computed from data alone lies in its domain (a per-row scale > 0). Parameters are not involved, so one
 * pass over the rows settles it.
 */
public final class DataChecks {
    private DataChecks() {}

    /**
     * A value outside where it must lie. {@code row} is 0-based; {@code column} names the data column when
     * the value is one column's cell (else null, and {@code expression} says what was computed).
     */
    public record Violation(int row, String column, String expression, double value, String statement, int line,
                            String requirement) {
        public String message() {
            String what = column != null ? "`" + column + "` is " + IrPrinter.number(value)
                    : "`" + expression + "` is " + IrPrinter.number(value);
            return what + ", but " + requirement + " (line " + line + ": " + statement + ")";
        }
    }

    private record Check(Node node, Support support, String requirement, String statement, int line) {}

    /** The first violation, or null when the data fit the model. */
    public static Violation first(Objective objective, double[][] columns, int rows) {
        List<Check> checks = new ArrayList<>();
        for (Objective.Likelihood like : objective.likelihoods()) {
            String dist = like.distribution().name();
            for (Node target : like.targets()) {
                if (target.isParameterFree() && like.distribution().support() != Support.BETWEEN_ARGUMENTS) {
                    checks.add(new Check(target, like.distribution().support(),
                            dist + " is a distribution of " + like.distribution().support().description, like.statement(), like.line()));
                }
            }
            List<Parameter> params = like.distribution().parameters();
            for (int p = 0; p < params.size(); p++) {
                Support domain = params.get(p).domain();
                if (domain == Support.REAL) continue;
                for (Node arg : like.arguments().get(p)) {
                    if (arg.isParameterFree() && arg.rowVarying) {
                        checks.add(new Check(arg, domain, "the " + params.get(p).role() + " " + params.get(p).name() + " of "
                                + dist + " must be " + domain.description, like.statement(), like.line()));
                    }
                }
            }
        }
        if (checks.isEmpty()) return null;
        Schedule schedule = new Schedule(checks.stream().map(Check::node).toList());
        Violation[] found = new Violation[1];
        new Evaluator(schedule).forEachRow(new double[objective.params().size()], columns, rows, (row, values) -> {
            for (int i = 0; i < values.length; i++) {
                Check c = checks.get(i);
                if (!c.support().contains(values[i])) {
                    String column = c.node().op == Op.DATA ? objective.columns().get(c.node().index).name() : null;
                    found[0] = new Violation(row, column, IrPrinter.inline(c.node(), objective.naming()), values[i],
                            c.statement(), c.line(), c.requirement());
                    return false;
                }
            }
            return true;
        });
        return found[0];
    }
}
