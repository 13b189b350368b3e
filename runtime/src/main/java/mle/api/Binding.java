package mle.api;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ast.Names;
import mle.compiler.check.Checker;
import mle.compiler.check.Suggestions;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.lower.DataChecks;
import mle.compiler.source.DiagnosticRenderer;
import mle.runtime.data.DataException;
import mle.runtime.data.DataTable;

/**
 * What a model is given, checked and put in the objective's terms: the data's columns by the objective's index, and
 * parameter values by name. Every mistake is said in the caller's words (the column, the level, the name given).
 */
final class Binding {
    private Binding() {}

    /** The model's columns from the table, in the objective's order, checked against the model's supports. */
    static double[][] columns(Objective objective, DataTable data) {
        double[][] columns = new double[objective.columns().size()][];
        for (Objective.Column c : objective.columns()) {
            if (!data.hasColumn(c.name())) {
                throw new DataException(DataException.Kind.MISSING_COLUMN, data.source(), 0, c.name(),
                        "the data have no column `" + c.name() + "`", "add it, or map another column to it");
            }
            columns[c.index()] = data.columnForReading(c.name());   // read, never written
        }
        for (Objective.Column c : objective.columns()) {
            List<String> levels = data.levels(c.name());
            if (levels != null) checkLevels(objective, data.source(), c.name(), levels);
        }
        if (data.rowCount() == 0) {
            throw new DataException(DataException.Kind.NO_ROWS, data.source(), 0, null, "the data have no rows", "add data rows");
        }
        DataChecks.Violation v = DataChecks.first(objective, columns, data.rowCount());
        if (v != null) {
            throw new DataException(DataException.Kind.OUT_OF_SUPPORT, data.source(), data.lineOf(v.row()), v.column(),
                    v.message(), v.hint());
        }
        return columns;
    }

    /** A row's place in a table, for messages: "row 3 (line 4 of data.csv)". */
    static String place(DataTable data, int row) {
        return "row " + (row + 1) + (data.source() == null ? ""
                : " (line " + data.lineOf(row) + " of " + DiagnosticRenderer.escape(data.source().toString()) + ")");
    }

    /**
     * Checks that a column read as names has as many levels as each vector it indexes has elements.
     *
     * @param source the data's file for messages, or null
     * @throws DataException when it has more or fewer
     */
    static void checkLevels(Objective objective, Path source, String column, List<String> levels) {
        for (Objective.Lookup l : objective.lookups()) {
            if (l.index().op != Op.DATA || !objective.columns().get(l.index().index).name().equals(column)) continue;
            if (levels.size() != l.size()) {
                String problem = "`" + column + "` has " + levels.size() + " levels (" + Names.listed(levels) + "), but `" + l.vector()
                        + "` has " + l.size() + " elements (line " + l.span().line() + ": " + l.span().text() + ")";
                // Propose only a size the language accepts.
                String hint;
                if (levels.size() > Checker.MAX_SIZE) {
                    hint = "a vector holds at most " + Checker.MAX_SIZE + " elements, one per level: "
                            + "group the names into fewer levels, or check that `" + column + "` is the grouping meant.";
                } else if (objective.params().stream().anyMatch(p -> p.baseName().equals(l.vector()))) {
                    hint = "declare one element per level: `param " + l.vector() + "[" + levels.size() + "]`.";
                } else {
                    hint = "give `" + l.vector() + "` one element per level, " + levels.size() + " in all.";
                }
                throw new DataException(DataException.Kind.OUT_OF_SUPPORT, source, 0, column, problem, hint);
            }
        }
    }

    /** θ from the given values by name, the rest from their constraints: 0, lo + 1, hi − 1, or the midpoint. */
    static double[] startingValues(Objective objective, Map<String, Double> given) {
        Set<String> seen = new HashSet<>();
        List<String> names = objective.params().stream().map(Objective.Parameter::name).toList();
        for (String name : given.keySet()) {
            String key = Names.canonical(name);
            if (!seen.add(key)) throw new OptionException("a value for `" + name + "` is given twice (ASCII and Greek spellings are one name)");
            boolean known = objective.params().stream().anyMatch(p -> Names.canonical(p.name()).equals(key)
                    || Names.canonical(p.baseName()).equals(key));
            if (!known) {
                String suggestion = Suggestions.closest(name, names);
                throw new OptionException("the model has no parameter called `" + name + "`"
                        + (suggestion != null ? "; did you mean `" + suggestion + "`?" : ""));
            }
        }
        double[] theta = new double[objective.params().size()];
        for (Objective.Parameter p : objective.params()) {
            Double v = valueFor(given, p);
            double lo = p.lower(), hi = p.upper();
            if (v == null) {
                v = lo > Double.NEGATIVE_INFINITY && hi < Double.POSITIVE_INFINITY ? (lo + hi) / 2
                        : lo > Double.NEGATIVE_INFINITY ? lo + 1 : hi < Double.POSITIVE_INFINITY ? hi - 1 : 0;
            } else if (!p.admits(v)) {
                throw new OptionException("the value " + IrPrinter.number(v) + " for `" + p.name()
                        + "` is outside its constraint " + p.constraint());
            }
            theta[p.index()] = v;
        }
        return theta;
    }

    /** The value given for a parameter: by its own name (`β[2]`) first, else by its vector's name (`β`). */
    static Double valueFor(Map<String, Double> given, Objective.Parameter p) {
        Double byVector = null;
        for (Map.Entry<String, Double> e : given.entrySet()) {
            String key = Names.canonical(e.getKey());
            if (key.equals(Names.canonical(p.name()))) return e.getValue();
            if (key.equals(Names.canonical(p.baseName()))) byVector = e.getValue();
        }
        return byVector;
    }
}
