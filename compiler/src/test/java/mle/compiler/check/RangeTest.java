package mle.compiler.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RangeTest {
    @Test
    void positiveTimesPositiveIsPositive() {
        assertTrue(Range.POSITIVE.multiply(Range.POSITIVE).above(0));
        assertTrue(Range.POSITIVE.multiply(Range.exactly(2)).above(0));
    }

    @Test
    void aSumWithAnUnboundedTermCanBeNegative() {
        assertFalse(Range.POSITIVE.add(Range.REAL).above(0));
        assertTrue(Range.POSITIVE.add(Range.NON_NEGATIVE).above(0));
    }

    @Test
    void squaresAreNonNegativeButNotPositive() {
        Range square = Range.REAL.power(Range.exactly(2));
        assertFalse(square.above(0));
        assertTrue(square.within(Range.NON_NEGATIVE));
        assertTrue(square.add(Range.exactly(1)).above(0), "x² + 1 > 0");
    }

    @Test
    void reciprocalsKeepTheSign() {
        assertTrue(Range.POSITIVE.reciprocal().above(0));
        assertFalse(Range.REAL.reciprocal().above(0));
    }

    @Test
    void intervalsNestStrictly() {
        Range unit = Range.UNIT;
        assertTrue(new Range(0.2, true, 0.8, true).within(unit));
        assertFalse(new Range(0, false, 1, true).within(unit), "[0, 1) is not inside (0, 1)");
        assertTrue(unit.within(new Range(0, false, 1, false)));
    }
}
