package mle.runtime.linear;

import static mle.runtime.linear.Design.dot;

import java.util.Arrays;
import mle.compiler.interrupt.Interruption;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Least absolute deviations (median regression) solved exactly: the optimum of min Σ|yᵢ − xᵢᵀβ| is a vertex of the
 * linear program, a set B of p observations fitted exactly. This walks from vertex to vertex as the simplex method
 * does, in the way of Barrodale and Roberts: at a vertex, the subgradient weights dᴮ of the exactly fitted
 * observations solve X_Bᵀd = −Σ_{i∉B} sign(rᵢ)xᵢ; the vertex is optimal when every |d_k| ≤ 1 (the certificate);
 * otherwise observation k leaves the basis along the edge where its residual opens with the sign that lowers the
 * sum, and the step along that edge is a weighted median of the breakpoints where other residuals cross zero, whose
 * observation enters. The start is the vertex through the p observations that the least-squares fit comes closest
 * to. Each step costs one pass over X and two p×p solves.
 *
 * <p>Ours: no library at hand solves linear programs; the algorithm is textbook, the code written here.
 */
public final class LeastAbsoluteDeviations {
    /** Subgradient weights within this of ±1 count as inside [−1, 1] (rounding). */
    static final double CERTIFICATE_TOLERANCE = 1e-9;

    private LeastAbsoluteDeviations() {
    }

    /**
     * @param coefficients β̂
     * @param residuals    y − Xβ̂ (zero on the basis)
     * @param basis        the observations fitted exactly
     * @param weights      their subgradient weights, each in [−1, 1] at the optimum
     * @param iterations   vertex steps taken
     * @param optimal      whether the certificate holds (false: the step limit was reached)
     */
    public record Solution(double[] coefficients, double[] residuals, int[] basis, double[] weights, int iterations,
                           boolean optimal) {
        public double sumOfAbsoluteResiduals() {
            double s = 0;
            for (double r : residuals) s += Math.abs(r);
            return s;
        }

        /** max_k |d_k|: at most 1 at the optimum. */
        public double largestWeight() {
            double m = 0;
            for (double w : weights) m = Math.max(m, Math.abs(w));
            return m;
        }
    }

    /** The exact LAD fit, or null when the design has fewer than p independent rows. */
    public static Solution solve(Design d, double[] leastSquaresStart) {
        int m = d.rows, p = d.columns;
        double[] y = new double[m];
        for (int i = 0; i < m; i++) y[i] = d.bHi[i] + d.bLo[i];
        double[][] x = new double[m][p];
        for (int i = 0; i < m; i++) for (int j = 0; j < p; j++) x[i][j] = d.hi[j][i];
        int[] basis = startingBasis(x, residuals(x, y, leastSquaresStart), p);
        if (basis == null) return null;
        boolean[] inBasis = new boolean[m];
        for (int i : basis) inBasis[i] = true;
        double[] beta = solveBasis(x, y, basis);
        double[] r = residuals(x, y, beta);
        double[] weights = new double[p];
        int limit = 50 * (m + p);
        for (int iteration = 0; iteration < limit; iteration++) {
            Interruption.check("the median regression's simplex method");
            for (int i : basis) r[i] = 0;
            LinearSolverDense<DMatrixRMaj> lu = factor(x, basis, false), luT = factor(x, basis, true);
            // d solves X_Bᵀ d = −g, with g = Σ_{i∉B} sign(rᵢ) xᵢ.
            double[] g = new double[p];
            for (int i = 0; i < m; i++) {
                if (inBasis[i] || r[i] == 0) continue;
                double s = Math.signum(r[i]);
                for (int j = 0; j < p; j++) g[j] += s * x[i][j];
            }
            double[] dWeights = solve(luT, g);
            for (int k = 0; k < p; k++) dWeights[k] = -dWeights[k];
            System.arraycopy(dWeights, 0, weights, 0, p);
            Integer[] order = new Integer[p];
            for (int k = 0; k < p; k++) order[k] = k;
            Arrays.sort(order, (a, b) -> Double.compare(Math.abs(dWeights[b]), Math.abs(dWeights[a])));
            boolean moved = false;
            for (int k : order) {
                if (!(Math.abs(dWeights[k]) > 1 + CERTIFICATE_TOLERANCE)) break;
                // The edge: basic observation k opens with sign σ, the others stay exact: X_B δ = σ·e_k.
                double sigma = -Math.signum(dWeights[k]);
                double[] e = new double[p];
                e[k] = sigma;
                double[] delta = solve(lu, e);
                double[] a = new double[m];
                double slope = 1 - Math.abs(dWeights[k]);
                int breakpoints = 0;
                int[] at = new int[m];
                double[] t = new double[m];
                for (int i = 0; i < m; i++) {
                    if (inBasis[i]) continue;
                    double ai = 0;
                    for (int j = 0; j < p; j++) ai += x[i][j] * delta[j];
                    a[i] = ai;
                    if (ai == 0) continue;
                    if (r[i] == 0) {
                        slope += Math.abs(ai);
                    } else if (r[i] / ai > 0) {
                        at[breakpoints] = i;
                        t[i] = r[i] / ai;
                        breakpoints++;
                    }
                }
                if (slope >= 0) continue;   // a degenerate vertex: this edge does not descend
                Integer[] cross = new Integer[breakpoints];
                for (int b = 0; b < breakpoints; b++) cross[b] = at[b];
                Arrays.sort(cross, (u, v) -> Double.compare(t[u], t[v]));
                int entering = -1;
                for (int i : cross) {
                    slope += 2 * Math.abs(a[i]);
                    if (slope >= 0) {
                        entering = i;
                        break;
                    }
                }
                if (entering < 0) continue;   // cannot happen for a sum of absolute values; be safe
                inBasis[basis[k]] = false;
                basis[k] = entering;
                inBasis[entering] = true;
                beta = solveBasis(x, y, basis);
                r = residuals(x, y, beta);
                moved = true;
                break;
            }
            if (!moved) {
                for (int i : basis) r[i] = 0;
                return new Solution(beta, r, basis.clone(), weights.clone(), iteration, true);
            }
        }
        for (int i : basis) r[i] = 0;
        return new Solution(beta, r, basis.clone(), weights.clone(), limit, false);
    }

