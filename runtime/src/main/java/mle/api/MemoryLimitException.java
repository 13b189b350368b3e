package mle.api;

/** A fit refused before it started because its method would need more memory than the caller allows. */
public final class MemoryLimitException extends RuntimeException {
    public MemoryLimitException(String message) { super(message); }
}
