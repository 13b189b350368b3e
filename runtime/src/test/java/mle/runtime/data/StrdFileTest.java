package mle.runtime.data;

import mle.runtime.data.csv.CsvReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StrdFileTest {

    @BeforeAll
    static void theFilesAreThere() {
        assumeTrue(Files.isDirectory(StrdFile.root()), "NIST StRD files not found at " + StrdFile.root());
    }

    @Test
    void misra1a() {
        StrdFile f = StrdFile.nonlinear("Misra1a");
        assertEquals("Misra1a", f.name());
        assertTrue(f.nonlinear());
        assertEquals("Lower", f.difficulty());
        assertEquals("y = b1*(1-exp[-b2*x]) + e", f.model());
        assertEquals(List.of("b1", "b2"), f.parameters());
        assertArrayEquals(new double[] {500, 0.0001}, f.start(1));
        assertArrayEquals(new double[] {250, 0.0005}, f.start(2));
        assertArrayEquals(new double[] {2.3894212918E+02, 5.5015643181E-04}, f.certified());
        assertArrayEquals(new double[] {2.7070075241E+00, 7.2668688436E-06}, f.certifiedSd());
        assertEquals(1.2455138894E-01, f.residualSumOfSquares());
        assertEquals(1.0187876330E-01, f.residualSd());
        assertEquals(12, f.degreesOfFreedom());
        assertTrue(Double.isNaN(f.rSquared()));
        assertEquals(List.of("y", "x"), f.columns());
        assertEquals(14, f.observations());
        assertEquals(10.07, f.y()[0]);
        assertEquals(77.6, f.x()[0]);
        assertEquals(81.78, f.y()[13]);
        assertEquals(760.0, f.x()[13]);

        // The data reproduce the certified RSS at the certified estimates.
        double b1 = f.certified()[0], b2 = f.certified()[1], rss = 0;
        for (int i = 0; i < f.observations(); i++) {
            double r = f.y()[i] - b1 * (1 - Math.exp(-b2 * f.x()[i]));
            rss += r * r;
        }
        assertEquals(f.residualSumOfSquares(), rss, 1e-9 * rss);
    }

    @Test
    void norris() {
        StrdFile f = StrdFile.linear("Norris");
        assertEquals("Norris", f.name());
        assertTrue(!f.nonlinear());
        assertEquals("y = B0 + B1*x + e", f.model());
        assertEquals(List.of("B0", "B1"), f.parameters());
        assertNull(f.start1());
        assertArrayEquals(new double[] {-0.262323073774029, 1.00211681802045}, f.certified());
        assertArrayEquals(new double[] {0.232818234301152, 0.429796848199937E-03}, f.certifiedSd());
        assertEquals(0.884796396144373, f.residualSd());
        assertEquals(0.999993745883712, f.rSquared());
        assertEquals(26.6173985294224, f.residualSumOfSquares());
        assertEquals(34, f.degreesOfFreedom());
        assertEquals(36, f.observations());
        assertEquals(0.1, f.y()[0]);
        assertEquals(0.2, f.x()[0]);
        assertEquals(0.2, f.y()[35]);
        assertEquals(0.5, f.x()[35]);

        double rss = 0;
        for (int i = 0; i < f.observations(); i++) {
            double r = f.y()[i] - f.certified()[0] - f.certified()[1] * f.x()[i];
            rss += r * r;
        }
        assertEquals(f.residualSumOfSquares(), rss, 1e-9 * rss);
    }

    @Test
    void everyFileAgreesWithTheIndex() throws IOException {
        List<String> index = Files.readAllLines(StrdFile.root().resolve("index.csv"));
        int checked = 0;
        for (String row : index.subList(1, index.size())) {
            // kind,name,difficulty,n_observations,n_parameters,model (the model may contain commas)
            String[] f = row.split(",", 6);
            StrdFile file = f[0].equals("nonlinear") ? StrdFile.nonlinear(f[1]) : StrdFile.linear(f[1]);
            assertEquals(f[0].equals("nonlinear"), file.nonlinear(), f[1]);
            assertEquals(f[2], file.difficulty(), f[1]);
            assertEquals(Integer.parseInt(f[3]), file.observations(), f[1]);
            assertEquals(Integer.parseInt(f[4]), file.parameters().size(), f[1]);
            assertEquals(f[5], file.model(), f[1]);
            assertEquals("y", file.columns().getFirst(), f[1]);
            if (file.nonlinear()) {
                assertEquals(file.parameters().size(), file.start(1).length, f[1]);
                assertEquals(file.parameters().size(), file.start(2).length, f[1]);
            }
            checked++;
        }
        assertEquals(27 + 11, checked);
        assertEquals(27, StrdFile.all("nonlinear").size());
        assertEquals(11, StrdFile.all("linear").size());
        assertEquals(List.of("y", "x1", "x2"), StrdFile.nonlinear("Nelson").columns());
        assertEquals(7, StrdFile.linear("Longley").columns().size());
        assertEquals(9, StrdFile.nonlinear("Rat43").degreesOfFreedom(), "as NIST states it");
    }

    @Test
    void theMisra1aSampleHoldsTheNistData() {
        Path sample = Path.of(System.getProperty("mle.root", "..")).resolve("samples/misra1a/data.csv");
        assumeTrue(Files.exists(sample), "no " + sample);
        DataTable table = CsvReader.read(sample, List.of("x", "y"));
        StrdFile f = StrdFile.nonlinear("Misra1a");
        assertArrayEquals(f.x(), table.column("x"));
        assertArrayEquals(f.y(), table.column("y"));
        assertEquals(f.table().select(List.of("x", "y")), table);
    }
}