    /**
     * The covariance of median-regression coefficients as statsmodels' QuantReg computes it by default (at the
     * median its "robust" and "iid" forms agree): (1/f̂(0))²·¼·(XᵀX)⁻¹, the Koenker–Bassett form, where f̂(0) is an
     * Epanechnikov kernel estimate of the residuals' density at 0, (1/(n·h))·Σ K(eᵢ/h), with the Hall–Sheather
     * bandwidth at τ = ½ rescaled as statsmodels does: h = min(sd(y), IQR(e)/1.34)·(Φ⁻¹(½ + h_HS) − Φ⁻¹(½ − h_HS)).
     *
     * @param residuals the residuals e at the optimum
     * @param response  the response y (for its standard deviation, divided by n)
     * @param xtxInverse (XᵀX)⁻¹
     * @return the covariance of the coefficients (NaN where there are too few rows for the bandwidth, as statsmodels)
     */
    public static double[][] covariance(double[] residuals, double[] response, double[][] xtxInverse) {
        int n = residuals.length, p = xtxInverse.length;
        org.apache.commons.math3.distribution.NormalDistribution normal =
                new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);
        double alpha = 0.05, z = normal.inverseCumulativeProbability(0.5);
        double density = normal.density(z);
        double hallSheather = Math.pow(n, -1.0 / 3) * Math.pow(normal.inverseCumulativeProbability(1 - alpha / 2), 2.0 / 3)
                * Math.cbrt(1.5 * density * density / (2 * z * z + 1));
        if (!(hallSheather < 0.5)) {
            // Too few rows (n ≤ 4) for the bandwidth: Φ⁻¹(½ + h) does not exist, and the standard errors are undefined.
            double[][] nan = new double[p][p];
            for (double[] row : nan) Arrays.fill(row, Double.NaN);
            return nan;
        }
        double[] sorted = residuals.clone();
        Arrays.sort(sorted);
        double iqr = percentile(sorted, 0.75) - percentile(sorted, 0.25);
        double h = Math.min(populationSd(response), iqr / 1.34)
                * (normal.inverseCumulativeProbability(0.5 + hallSheather) - normal.inverseCumulativeProbability(0.5 - hallSheather));
        double sum = 0;
        for (double e : residuals) {
            double u = e / h;
            if (Math.abs(u) <= 1) sum += 0.75 * (1 - u * u);
        }
        double f0 = sum / (n * h);
        double factor = 0.25 / (f0 * f0);
        double[][] cov = new double[p][p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) cov[i][j] = factor * xtxInverse[i][j];
        return cov;
    }

    /** The q-th quantile of sorted values with linear interpolation between order statistics (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double position = (sorted.length - 1) * q;
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static double populationSd(double[] v) {
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return Math.sqrt(ss / v.length);
    }

    /** The p observations with the smallest |r| whose rows are independent (by Gram–Schmidt), or null. */
    static int[] startingBasis(double[][] x, double[] r, int p) {
        int m = x.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(r[a]), Math.abs(r[b])));
        double[][] q = new double[p][];
        int[] basis = new int[p];
        int found = 0;
        for (int i : order) {
            if (found == p) break;
            double[] v = x[i].clone();
            double norm0 = norm(v);
            if (norm0 == 0) continue;
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < found; k++) {
                    double c = dot(q[k], v);
                    for (int j = 0; j < v.length; j++) v[j] -= c * q[k][j];
                }
            }
            double norm = norm(v);
            if (norm <= 1e-10 * norm0) continue;
            for (int j = 0; j < v.length; j++) v[j] /= norm;
            q[found] = v;
            basis[found++] = i;
        }
        return found == p ? basis : null;
    }

    private static double[] residuals(double[][] x, double[] y, double[] beta) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double s = y[i];
            for (int j = 0; j < beta.length; j++) s -= x[i][j] * beta[j];
            r[i] = s;
        }
        return r;
    }

    /** LU of X_B (rows: the basis's observations), or of its transpose. */
    private static LinearSolverDense<DMatrixRMaj> factor(double[][] x, int[] basis, boolean transposed) {
        int p = basis.length;
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        for (int k = 0; k < p; k++) {
            for (int j = 0; j < p; j++) {
                if (transposed) a.set(j, k, x[basis[k]][j]);
                else a.set(k, j, x[basis[k]][j]);
            }
        }
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(p);
        if (!lu.setA(a)) throw new IllegalStateException("a basis of the LAD fit is singular");
        return lu;
    }

    /** β with X_B β = y_B. */
    private static double[] solveBasis(double[][] x, double[] y, int[] basis) {
        double[] yb = new double[basis.length];
        for (int k = 0; k < basis.length; k++) yb[k] = y[basis[k]];
        return solve(factor(x, basis, false), yb);
    }

    private static double[] solve(LinearSolverDense<DMatrixRMaj> lu, double[] rhs) {
        DMatrixRMaj b = new DMatrixRMaj(rhs.length, 1, true, rhs), out = new DMatrixRMaj(rhs.length, 1);
        lu.solve(b, out);
        return out.getData().clone();
    }

    private static double norm(double[] v) { return Math.sqrt(dot(v, v)); }
}
