package mle.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Rows;

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
                            String requirement, String role, mle.compiler.source.Span span, String hint) {
        /** The requirement without its subject: "must be a number > 0". */
        public String must() { return requirement.substring(requirement.indexOf(" must be ") + 1); }

        public String message() {
            String what = column != null ? "`" + column + "` is " + IrPrinter.number(value)
                    : "`" + expression + "` is " + IrPrinter.number(value);
            return what + ", but " + requirement + " (line " + line + ": " + statement + ")";
        }
    }

    /** {@code node} must lie in {@code support} and, where given, within the bounds (attained when {@code inclusive}). */
    private record Check(Node node, Support support, Node lower, Node upper, boolean inclusive, String requirement,
                         String statement, int line, String role, mle.compiler.source.Span span, String hint) {
        static final String WRONG_DISTRIBUTION = "correct the value, or choose a distribution whose support includes it.";

        Check(Node node, Support support, String requirement, String statement, int line, String role,
              mle.compiler.source.Span span) {
            this(node, support, null, null, false, requirement, statement, line, role, span, WRONG_DISTRIBUTION);
        }
    }

    /** The first violation, or null when the data fit the model. */
    public static Violation first(Objective objective, double[][] columns, int rows) {
        return first(objective, Rows.inMemory(columns, rows));
    }

    /** {@link #first(Objective, double[][], int)} over rows wherever they are. */
    public static Violation first(Objective objective, Rows rows) {
        return scan(objective, checks(objective, false), new double[objective.params().size()], rows);
    }

    /**
     * The first argument of a likelihood that is outside its domain, or not a finite number, at the parameters θ:
     * where an objective that is not finite comes from (`Normal(σ, a + b·x)` with the arguments swapped gives a
     * negative scale on some row). Null when every argument is fine on every row.
     */
    public static Violation firstAt(Objective objective, double[] theta, double[][] columns, int rows) {
        return firstAt(objective, theta, Rows.inMemory(columns, rows));
    }

    public static Violation firstAt(Objective objective, double[] theta, Rows rows) {
        return scan(objective, checks(objective, true), theta, rows);
    }

    private static List<Check> checks(Objective objective, boolean withParameters) {
        List<Check> checks = new ArrayList<>();
        // Indices first: an element that does not exist would make every other check on that row fail for it.
        if (!withParameters) {
            IrBuilder b = objective.builder();
            for (Objective.Lookup l : objective.lookups()) {
                checks.add(new Check(l.index(), Support.COUNT, b.one, b.constant(l.size()), true,
                        "an index of `" + l.vector() + "` must be a whole number from 1 to " + l.size(),
                        l.span().text(), l.span().line(), "an index of " + l.vector(), l.span(),
                        "correct the value, or give `" + l.vector() + "` one element per group."));
            }
            for (Objective.DataBound d : objective.bounds()) {
                checks.add(new Check(d.value(), d.support(), d.lower(), d.upper(), d.inclusive(), d.requirement(),
                        d.statement(), d.line(), d.requirement(), d.span(), d.hint()));
            }
        }
        for (Objective.Likelihood like : objective.likelihoods()) {
            String dist = like.distribution().name();
            Support support = like.distribution().support();
            for (int e = 0; e < like.targets().size(); e++) {
                Node target = like.targets().get(e);
                if (!target.isParameterFree()) continue;
                List<Node> args = new ArrayList<>();
                for (int p = 0; p < like.arguments().size(); p++) args.add(like.argument(p, e));
                Node[] bounds = like.distribution().fixedSupportBounds(args);
                Node lower = bounds[0], upper = bounds[1];
                String requirement = dist + " is a distribution of " + support.description
                        + withinBounds(support, lower, upper, objective.naming());
                checks.add(new Check(target, support == Support.BETWEEN_ARGUMENTS ? Support.REAL : support, lower, upper,
                        support.integer, requirement, like.statement(), like.line(), "the data of " + dist, like.span(),
                        Check.WRONG_DISTRIBUTION));
            }
            List<DistributionParameter> params = like.distribution().parameters();
            for (int p = 0; p < params.size(); p++) {
                Support domain = params.get(p).domain();
                if (domain == Support.REAL && !withParameters) continue;
                String role = "the " + params.get(p).role() + " " + params.get(p).name() + " of " + dist;
                for (Node arg : like.arguments().get(p)) {
                    boolean checked = withParameters ? !arg.isParameterFree() || arg.rowVarying
                            : arg.isParameterFree() && arg.rowVarying;
                    if (checked) {
                        checks.add(new Check(arg, domain, role + " must be " + (domain == Support.REAL ? "a finite number"
                                : domain.description), like.statement(), like.line(), role, like.argumentSpans().get(p)));
                    }
                }
            }
        }
        return checks;
    }

    private static Violation scan(Objective objective, List<Check> checks, double[] theta, Rows rows) {
        if (checks.isEmpty()) return null;
        // Each check contributes three outputs: the value and its two bounds (zero where there is none).
        List<Node> outputs = new ArrayList<>();
        IrBuilder b = objective.builder();
        for (Check c : checks) {
            outputs.add(c.node());
            outputs.add(c.lower() == null ? b.zero : c.lower());
            outputs.add(c.upper() == null ? b.zero : c.upper());
        }
        Requirements test = new Requirements(checks);
        Rows.Found found = rows instanceof Rows.InMemory memory && plainColumns(checks)
                ? firstInColumns(checks, test, memory) : rows.first(outputs, theta, test);
        if (found == null) return null;
        int failed = test.failing(found.values());
        Check c = checks.get(failed);
        String column = c.node().op == Op.DATA ? objective.columns().get(c.node().index).name() : null;
        return new Violation(found.row(), column, IrPrinter.inline(c.node(), objective.naming()), found.values()[3 * failed],
                c.statement(), c.line(), c.requirement(), c.role(), c.span(), c.hint());
    }

    /** Whether every check is of a data column within constant bounds: then the columns are read as they are. */
    private static boolean plainColumns(List<Check> checks) {
        for (Check c : checks) {
            if (c.node().op != Op.DATA || (c.lower() != null && c.lower().op != Op.CONST)
                    || (c.upper() != null && c.upper().op != Op.CONST)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link Rows#first} for checks of plain columns: each column scanned in a loop of its own, without the evaluator.
     * A later check is scanned only below the first row found so far, so a row failing several checks names the first.
     */
    private static Rows.Found firstInColumns(List<Check> checks, Requirements test, Rows.InMemory memory) {
        int first = memory.count();
        double[] lo = new double[checks.size()], hi = new double[checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            lo[i] = c.lower() == null ? 0 : c.lower().value;
            hi[i] = c.upper() == null ? 0 : c.upper().value;
            double[] column = memory.columns()[c.node().index];
            for (int r = 0; r < first; r++) {
                if (!test.holds(i, column[r], lo[i], hi[i])) {
                    first = r;
                    break;
                }
            }
        }
        if (first == memory.count()) return null;
        double[] values = new double[3 * checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            values[3 * i] = memory.columns()[checks.get(i).node().index][first];
            values[3 * i + 1] = lo[i];
            values[3 * i + 2] = hi[i];
        }
        return new Rows.Found(first, values);
    }

    /** ", above L, at most U" (or "below U" for a continuous support): the bounds of a support in a requirement's words. */
    static String withinBounds(Support support, Node lower, Node upper, mle.compiler.ir.Naming naming) {
        return (lower == null ? "" : ", above " + IrPrinter.inline(lower, naming))
                + (upper == null ? "" : (support.integer ? ", at most " : ", below ") + IrPrinter.inline(upper, naming));
    }

    /** The checks' requirements as plain values, to test rows wherever they are. */
    private record Requirements(Support[] supports, boolean[] lower, boolean[] upper, boolean[] inclusive) implements Rows.Test {
        Requirements(List<Check> checks) {
            this(checks.stream().map(Check::support).toArray(Support[]::new), flags(checks, c -> c.lower() != null),
                    flags(checks, c -> c.upper() != null), flags(checks, Check::inclusive));
        }

        private static boolean[] flags(List<Check> checks, java.util.function.Predicate<Check> p) {
            boolean[] f = new boolean[checks.size()];
            for (int i = 0; i < f.length; i++) f[i] = p.test(checks.get(i));
            return f;
        }

        @Override
        public boolean accepts(double[] values) { return failing(values) < 0; }

        /** The first check the row's values fail, or −1. */
        int failing(double[] values) {
            for (int i = 0; i < supports.length; i++) if (!holds(i, values[3 * i], values[3 * i + 1], values[3 * i + 2])) return i;
            return -1;
        }

        /** Whether check i holds for the value with the bounds lo and hi. */
        boolean holds(int i, double value, double lo, double hi) {
            return supports[i].contains(value)
                    && (!lower[i] || (inclusive[i] ? value >= lo : value > lo))
                    && (!upper[i] || (inclusive[i] ? value <= hi : value < hi));
        }
    }
}
