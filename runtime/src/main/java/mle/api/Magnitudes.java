package mle.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mle.compiler.dist.Parameter;
import mle.compiler.dist.Support;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
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
 * <p>Which data: the targets of those likelihoods, and the data that enter their location linearly (through +, −, ×,
 * dot products and numerators), whose squares the Hessian sums; a column under a function (`log(x)`) is left alone, and
 * so are other families (a log-normal's data of 10³⁰⁰ are fine: it computes with their logarithm).
 */
final class Magnitudes {
    /** A magnitude whose square is at the edge of a double: 2⁵⁰⁰ ≈ 3.3·10¹⁵⁰, leaving 2²⁴ for sums over the rows. */
    static final double LARGEST = 0x1p500;
    /** The smallest magnitude a column may have as its largest: 2⁻⁵⁰⁰ ≈ 3·10⁻¹⁵¹, whose square is still a normal double. */
    static final double SMALLEST = 0x1p-500;

    private Magnitudes() {}

    /** @throws DataException at the first cell too large, or at the largest cell of a column whose every value is too small */
    static void check(Objective objective, DataTable data, double[][] columns) {
        for (Objective.Likelihood l : objective.likelihoods()) {
            if (!locationScale(l)) continue;
            Set<Integer> used = new LinkedHashSet<>();
            for (Node y : l.targets()) linearData(y, used);
            int location = role(l, "location");
            for (Node a : l.arguments().get(location)) linearData(a, used);
            for (int c : used) check(objective, data, columns[c], objective.columns().get(c).name(), l);
        }
    }

    private static void check(Objective objective, DataTable data, double[] column, String name, Objective.Likelihood l) {
        int largest = -1;
        for (int r = 0; r < column.length; r++) {
            if (Math.abs(column[r]) >= LARGEST) {
                throw refusal(data, r, "`" + name + "` is " + shown(column[r]), name, column[r], l,
                        "beyond the largest double (about 1.8·10³⁰⁸)");
            }
            if (largest < 0 || Math.abs(column[r]) > Math.abs(column[largest])) largest = r;
        }
        double top = Math.abs(column[largest]);
        if (top > 0 && top < SMALLEST) {
            throw refusal(data, largest, "the largest value of `" + name + "` is " + shown(column[largest]), name,
                    column[largest], l, "below the smallest normal double (about 2.2·10⁻³⁰⁸)");
        }
    }

    private static DataException refusal(DataTable data, int row, String what, String name, double value,
                                         Objective.Likelihood l, String where) {
        int exponent = (int) Math.floor(Math.log10(Math.abs(value)));
        return new DataException(DataException.Kind.OUT_OF_SUPPORT, data.source(),
                data.lineOf(row), name,
                what + ": the " + l.distribution().name() + " likelihood of line " + l.line() + " (" + l.statement()
                        + ") computes with its square, which is " + where,
                "Rescale the column: divide it by 1e" + exponent + " and fit it in those units (the estimates are then "
                        + "in those units too).");
    }

    private static String shown(double x) { return String.format(Locale.ROOT, "%.6g", x); }

    /** A location-scale family on the real line: its residuals (y − μ)/σ enter the log-density. */
    private static boolean locationScale(Objective.Likelihood l) {
        return l.distribution().support() == Support.REAL && role(l, "location") >= 0 && role(l, "scale") >= 0;
    }

    private static int role(Objective.Likelihood l, String role) {
        List<Parameter> parameters = l.distribution().parameters();
        for (int p = 0; p < parameters.size(); p++) if (parameters.get(p).role().equals(role)) return p;
        return -1;
    }

    /** The data columns reached from {@code n} through +, −, ×, dot products and numerators: those it is linear in. */
    private static void linearData(Node n, Set<Integer> into) {
        switch (n.op) {
            case DATA -> into.add(n.index);
            case ADD, SUB, MUL, NEG, DOT -> n.args().forEach(a -> linearData(a, into));
            case DIV -> linearData(n.arg(0), into);
            default -> { }
        }
    }
}
