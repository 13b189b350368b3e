package mle.estimate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mle.compiler.ir.Support;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;

/**
 * Data too large or too small for a location-scale likelihood (Normal, Laplace, Student-t, Cauchy, Logistic), refused
 * before any fit with the cell, its line and what to do.
 *
 * <p>Why refuse rather than scale them internally by a power of two (which would be exact): such a fit computes with the
 * squares of its data and residuals, and with values of 10²⁰⁰ its results themselves leave the range of a double in the
 * column's own units: the observed information of σ is 2n/σ² ≈ 10⁻⁴⁰⁰ (0), the covariance σ²(XᵀX)⁻¹ ≈ 10⁴⁰⁰ (∞), and so
 * would every Hessian, correlation and `report` quantity built from them. A scaled fit could only report half an
 * answer, and only for the direct solvers, since a general model's parameters do not follow a scaling of its data by
 * any known rule (`y ~ Normal(exp(a), σ)`). Rescaling the column (choosing its units) costs the user one step and loses
 * nothing.
 *
 * <p>Which data: the targets of those likelihoods, and what their location is linear in (through +, −, ×, dot products
 * and numerators), whose squares the Hessian sums: each as the model computes it, so `y / 1e200 ~ Normal(μ, σ)` or
 * `log(y) ~ …` is judged by its values, not y's; other families are left alone (a log-normal's data of 10³⁰⁰ are
 * fine: it computes with their logarithm).
 */
public final class Magnitudes {
    /** A magnitude whose square is at the edge of a double: 2⁵⁰⁰ ≈ 3.3·10¹⁵⁰, leaving 2²⁴ for sums over the rows. */
    static final double LARGEST = 0x1p500;
    /** The smallest magnitude a column may have as its largest: 2⁻⁵⁰⁰ ≈ 3·10⁻¹⁵¹, whose square is still a normal double. */
    static final double SMALLEST = 0x1p-500;

    private Magnitudes() {}

    /** @throws DataException at the first cell too large, or at the largest cell of a column whose every value is too small */
    public static void check(Objective objective, DataTable data, double[][] columns) {
        for (Objective.Likelihood l : objective.likelihoods()) {
            if (!locationScale(l)) continue;
            Set<Node> used = new LinkedHashSet<>();
            for (Node y : l.targets()) linearData(y, used);
            for (Node a : l.arguments().get(l.distribution().argumentWithRole("location"))) linearData(a, used);
            if (used.isEmpty()) continue;
            // A data column is checked as it is; only what is computed from the data is evaluated row by row.
            List<Node> nodes = used.stream().filter(n -> n.op != Op.DATA).toList();
            double[][] values = new double[nodes.size()][data.rowCount()];
            if (!nodes.isEmpty()) {
                new Evaluator(new Schedule(nodes)).forEachRow(new double[objective.params().size()], columns, data.rowCount(),
                        (row, v) -> {
                            for (int i = 0; i < v.length; i++) values[i][row] = v[i];
                            return true;
                        });
            }
            for (Node n : used) check(objective, data, n.op == Op.DATA ? columns[n.index] : values[nodes.indexOf(n)], n, l);
        }
    }

    /** {the first row at or beyond the largest double, or −1; the row of the largest magnitude (the first such)}. */
    private static int[] scan(double[] values) {
        int largest = -1;
        double top = 0;
        for (int r = 0; r < values.length; r++) {
            double a = Math.abs(values[r]);
            if (a >= LARGEST) return new int[] {r, largest};
            if (largest < 0 || a > top) {
                top = a;
                largest = r;
            }
        }
        return new int[] {-1, largest};
    }

    private static void check(Objective objective, DataTable data, double[] values, Node node, Objective.Likelihood l) {
        String name = node.op == Op.DATA ? objective.columns().get(node.index).name() : null;
        String shownName = "`" + (name != null ? name : IrPrinter.inline(node, objective.naming()).replace("ᵢ", "")) + "`";
        int[] found = scan(values);
        int beyond = found[0], largest = found[1];
        if (beyond >= 0) {
            throw refusal(data, beyond, shownName + " is " + shown(values[beyond]), name, values[beyond], l,
                    "beyond the largest double (about 1.8·10³⁰⁸)");
        }
        double top = Math.abs(values[largest]);
        if (top > 0 && top < SMALLEST) {
            throw refusal(data, largest, "the largest value of " + shownName + " is " + shown(values[largest]), name,
                    values[largest], l, "below the smallest normal double (about 2.2·10⁻³⁰⁸)");
        }
    }

    private static DataException refusal(DataTable data, int row, String what, String column, double value,
                                         Objective.Likelihood l, String where) {
        int exponent = (int) Math.floor(Math.log10(Math.abs(value)));
        return new DataException(DataException.Kind.OUT_OF_SUPPORT, data.source(), data.lineOf(row), column,
                what + ": the " + l.distribution().name() + " likelihood of line " + l.line() + " (" + l.statement()
                        + ") computes with its square, which is " + where,
                "Rescale " + (column != null ? "the column" : "it") + ": divide it by 1e" + exponent + " and fit it in "
                        + "those units (the estimates are then in those units too).");
    }

    private static String shown(double x) { return String.format(Locale.ROOT, "%.6g", x); }

    /** A location-scale family on the real line: its residuals (y − μ)/σ enter the log-density. */
    private static boolean locationScale(Objective.Likelihood l) {
        return l.distribution().support() == Support.REAL && l.distribution().argumentWithRole("location") >= 0 && l.distribution().argumentWithRole("scale") >= 0;
    }

    /**
     * The largest parts of {@code n} that read data but no parameter, reached through +, −, ×, dot products and
     * numerators: what the location is linear in (`x` in `a + c·x`, or `y / 1000` as written).
     */
    private static void linearData(Node n, Set<Node> into) {
        if (n.isParameterFree()) {
            if (n.rowVarying) into.add(n);
            return;
        }
        switch (n.op) {
            case ADD, SUB, MUL, NEG, DOT -> n.args().forEach(a -> linearData(a, into));
            case DIV -> linearData(n.arg(0), into);
            default -> { }
        }
    }
}
