package mle.api;

/**
 * A fit refused before it started because its method would need more memory than the caller allows: about
 * {@link #needed()} bytes for {@link #what()}, above the {@link #limit()} the caller set.
 */
public final class MemoryLimitException extends RuntimeException {
    private final long needed, limit;
    private final String what;

    public MemoryLimitException(String message, long needed, long limit, String what) {
        super(message);
        this.needed = needed;
        this.limit = limit;
        this.what = what;
    }

    /** The estimate of what the method needs beyond the data, in bytes (−1 when not known, with the limit). */
    public long needed() { return needed; }

    /** The limit it is above, in bytes ({@link FitOptions#withMemoryLimit}). */
    public long limit() { return limit; }

    /** What needs it, in words: "a direct solve on the 20000×10001 design matrix". */
    public String what() { return what; }
}
