package mle.runtime.data;

import org.junit.jupiter.api.Test;

import java.nio.DoubleBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTableTest {

    @Test
    void fromArraysIsACopy() {
        double[] x = {1, 2, 3};
        DataTable t = DataTable.of(List.of("x"), List.of(x));
        x[0] = 99;
        assertEquals(1.0, t.get("x", 0));
        double[] out = t.column("x");
        out[1] = 99;
        assertEquals(2.0, t.get("x", 1));
        assertEquals(3, t.rowCount());
        assertEquals(1, t.columnCount());
        assertNull(t.source());
        assertEquals(1, t.lineOf(0), "without a file, the 1-based row");
    }

    @Test
    void aViewIsReadOnly() {
        DataTable t = DataTable.of(List.of("x"), List.of(new double[] {1, 2}));
        DoubleBuffer view = t.columnView("x");
        assertEquals(2.0, view.get(1));
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, 5));
    }

    @Test
    void fromAMapKeepsItsOrder() {
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("y", new double[] {1});
        columns.put("x", new double[] {2});
        assertEquals(List.of("y", "x"), DataTable.of(columns).columnNames());
    }

    @Test
    void valuesMustBeFiniteAndColumnsEquallyLong() {
        DataException nan = assertThrows(DataException.class,
                () -> DataTable.of(List.of("x", "y"), List.of(new double[] {1, 2}, new double[] {1, Double.NaN})));
        assertEquals(DataException.Kind.MISSING_VALUE, nan.kind());
        assertEquals("y", nan.column());
        assertEquals(2, nan.line());
        assertTrue(nan.getMessage().startsWith("row 2, column `y`: "), nan.getMessage());
        DataException inf = assertThrows(DataException.class,
                () -> DataTable.of(List.of("x"), List.of(new double[] {Double.NEGATIVE_INFINITY})));
        assertEquals(DataException.Kind.NOT_FINITE, inf.kind());
        DataException ragged = assertThrows(DataException.class,
                () -> DataTable.of(List.of("x", "y"), List.of(new double[] {1, 2}, new double[] {1})));
        assertEquals(DataException.Kind.RAGGED_ROW, ragged.kind());
        DataException twice = assertThrows(DataException.class,
                () -> DataTable.of(List.of("sigma", "σ"), List.of(new double[] {1}, new double[] {1})));
        assertEquals(DataException.Kind.DUPLICATE_COLUMN, twice.kind());
    }

    @Test
    void lookupInEitherSpelling() {
        DataTable t = DataTable.of(List.of("σ", "x"), List.of(new double[] {1}, new double[] {2}));
        assertTrue(t.hasColumn("sigma"));
        assertArrayEquals(new double[] {1}, t.column("sigma"));
        assertThrows(IllegalArgumentException.class, () -> t.column("y"));
        assertEquals(List.of("x"), t.select(List.of("x")).columnNames());
    }

    @Test
    void equality() {
        DataTable a = DataTable.of(List.of("x"), List.of(new double[] {1, 2}));
        DataTable b = DataTable.of(List.of("x"), List.of(new double[] {1, 2}));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }
}
