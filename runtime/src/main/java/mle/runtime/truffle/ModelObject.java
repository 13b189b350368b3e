package mle.runtime.truffle;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import java.util.List;
import java.util.Locale;
import mle.compiler.eval.ReferenceObjective.Space;
import mle.compiler.ir.Objective;

/** A compiled model, the value of evaluating its text; see {@link MleLanguage} for its members. */
@ExportLibrary(InteropLibrary.class)
final class ModelObject implements TruffleObject {
    private static final String NAME = "name", PARAMETERS = "parameters", COLUMNS = "columns", BIND = "bind";

    private final MleLanguage language;
    final Objective objective;

    ModelObject(MleLanguage language, Objective objective) {
        this.language = language;
        this.objective = objective;
    }

    @ExportMessage
    boolean hasMembers() { return true; }

    @ExportMessage
    Object getMembers(@SuppressWarnings("unused") boolean includeInternal) { return new ArrayObject(NAME, PARAMETERS, COLUMNS, BIND); }

    @ExportMessage
    @TruffleBoundary
    boolean isMemberReadable(String member) { return List.of(NAME, PARAMETERS, COLUMNS).contains(member); }

    @ExportMessage
    @TruffleBoundary
    Object readMember(String member) throws UnknownIdentifierException {
        return switch (member) {
            case NAME -> objective.modelName();
            case PARAMETERS -> parameterNames(objective);
            case COLUMNS -> new ArrayObject(objective.columns().stream().map(Objective.Column::name).toArray());
            default -> throw UnknownIdentifierException.create(member);
        };
    }

    @ExportMessage
    boolean isMemberInvocable(String member) { return BIND.equals(member); }

    @ExportMessage
    @TruffleBoundary
    Object invokeMember(String member, Object[] arguments)
            throws UnknownIdentifierException, ArityException, UnsupportedTypeException {
        if (!BIND.equals(member)) throw UnknownIdentifierException.create(member);
        if (arguments.length < 1 || arguments.length > 2) throw ArityException.create(1, 2, arguments.length);
        Objective.Mode mode = Objective.Mode.MLE;
        if (arguments.length == 2) {
            String text = InteropValues.string(arguments[1]);
            if (text == null || !List.of("mle", "map").contains(text.toLowerCase(Locale.ROOT))) {
                throw UnsupportedTypeException.create(arguments, "the mode is \"mle\" or \"map\"");
            }
            mode = Objective.Mode.valueOf(text.toUpperCase(Locale.ROOT));
        }
        double[][] columns = columns(arguments[0]);
        int rows = columns.length == 0 ? 0 : columns[0].length;
        long limit = MleContext.get(null).env.getOptions().get(MleLanguage.MemoryLimit);
        int k = objective.params().size();
        double bytes = 8.0 * rows * columns.length + 8.0 * k * k;
        if (limit > 0 && bytes > limit) {
            throw MleException.error(String.format(Locale.ROOT, "binding %d rows to a model of %d parameters needs about "
                    + "%.0f MB (the data's copy and the %d×%d Hessian), more than the memory limit of %.0f MB (the "
                    + "option mle.MemoryLimit)", rows, k, bytes / (1 << 20), k, k, limit / (double) (1 << 20)));
        }
        ObjectiveCode code = ObjectiveCode.build(language, objective, mode, Space.MODEL, columns, rows, ObjectiveCode.Blocks.IN_TURN);
        return new ObjectiveObject(code, parameterNames(objective), mode, objective, columns, rows);
    }

    /** The data as columns by the objective's column index, all of one length. */
    private double[][] columns(Object data) {
        List<Objective.Column> wanted = objective.columns();
        Object[] given;
        if (InteropValues.isArray(data)) {
            given = InteropValues.elements(data);
            if (given == null || given.length != wanted.size()) {
                throw MleException.error("model " + objective.modelName() + " reads " + wanted.size() + " column"
                        + (wanted.size() == 1 ? "" : "s") + " (" + names(wanted) + "), but the data array has "
                        + (given == null ? "no" : given.length) + "; pass them in that order, or by name");
            }
        } else {
            given = new Object[wanted.size()];
            for (Objective.Column c : wanted) {
                given[c.index()] = InteropValues.entry(data, c.name());
                if (given[c.index()] == null) {
                    throw MleException.error("the data have no column `" + c.name() + "`, which model "
                            + objective.modelName() + " reads (it reads " + names(wanted) + ")");
                }
            }
        }
        double[][] columns = new double[wanted.size()][];
        for (Objective.Column c : wanted) {
            columns[c.index()] = InteropValues.numbers(given[c.index()]);
            if (columns[c.index()] == null) {
                throw MleException.error("column `" + c.name() + "` is not an array of numbers");
            }
            if (columns[c.index()].length != columns[0].length) {
                throw MleException.error("column `" + c.name() + "` has " + columns[c.index()].length + " values but `"
                        + wanted.get(0).name() + "` has " + columns[0].length + ": every column needs one value a row");
            }
        }
        return columns;
    }

    private static String names(List<Objective.Column> columns) {
        return String.join(", ", columns.stream().map(Objective.Column::name).toList());
    }

    static ArrayObject parameterNames(Objective objective) {
        return new ArrayObject(objective.params().stream().map(Objective.Parameter::name).toArray());
    }

    @ExportMessage
    boolean hasLanguage() { return true; }

    @ExportMessage
    Class<? extends TruffleLanguage<?>> getLanguage() { return MleLanguage.class; }

    @ExportMessage
    @TruffleBoundary
    Object toDisplayString(@SuppressWarnings("unused") boolean allowSideEffects) {
        return "model " + objective.modelName();
    }
}
