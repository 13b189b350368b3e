package mle.runtime.truffle;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import java.util.List;
import java.util.Locale;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Objective;
import mle.compiler.lower.DataChecks;

/**
 * A model's objective bound to a data set, in the model's own parameters θ: executable for the value, with
 * members for the gradient and the Hessian. See {@link MleLanguage} for the members.
 */
@ExportLibrary(InteropLibrary.class)
final class ObjectiveObject implements TruffleObject {
    private static final String VALUE = "value", GRADIENT = "gradient", HESSIAN = "hessian";
    private static final String PARAMETERS = "parameters", DIMENSION = "dimension", ROWS = "rows", MODE = "mode";

    private final ObjectiveCode code;
    private final ArrayObject parameters;
    private final Objective.Mode mode;
    private final int rows;
    private final Objective objective;
    private final double[][] columns;

    ObjectiveObject(ObjectiveCode code, ArrayObject parameters, Objective.Mode mode, Objective objective,
                    double[][] columns, int rows) {
        this.code = code;
        this.parameters = parameters;
        this.mode = mode;
        this.rows = rows;
        this.objective = objective;
        this.columns = columns;
    }

    @ExportMessage
    boolean isExecutable() { return true; }

    @ExportMessage
    @TruffleBoundary
    Object execute(Object[] arguments) throws UnsupportedTypeException { return value(arguments); }

    @ExportMessage
    boolean hasMembers() { return true; }

    @ExportMessage
    Object getMembers(@SuppressWarnings("unused") boolean includeInternal) {
        return new ArrayObject(VALUE, GRADIENT, HESSIAN, PARAMETERS, DIMENSION, ROWS, MODE);
    }

    @ExportMessage
    @TruffleBoundary
    boolean isMemberReadable(String member) { return List.of(PARAMETERS, DIMENSION, ROWS, MODE).contains(member); }

    @ExportMessage
    @TruffleBoundary
    Object readMember(String member) throws UnknownIdentifierException {
        return switch (member) {
            case PARAMETERS -> parameters;
            case DIMENSION -> code.dimension;
            case ROWS -> rows;
            case MODE -> mode.name().toLowerCase(Locale.ROOT);
            default -> throw UnknownIdentifierException.create(member);
        };
    }

    @ExportMessage
    @TruffleBoundary
    boolean isMemberInvocable(String member) { return List.of(VALUE, GRADIENT, HESSIAN).contains(member); }

    @ExportMessage
    @TruffleBoundary
    Object invokeMember(String member, Object[] arguments) throws UnknownIdentifierException, UnsupportedTypeException {
        return switch (member) {
            case VALUE -> value(arguments);
            case GRADIENT -> {
                double[] g = new double[code.dimension], point = InteropValues.point(arguments, code.dimension);
                finite(code.valueAndGradient(point, g), point);
                yield ArrayObject.of(g);
            }
            case HESSIAN -> {
                int k = code.dimension;
                double[][] h = new double[k][k];
                double[] point = InteropValues.point(arguments, k);
                finite(code.valueAndGradient(point, new double[k]), point);
                code.hessian(point, h);
                Object[] rowsOfH = new Object[k];
                for (int i = 0; i < k; i++) rowsOfH[i] = ArrayObject.of(h[i]);
                yield new ArrayObject(rowsOfH);
            }
            default -> throw UnknownIdentifierException.create(member);
        };
    }

    private double value(Object[] arguments) throws UnsupportedTypeException {
        double[] point = InteropValues.point(arguments, code.dimension);
        return finite(code.valueAndGradient(point, new double[code.dimension]), point);
    }

    /**
     * The value when it is finite; otherwise an error that says why, not a NaN for the caller to puzzle over: a
     * parameter outside its declared constraint, or the first argument of a distribution outside its domain, with
     * its row.
     */
    @TruffleBoundary
    private double finite(double value, double[] theta) {
        if (Double.isFinite(value)) return value;
        for (Objective.Parameter p : objective.params()) {
            double t = theta[p.index()];
            if (p.isConstrained() && !p.admits(t)) {
                throw MleException.error(p.name() + " = " + IrPrinter.number(t) + " is outside its constraint "
                        + p.constraint() + ", so the objective is " + IrPrinter.number(value) + " there");
            }
        }
        DataChecks.Violation v = DataChecks.firstAt(objective, theta, columns, rows);
        if (v != null) {
            throw MleException.error(v.role() + " is " + IrPrinter.number(v.value()) + " at row " + (v.row() + 1)
                    + ", but it " + v.must() + " (line " + v.line() + ": " + v.statement() + "), so the objective is "
                    + IrPrinter.number(value) + " there");
        }
        throw MleException.error("the objective is " + IrPrinter.number(value) + " at this point");
    }

    @ExportMessage
    boolean hasLanguage() { return true; }

    @ExportMessage
    Class<? extends TruffleLanguage<?>> getLanguage() { return MleLanguage.class; }

    @ExportMessage
    @TruffleBoundary
    Object toDisplayString(@SuppressWarnings("unused") boolean allowSideEffects) {
        return (mode == Objective.Mode.MLE ? "NLL" : "negative log-posterior") + " of model " + code.modelName
                + " over " + rows + " rows";
    }
}
