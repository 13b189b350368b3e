package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mle.api.MemoryLimitException;
import org.junit.jupiter.api.Test;

/** A fit refused for memory says which heap holds it: what the data hold, what the fit needs, and room for the collector. */
class MemoryAdviceTest {
    private static final long MB = 1L << 20;

    @Test
    void namesAHeapThatHoldsTheDataAndTheFit() {
        // A 6,028 MB heap with 4,119 MB left (1,909 MB held by the data), and 6,104 MB needed: (1,909 + 6,104)·1.25 =
        // 10,016 MB, 9.78 GB, so 10 GB.
        MemoryLimitException e = new MemoryLimitException("unused", 6104 * MB, 4119 * MB, "a direct solve on the 20000×10001 design matrix");
        String advice = DataOptions.memoryAdvice(e, 6028 * MB);
        assertEquals("this fit needs about 6104 MB for a direct solve on the 20000×10001 design matrix, more than the 4119 MB "
                + "the JVM's heap has left beside the data; give it a heap of 10 GB: MLE_JAVA_OPTS=-Xmx10g mle ...", advice);
    }

    @Test
    void aSmallFitIsAdvisedAtLeastOneGb() {
        MemoryLimitException e = new MemoryLimitException("unused", 20 * MB, 4 * MB, "a direct solve on the 800×400 design matrix");
        assertTrue(DataOptions.memoryAdvice(e, 16 * MB).endsWith("give it a heap of 1 GB: MLE_JAVA_OPTS=-Xmx1g mle ..."));
    }

    @Test
    void withoutAnEstimateTheLimitIsNamed() {
        MemoryLimitException e = new MemoryLimitException("this fit needs more", -1, -1, null);
        assertEquals("this fit needs more (the limit is what the JVM's heap has left; MLE_JAVA_OPTS=-Xmx… raises it)",
                DataOptions.memoryAdvice(e, 6028 * MB));
    }
}
