package mle.runtime.linear;

import static mle.runtime.linear.Design.dot;

import mle.compiler.interrupt.Interruption;
import mle.compiler.lower.LinearModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The MAP of a Gaussian linear model with Laplace and Gaussian priors on its coefficients (the lasso, ridge, the
 * elastic net), exactly: for a fixed σ, minimise ‖b − Xβ‖²/(2σ²) + Σ w_j|β_j − c_j| + Σ ½q_j(β_j − m_j)² by cyclic
 * coordinate descent with soft-thresholding (each coordinate's exact minimiser, so zeros are exact), then solve the
 * optimality conditions on the active set exactly (the coefficients away from their kinks, with their signs) and
 * check them: signs kept, and for every coefficient at its kink |∂(smooth part)/∂β_j| ≤ w_j (the certificate).
 * Where the check fails, descent resumes from the better point. With σ estimated, σ̂² = RSS/m (the priors do not
 * involve σ); the joint MAP is then found by a search of the profile over σ (below), each candidate finished by
 * alternating the two steps to their common fixed point.
 *
 * <p>Ours: glmnet-style coordinate descent is a few lines over the columns; the exact active-set finish and the
 * certificate are what make the answer exact, and no Java library has them.
 */
public final class PenalizedLeastSquares {
    static final int MAX_SWEEPS = 100_000;
    static final int MAX_ALTERNATIONS = 10_000;
    /** The certificate's slack for rounding: |∂ smooth/∂β_j| ≤ (1 + this)·w_j. */
    static final double CERTIFICATE_TOLERANCE = 1e-9;

    private PenalizedLeastSquares() {
    }

    /**
     * @param coefficients β̂ (exactly c_j where a Laplace prior holds it at its kink)
     * @param sigma        σ̂ (or the known σ)
     * @param rss          ‖b − Xβ̂‖²
     * @param active       whether β_j is away from its kink (always true for coefficients without a Laplace prior)
     * @param certificate  max over the coefficients at their kinks of |∂(smooth part)/∂β_j|/w_j (≤ 1 at the optimum;
     *                     0 when there are none)
     * @param sweeps       coordinate-descent sweeps in all
     * @param exact        whether the active-set solve confirmed the optimum (signs and certificate)
     * @param profileMinima with σ estimated, the local minima of the profile over σ that were found (the lowest is
     *                     the answer); 1 with σ known
     * @param sigmaToZero  the profile's lowest point is at the bottom of its grid, still falling: the MAP is at σ → 0
     *                     (the coefficients fit the data exactly), not attained
     */
    public record Solution(double[] coefficients, double sigma, double rss, boolean[] active, double certificate,
                           int sweeps, boolean exact, int profileMinima, boolean sigmaToZero) {}

    /**
     * @param knownSigma the scale when it is a constant, or NaN when it is estimated
     */
    public static Solution solve(Design d, LinearModel.Penalties pen, double knownSigma) {
        int m = d.rows, p = d.columns;
        double[][] x = new double[p][];
        double[] norms = new double[p];
        for (int j = 0; j < p; j++) {
            x[j] = d.hi[j];
            norms[j] = dot(x[j], x[j]);
        }
        double[] b = d.response();
        double[] start = pen.l1Center().clone();
        if (!Double.isNaN(knownSigma)) {
            State state = solveAt(x, norms, b, start, residuals(x, b, start), knownSigma, pen);
            double[] r = residuals(x, b, state.beta);
            return new Solution(state.beta, knownSigma, dot(r, r), state.active,
                    certificate(x, r, state.beta, knownSigma, pen, state.active), state.sweeps, state.exact, 1, false);
        }
        // σ estimated: the joint MAP need not be unique (a large σ that zeroes every penalised coefficient can be a
        // stationary point beside the sparse fit), so search the profile P(σ) = m·log σ + min_β [‖r‖²/(2σ²) +
        // penalty(β)] over σ on a log grid, refine each local minimum by golden section, and finish each by
        // alternating β̂(σ) and σ̂² = RSS/m to their common fixed point; keep the lowest.
        Profile profile = new Profile(x, norms, b, pen, m);
        double top = Math.sqrt(Math.max(dot(residuals(x, b, start), residuals(x, b, start)) / m, Double.MIN_NORMAL)) * 2;
        int grid = 61;
        double[] sigmas = new double[grid], values = new double[grid];
        double[][] betas = new double[grid][];
        double[] warm = start;
        for (int g = 0; g < grid; g++) {
            sigmas[g] = top * Math.pow(10, -7.0 * g / (grid - 1));
            State st = profile.at(sigmas[g], warm);
            betas[g] = st.beta;
            values[g] = profile.value(sigmas[g], st.beta);
            warm = st.beta;
        }
        Solution best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        int minima = 0, bestAt = -1;
        for (int g = 0; g < grid; g++) {
            boolean local = (g == 0 || values[g] <= values[g - 1]) && (g == grid - 1 || values[g] <= values[g + 1]);
            if (!local || !Double.isFinite(values[g])) continue;
            minima++;
            double lo = Math.log(sigmas[Math.min(g + 1, grid - 1)]), hi = Math.log(sigmas[Math.max(g - 1, 0)]);
            double logSigma = profile.goldenSection(lo, hi, betas[g]);
            Solution candidate = profile.alternate(Math.exp(logSigma), profile.at(Math.exp(logSigma), betas[g]).beta);
            double v = profile.value(candidate.sigma(), candidate.coefficients());
            if (v < bestValue) {
                bestValue = v;
                best = candidate;
                bestAt = g;
            }
        }
        return new Solution(best.coefficients(), best.sigma(), best.rss(), best.active(), best.certificate(),
                best.sweeps() + profile.sweeps, best.exact(), minima, bestAt == grid - 1);
    }

    /** The profile of the MAP over σ, with warm starts. */
    private static final class Profile {
        final double[][] x;
        final double[] norms, b;
        final LinearModel.Penalties pen;
        final int m;
        int sweeps;

        Profile(double[][] x, double[] norms, double[] b, LinearModel.Penalties pen, int m) {
            this.x = x;
            this.norms = norms;
            this.b = b;
            this.pen = pen;
            this.m = m;
        }

        State at(double sigma, double[] warm) {
            State st = solveAt(x, norms, b, warm, residuals(x, b, warm), sigma, pen);
            sweeps += st.sweeps;
            return st;
        }

        /** m·log σ + ‖r‖²/(2σ²) + penalty(β): the MAP objective up to constants. */
        double value(double sigma, double[] beta) {
            double[] r = residuals(x, b, beta);
            return m * Math.log(sigma) + dot(r, r) / (2 * sigma * sigma) + penalty(pen, beta);
        }

        /** The minimum of the profile over log σ in [lo, hi], to about 10⁻¹⁰ in log σ. */
        double goldenSection(double lo, double hi, double[] warm) {
            double phi = (Math.sqrt(5) - 1) / 2;
            double c = hi - phi * (hi - lo), d = lo + phi * (hi - lo);
            double[] wc = at(Math.exp(c), warm).beta, wd = at(Math.exp(d), warm).beta;
            double fc = value(Math.exp(c), wc), fd = value(Math.exp(d), wd);
            for (int i = 0; i < 200 && hi - lo > 1e-10; i++) {
                if (fc <= fd) {
                    hi = d;
                    d = c;
                    fd = fc;
                    wd = wc;
                    c = hi - phi * (hi - lo);
                    wc = at(Math.exp(c), wc).beta;
                    fc = value(Math.exp(c), wc);
                } else {
                    lo = c;
                    c = d;
                    fc = fd;
                    wc = wd;
                    d = lo + phi * (hi - lo);
                    wd = at(Math.exp(d), wd).beta;
                    fd = value(Math.exp(d), wd);
                }
            }
            return 0.5 * (lo + hi);
        }

        /** β̂(σ) and σ̂² = RSS/m alternated to their fixed point, from σ. */
        Solution alternate(double sigma, double[] warm) {
            State state = null;
            double[] beta = warm;
            double[] r = residuals(x, b, beta);
            for (int alternation = 0; alternation < MAX_ALTERNATIONS; alternation++) {
                state = at(sigma, beta);
                beta = state.beta;
                r = residuals(x, b, beta);
                double next = Math.sqrt(dot(r, r) / m);
                if (!(next > 0)) break;
                boolean settled = Math.abs(next - sigma) <= 1e-15 * sigma;
                sigma = next;
                if (settled) break;
            }
            return new Solution(beta, sigma, dot(r, r), state.active, certificate(x, r, beta, sigma, pen, state.active),
                    state.sweeps, state.exact, 1, false);
        }
    }

    /** Σ w_j|β_j − c_j| + Σ ½q_j(β_j − m_j)². */
    static double penalty(LinearModel.Penalties pen, double[] beta) {
        double s = 0;
        for (int j = 0; j < beta.length; j++) {
            s += pen.l1Weight()[j] * Math.abs(beta[j] - pen.l1Center()[j]);
            double dm = beta[j] - pen.l2Center()[j];
            s += 0.5 * pen.l2Precision()[j] * dm * dm;
        }
        return s;
    }

    private record State(double[] beta, boolean[] active, int sweeps, boolean exact) {}

    /** The exact minimiser for a fixed σ, from β (r = b − Xβ). */
    private static State solveAt(double[][] x, double[] norms, double[] b, double[] start, double[] r0, double sigma,
                                 LinearModel.Penalties pen) {
        int p = x.length;
        double[] beta = start.clone(), r = r0.clone();
        double s2 = sigma * sigma;
        int sweeps = 0;
        double tolerance = 1e-10;
        for (int round = 0; round < 8; round++, tolerance = Math.max(tolerance * 1e-2, 1e-16)) {
            // Coordinate descent, each round to a tighter tolerance when the active set was not yet right.
            double scale = Math.sqrt(Math.max(dot(b, b), Double.MIN_NORMAL));
            while (sweeps < MAX_SWEEPS) {
                Interruption.check("coordinate descent");
                sweeps++;
                double largest = 0;
                for (int j = 0; j < p; j++) {
                    if (norms[j] == 0) continue;
                    double a = norms[j] / s2 + pen.l2Precision()[j];
                    double rho = dot(x[j], r) / s2 + norms[j] / s2 * beta[j] + pen.l2Precision()[j] * pen.l2Center()[j];
                    double next = rho / a;
                    double w = pen.l1Weight()[j];
                    if (w > 0) next = pen.l1Center()[j] + softThreshold(next - pen.l1Center()[j], w / a);
                    double change = next - beta[j];
                    if (change != 0) {
                        for (int i = 0; i < r.length; i++) r[i] -= change * x[j][i];
                        beta[j] = next;
                        largest = Math.max(largest, Math.abs(change) * Math.sqrt(norms[j]));
                    }
                }
                if (largest <= tolerance * scale) break;
            }
            // The exact solve on the active set, then the check.
            boolean[] active = new boolean[p];
            for (int j = 0; j < p; j++) active[j] = pen.l1Weight()[j] == 0 || beta[j] != pen.l1Center()[j];
            double[] polished = activeSolve(x, b, beta, active, sigma, pen);
            if (polished != null) {
                double[] rp = residuals(x, b, polished);
                boolean signs = true;
                for (int j = 0; j < p && signs; j++) {
                    if (active[j] && pen.l1Weight()[j] > 0) {
                        signs = Math.signum(polished[j] - pen.l1Center()[j]) == Math.signum(beta[j] - pen.l1Center()[j]);
                    }
                }
                if (signs && certificate(x, rp, polished, sigma, pen, active) <= 1 + CERTIFICATE_TOLERANCE) {
                    return new State(polished, active, sweeps, true);
                }
            }
            if (sweeps >= MAX_SWEEPS) break;
        }
        boolean[] active = new boolean[p];
        for (int j = 0; j < p; j++) active[j] = pen.l1Weight()[j] == 0 || beta[j] != pen.l1Center()[j];
        return new State(beta, active, sweeps, false);
    }

    /**
     * The optimality conditions on the active set A, with the others at their kinks: for j ∈ A,
     * (X_AᵀX_A/σ² + diag q)β_A = X_Aᵀ(b − X_Ā c_Ā)/σ² + q∘m − w∘sign(β − c). Null when singular.
     */
    private static double[] activeSolve(double[][] x, double[] b, double[] beta, boolean[] active, double sigma,
                                        LinearModel.Penalties pen) {
        int p = x.length, m = b.length;
        int[] at = new int[p];
        int size = 0;
        for (int j = 0; j < p; j++) if (active[j]) at[size++] = j;
        double s2 = sigma * sigma;
        double[] fixed = b.clone();
        for (int j = 0; j < p; j++) {
            if (!active[j] && beta[j] != 0) for (int i = 0; i < m; i++) fixed[i] -= x[j][i] * beta[j];
        }
        DMatrixRMaj g = new DMatrixRMaj(size, size), rhs = new DMatrixRMaj(size, 1), out = new DMatrixRMaj(size, 1);
        for (int a = 0; a < size; a++) {
            int j = at[a];
            for (int c = a; c < size; c++) {
                double v = dot(x[j], x[at[c]]) / s2 + (a == c ? pen.l2Precision()[j] : 0);
                g.set(a, c, v);
                g.set(c, a, v);
            }
            double w = pen.l1Weight()[j];
            rhs.set(a, 0, dot(x[j], fixed) / s2 + pen.l2Precision()[j] * pen.l2Center()[j]
                    - (w > 0 ? w * Math.signum(beta[j] - pen.l1Center()[j]) : 0));
        }
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(size);
        if (size > 0 && !chol.setA(g)) return null;
        if (size > 0) chol.solve(rhs, out);
        double[] polished = beta.clone();
        for (int a = 0; a < size; a++) {
            if (!Double.isFinite(out.get(a, 0))) return null;
            polished[at[a]] = out.get(a, 0);
        }
        return polished;
    }

    /** max over the coefficients at their kinks of |∂(smooth part)/∂β_j| / w_j; 0 when there are none. */
    static double certificate(double[][] x, double[] r, double[] beta, double sigma, LinearModel.Penalties pen,
                              boolean[] active) {
        double worst = 0;
        for (int j = 0; j < x.length; j++) {
            if (active[j]) continue;
            double gradient = -dot(x[j], r) / (sigma * sigma) + pen.l2Precision()[j] * (beta[j] - pen.l2Center()[j]);
            worst = Math.max(worst, Math.abs(gradient) / pen.l1Weight()[j]);
        }
        return worst;
    }

    /** The smooth part's gradient −x_jᵀr/σ² + q_j(β_j − m_j), for every coefficient. */
    public static double[] smoothGradient(Design d, double[] beta, double sigma, LinearModel.Penalties pen) {
        int p = d.columns;
        double[][] x = new double[p][];
        for (int j = 0; j < p; j++) x[j] = d.hi[j];
        double[] r = residuals(x, d.response(), beta);
        double[] g = new double[p];
        for (int j = 0; j < p; j++) {
            g[j] = -dot(x[j], r) / (sigma * sigma) + pen.l2Precision()[j] * (beta[j] - pen.l2Center()[j]);
        }
        return g;
    }

    static double softThreshold(double z, double t) {
        return z > t ? z - t : z < -t ? z + t : 0;
    }

    static double[] residuals(double[][] x, double[] b, double[] beta) {
        double[] r = b.clone();
        for (int j = 0; j < x.length; j++) {
            if (beta[j] == 0) continue;
            for (int i = 0; i < r.length; i++) r[i] -= x[j][i] * beta[j];
        }
        return r;
    }
}
