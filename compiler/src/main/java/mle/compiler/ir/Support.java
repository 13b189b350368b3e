package mle.compiler.ir;

/** Where a distribution's variate, or one of its parameters, may lie. */
public enum Support {
    REAL("any real number", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false),
    POSITIVE("a number > 0", 0, Double.POSITIVE_INFINITY, false),
    UNIT_INTERVAL("a number in (0, 1)", 0, 1, false),
    BINARY("0 or 1", 0, 1, true),
    COUNT("a whole number ≥ 0", 0, Double.POSITIVE_INFINITY, true),
    /** Uniform's variate: between its first two arguments. */
    BETWEEN_ARGUMENTS("a number between the lower and upper arguments", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);

    /** For messages: "Poisson needs y to be a whole number ≥ 0". */
    public final String description;
    /** The open interval that contains the support (for integer supports, the closed range of values). */
    public final double lower;
    public final double upper;
    public final boolean integer;

    Support(String description, double lower, double upper, boolean integer) {
        this.description = description;
        this.lower = lower;
        this.upper = upper;
        this.integer = integer;
    }

    /** Whether a value is in the support (for BETWEEN_ARGUMENTS: any finite number; the arguments decide). */
    public boolean contains(double x) {
        if (!Double.isFinite(x)) return false;
        return switch (this) {
            case REAL, BETWEEN_ARGUMENTS -> true;
            case POSITIVE -> x > 0;
            case UNIT_INTERVAL -> x > 0 && x < 1;
            case BINARY -> x == 0 || x == 1;
            case COUNT -> x >= 0 && x == Math.rint(x);
        };
    }
}
