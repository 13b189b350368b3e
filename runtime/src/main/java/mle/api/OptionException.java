package mle.api;

/**
 * A value the caller gave that the model cannot take: a start outside its constraint, an unknown parameter or
 * constant, a value given twice. The command line reports it as bad usage (exit 64); any other exception from a
 * fit is a bug, reported as one.
 */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }
}
