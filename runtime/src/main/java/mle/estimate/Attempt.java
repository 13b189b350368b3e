package mle.estimate;

import mle.compiler.source.Diagnostic;

/** What a method answers: an optimum, or why not. */
public sealed interface Attempt permits Optimum, Attempt.Declined, Attempt.Refused {

    /** The method does not apply to these data (a design of deficient rank, a GLM whose optimum may not exist). */
    record Declined(String reason) implements Attempt {}

    /**
     * The fit cannot be made, by any method: said before any work where it can be.
     *
     * @param located the diagnostic at the statement to blame, or null
     */
    record Refused(Reason reason, String message, Diagnostic located) implements Attempt {
        public enum Reason {
            /** The objective is not a finite number at the start. */
            START_NOT_FINITE,
            /** The method would need more memory than the caller allows. */
            OVER_MEMORY_LIMIT,
            /** The model's structure is beyond what the method can do (random effects read in a way it cannot integrate). */
            UNSUPPORTED
        }
    }
}
