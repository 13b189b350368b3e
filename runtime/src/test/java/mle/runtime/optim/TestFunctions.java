package mle.runtime.optim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import mle.runtime.ObjectiveFunction;

/** Objectives with exact gradients and Hessians, written by hand for the optimiser tests. */
final class TestFunctions {
    private TestFunctions() {
    }

    /** Base class: value() through valueAndGradient(), Hessian unsupported unless overridden. */
    abstract static class Base implements ObjectiveFunction {
        @Override
        public double value(double[] u) {
            return valueAndGradient(u, new double[dimension()]);
        }

        @Override
        public void hessian(double[] u, double[][] h) {
            throw new UnsupportedOperationException("no Hessian");
        }
    }

    /** The chained Rosenbrock function Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
    static ObjectiveFunction rosenbrock(int n) {
        return new Base() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                java.util.Arrays.fill(g, 0);
                double f = 0;
                for (int i = 0; i < n - 1; i++) {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    f += 100 * a * a + b * b;
                    g[i] += -400 * a * x[i] - 2 * b;
                    g[i + 1] += 200 * a;
                }
                return f;
            }

            @Override
            public void hessian(double[] x, double[][] h) {
                for (double[] row : h) {
                    java.util.Arrays.fill(row, 0);
                }
                for (int i = 0; i < n - 1; i++) {
                    h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
                    h[i][i + 1] += -400 * x[i];
                    h[i + 1][i] += -400 * x[i];
                    h[i + 1][i + 1] += 200;
                }
            }
        };
    }

    /**
     * The extended Rosenbrock function of Moré, Garbow and Hillstrom (n even): Σ over pairs
     * 100(x_{2i} − x_{2i−1}²)² + (1 − x_{2i−1})², unique minimum 0 at (1, …, 1).
     */
    static ObjectiveFunction extendedRosenbrock(int n) {
        return new Base() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double f = 0;
                for (int i = 0; i < n; i += 2) {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    f += 100 * a * a + b * b;
                    g[i] = -400 * a * x[i] - 2 * b;
                    g[i + 1] = 200 * a;
                }
                return f;
            }

            @Override
            public void hessian(double[] x, double[][] h) {
                for (double[] row : h) {
                    java.util.Arrays.fill(row, 0);
                }
                for (int i = 0; i < n; i += 2) {
                    h[i][i] = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
                    h[i][i + 1] = h[i + 1][i] = -400 * x[i];
                    h[i + 1][i + 1] = 200;
                }
            }
        };
    }

    /**
     * A correlated quadratic whose two parameters live on scales 1 and 10⁶: f = ½ zᵀAz, z = (u₁ − 1,
     * (u₂ − 2·10⁶)/10⁶), A = [[2, 1], [1, 2]]. Minimum 0 at (1, 2·10⁶).
     */
    static ObjectiveFunction badlyScaledQuadratic() {
        return new Base() {
            static final double S = 1e6;

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double valueAndGradient(double[] u, double[] g) {
                double z1 = u[0] - 1;
                double z2 = (u[1] - 2 * S) / S;
                double a1 = 2 * z1 + z2;
                double a2 = z1 + 2 * z2;
                g[0] = a1;
                g[1] = a2 / S;
                return 0.5 * (z1 * a1 + z2 * a2);
            }

            @Override
            public void hessian(double[] u, double[][] h) {
                h[0][0] = 2;
                h[0][1] = h[1][0] = 1 / S;
                h[1][1] = 2 / (S * S);
            }
        };
    }

    /** NIST StRD Misra1a as ½·RSS: y = b1·(1 − exp(−b2·x)), data from the test resource strd/Misra1a.csv. */
    static ObjectiveFunction misra1a() {
        double[][] data = readCsv("/strd/Misra1a.csv");
        double[] y = data[0];
        double[] x = data[1];
        return new Base() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double valueAndGradient(double[] b, double[] g) {
                double f = 0, g1 = 0, g2 = 0;
                for (int i = 0; i < x.length; i++) {
                    double e = Math.exp(-b[1] * x[i]);
                    double r = y[i] - b[0] * (1 - e);
                    f += 0.5 * r * r;
                    g1 -= r * (1 - e);
                    g2 -= r * b[0] * x[i] * e;
                }
                g[0] = g1;
                g[1] = g2;
                return f;
            }

            @Override
            public void hessian(double[] b, double[][] h) {
                double h11 = 0, h12 = 0, h22 = 0;
                for (int i = 0; i < x.length; i++) {
                    double e = Math.exp(-b[1] * x[i]);
                    double r = y[i] - b[0] * (1 - e);
                    double j1 = 1 - e;
                    double j2 = b[0] * x[i] * e;
                    h11 += j1 * j1;
                    h12 += j1 * j2 - r * x[i] * e;
                    h22 += j2 * j2 + r * b[0] * x[i] * x[i] * e;
                }
                h[0][0] = h11;
                h[0][1] = h[1][0] = h12;
                h[1][1] = h22;
            }
        };
    }

    /** Columns of a small numeric CSV resource with a header line. */
    static double[][] readCsv(String resource) {
        try (InputStream in = TestFunctions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = r.readLine();
            int cols = header.split(",").length;
            List<double[]> rows = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(",");
                double[] row = new double[cols];
                for (int j = 0; j < cols; j++) {
                    row[j] = Double.parseDouble(parts[j].trim());
                }
                rows.add(row);
            }
            double[][] out = new double[cols][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < cols; j++) {
                    out[j][i] = rows.get(i)[j];
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Log relative error as defined by NIST StRD, capped at {@code cap} digits. */
    static double lre(double x, double certified, double cap) {
        if (x == certified) {
            return cap;
        }
        double v = certified == 0 ? -Math.log10(Math.abs(x)) : -Math.log10(Math.abs(x - certified)
                / Math.abs(certified));
        if (Double.isNaN(v) || v < 1) {
            return 0;
        }
        return Math.min(cap, v);
    }
}
