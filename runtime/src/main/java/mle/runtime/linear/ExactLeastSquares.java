package mle.runtime.linear;

import mle.compiler.interrupt.Interruption;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.qr.QRDecompositionHouseholderColumn_MT_DDRM;

/**
 * Linear least squares solved directly: Householder QR of the column-scaled design (EJML), then iterative refinement
 * of the augmented system [I X; Xᵀ 0]·[r; β] = [b; 0] (Björck 1967) with the residuals of both equations computed in
 * double-double from the double-double design. Each step costs two passes over X and converges by a factor of about
 * ε·cond(X) a step, so designs as ill-conditioned as NIST's Filip (cond ≈ 5·10⁹ after scaling) come out correct to
 * the last digits of a double, where plain QR gives about 7. The covariance (XᵀX)⁻¹ is refined the same way, one
 * column at a time, for up to {@link #REFINED_COVARIANCE_LIMIT} columns.
 *
 * <p>A tall, well-conditioned design goes to {@link TallLeastSquares} first, which reaches the same solution from
 * exact normal equations in two passes; a wide one (over {@link #REFINED_COVARIANCE_LIMIT} columns) to {@link
 * SemiNormalLeastSquares}, from a Cholesky factorisation of XᵀX.
 *
 * <p>Ours: EJML factors, but nothing in the libraries at hand refines a least-squares solution in extended precision.
 */
public final class ExactLeastSquares {
    /** Above this many columns the covariance is R⁻¹R⁻ᵀ in double, unrefined (refining it costs p·n·p). */
    static final int REFINED_COVARIANCE_LIMIT = 300;
    static final int MAX_REFINEMENTS = 30;
    /** A diagonal of R below this fraction of the largest (after scaling) means a column depends on the others. */
    static final double RANK_TOLERANCE = 1e-13;

    private ExactLeastSquares() {
    }

    /**
     * @param coefficients β̂, by column
     * @param rss          the residual sum of squares, from the double-double residuals
     * @param covariance   (XᵀX)⁻¹ (NaN when the design is rank deficient)
     * @param refinements  refinement steps of the solution
     * @param refined      whether the refinement converged (false: the design is too ill-conditioned for it, and the
     *                     solution is plain QR's)
     * @param dependentColumn the first column that is a linear combination of the earlier ones, or −1 (then the
     *                    other fields are NaN)
     * @param conditionEstimate max|Rᵢᵢ|/min|Rᵢᵢ| of the scaled design: a lower bound on its condition number
     * @param gram        XᵀX (from RᵀR, in double): the curvature, for diagnostics
     * @param method      how it was solved, for the fit's message: "Householder QR of the design" or the normal equations
     */
    public record Solution(double[] coefficients, double rss, double[][] covariance, int refinements, boolean refined,
                           int dependentColumn, double conditionEstimate, double[][] gram, String method) {
        /** The method's short name, as a fit's phases name it: "QR" or "normal equations". */
        public String phase() { return method.equals(QR) ? "QR" : "normal equations"; }
    }

    static final String QR = "Householder QR of the design";

    /**
     * The power of two nearest a column's norm, from its squared norm: dividing by it scales the column's norm near 1
     * exactly, nothing rounded (1 for a column of zeros or one that overflows).
     */
    public static double columnScale(double squaredNorm) {
        return squaredNorm > 0 && Double.isFinite(squaredNorm) ? Math.scalb(1.0, Math.getExponent(Math.sqrt(squaredNorm))) : 1;
    }

    public static Solution solve(Design d) {
        int m = d.rows, p = d.columns;
        // Fewer rows than columns: column m depends on the ones before it, whatever the data.
        if (m < p) return deficient(d, p, m);
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) scale[j] = columnScale(Design.dot(d.hi[j], d.hi[j]));
        // A tall, well-conditioned design (a regression on a large table) is solved from exact normal equations.
        if (TallLeastSquares.suits(d)) {
            Solution tall = TallLeastSquares.solve(d, scale);
            if (tall != null) return tall;
        }
        // A wide, well-conditioned design: the corrected semi-normal equations reach the same solution in less time.
        if (SemiNormalLeastSquares.suits(d)) {
            Solution wide = SemiNormalLeastSquares.solve(d, scale);
            if (wide != null) return wide;
        }
        return byQr(d, scale);
    }

    /** The solution by QR with refinement, whatever the design's shape ({@code scale} from {@link #columnScale}). */
    static Solution byQr(Design d, double[] scale) {
        int m = d.rows, p = d.columns;
        // Q is kept as its Householder reflectors and applied in O(m·p), never formed: forming it costs more than the
        // factorisation and two more m×p copies.
        ScaledQr qr = new ScaledQr(d, scale);
        // EJML's Householder QR gives up on some rank-deficient designs (two equal columns): the same answer as a
        // tiny diagonal of R, a column that depends on the others.
        // Its columns' reflections run on all cores and end, interrupted, in EJML's InterruptedException: a step.
        if (!DenseStep.run("the QR decomposition of the " + m + "×" + p + " design", 0, qr::decompose)) return deficient(d, p, 0);
        DMatrixRMaj rMatrix = qr.getR(null, true);
        double[] r = rMatrix.data;   // row-major: R[i][j] is r[i * p + j]
        Scaled s = new Scaled(d, scale, new Reflectors(qr.getQR(), qr.getGammas(), m, p), rMatrix);

        double maxDiag = 0, minDiag = Double.POSITIVE_INFINITY;
        for (int j = 0; j < p; j++) {
            maxDiag = Math.max(maxDiag, Math.abs(r[j * p + j]));
            minDiag = Math.min(minDiag, Math.abs(r[j * p + j]));
        }
        int dependent = -1;
        for (int j = 0; j < p && dependent < 0; j++) {
            if (!(Math.abs(r[j * p + j]) > RANK_TOLERANCE * maxDiag)) dependent = j;
        }
        double condition = p == 0 ? 1 : maxDiag / minDiag;
        if (dependent >= 0) return deficient(d, p, dependent);
        Refinement fit = s.refine(d.bHi, d.bLo, -1);
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) beta[j] = fit.zValue(j) / scale[j];
        double rss = fit.residualSumOfSquares();
        double[][] cov = new double[p][p];
        if (p <= REFINED_COVARIANCE_LIMIT) {
            for (int k = 0; k < p; k++) {
                Refinement column = s.refine(null, null, k);
                for (int j = 0; j < p; j++) cov[j][k] = column.zValue(j) / (scale[j] * scale[k]);
            }
            for (int i = 0; i < p; i++) for (int j = 0; j < i; j++) cov[i][j] = cov[j][i] = 0.5 * (cov[i][j] + cov[j][i]);
        } else {
            // The reflectors (an m×p array) are done with: let them go before three p×p matrices are made.
            qr = null;
            s.qt = null;
            // (AᵀA)⁻¹ = R⁻¹R⁻ᵀ: the triangular inverse by rows, then the symmetric product of triangles.
            double[][] c = timesOwnTranspose(upperInverse(rMatrix));
            for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) cov[i][j] = c[i][j] / (scale[i] * scale[j]);
        }
        return new Solution(beta, rss, cov, fit.steps, fit.converged, -1, condition, s.gram(), QR);
    }

    /**
     * R⁻¹ of an upper-triangular R, one row at a time from the last: row i of R⁻¹ is (eᵢ − Σₖ₍ₖ₎ Rᵢₖ·row k of R⁻¹)/Rᵢᵢ
     * over k > i, so every pass reads whole rows. EJML's triangular inverse walks columns of a row-major array and is
     * several times slower on large matrices (measured here: 2.6 times at 5,000 columns, more as rows outgrow the caches).
     */
    static DMatrixRMaj upperInverse(DMatrixRMaj r) {
        int p = r.numRows;
        double[] a = r.data;
        DMatrixRMaj inverse = new DMatrixRMaj(p, p);
        double[] v = inverse.data;
        for (int i = p - 1; i >= 0; i--) {
            int row = i * p;
            v[row + i] = 1;
            for (int k = i + 1; k < p; k++) {
                double rik = a[row + k];
                if (rik == 0) continue;
                int from = k * p;
                for (int j = k; j < p; j++) v[row + j] -= rik * v[from + j];
            }
            double d = a[row + i];
            for (int j = i; j < p; j++) v[row + j] /= d;
        }
        return inverse;
    }

    /**
     * UUᵀ of an upper-triangular U: entry (i, j), j ≥ i, is the dot product of rows i and j from column j on, so
     * only the triangles are read and only the upper half is computed (p³/6 multiplications where a general product
     * makes p³), then mirrored; on every core.
     */
    static double[][] timesOwnTranspose(DMatrixRMaj u) {
        int p = u.numRows;
        double[] a = u.data;
        double[][] c = new double[p][p];
        onEveryCore(p, i -> {
            int rowI = i * p;
            for (int j = i; j < p; j++) {
                int rowJ = j * p;
                double sum = 0;
                for (int k = j; k < p; k++) sum += a[rowI + k] * a[rowJ + k];
                c[i][j] = sum;
            }
        });
        for (int i = 0; i < p; i++) for (int j = 0; j < i; j++) c[i][j] = c[j][i];
        return c;
    }

    /**
     * Runs {@code row} for 0 ≤ i < p on every core, row t together with row p − 1 − t: the work of a row of a
     * triangle falls (or grows) with i, so each pair is about the same work and the cores finish together.
     */
    static void onEveryCore(int p, java.util.function.IntConsumer row) {
        java.util.stream.IntStream.range(0, (p + 1) / 2).parallel().forEach(t -> {
            row.accept(t);
            if (p - 1 - t != t) row.accept(p - 1 - t);
        });
    }

    /** XᵀX in double, from the design's columns. */
    public static double[][] gram(Design d) {
        int p = d.columns;
        double[][] g = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int c = a; c < p; c++) g[a][c] = g[c][a] = Design.dot(d.hi[a], d.hi[c]);
        }
        return g;
    }

    /**
     * The thin Q of a Householder QR as its reflectors Hⱼ = I − γⱼuⱼuⱼᵀ (uⱼ zero above j, 1 at j, EJML's column
     * storage below), Q = H₀H₁…H_{p−1}: Qᵀv and Q·[d; 0] in O(m·p) each.
     */
    static final class Reflectors {
        private final double[][] qr;
        private final double[] gammas;
        private final int m, p;

        Reflectors(double[][] qr, double[] gammas, int m, int p) {
            this.qr = qr;
            this.gammas = gammas;
            this.m = m;
            this.p = p;
        }

        private void reflect(int j, double[] v) {
            double[] u = qr[j];
            double s = v[j];
            for (int i = j + 1; i < m; i++) s += u[i] * v[i];
            s *= gammas[j];
            v[j] -= s;
            for (int i = j + 1; i < m; i++) v[i] -= s * u[i];
        }

        /** The first p entries of Qᵀv. */
        double[] transposeTimes(double[] v) {
            double[] w = v.clone();
            for (int j = 0; j < p; j++) reflect(j, w);
            return java.util.Arrays.copyOf(w, p);
        }

        /** Q₁·d: Q applied to d padded with zeros. */
        double[] times(double[] d) {
            double[] w = new double[m];
            System.arraycopy(d, 0, w, 0, p);
            for (int j = p - 1; j >= 0; j--) reflect(j, w);
            return w;
        }
    }

    /**
     * EJML's column Householder QR, its reflections applied to the columns on all cores (each column by one thread,
     * so the result does not depend on their number), fed the scaled design's columns straight from the design: no
     * row-major copy of an m×p matrix just to hand it over.
     */
    private static final class ScaledQr extends QRDecompositionHouseholderColumn_MT_DDRM {
        private final Design d;
        private final double[] scale;

        ScaledQr(Design d, double[] scale) {
            this.d = d;
            this.scale = scale;
        }

        boolean decompose() {
            // Only the shape of this matrix is read: convertToColumnMajor below fills the factorisation's storage.
            DMatrixRMaj shape = new DMatrixRMaj(1, 1);
            shape.numRows = d.rows;
            shape.numCols = d.columns;
            return decompose(shape);
        }

        @Override
        protected void convertToColumnMajor(DMatrixRMaj ignored) {
            for (int j = 0; j < numCols; j++) {
                double[] column = dataQR[j], x = d.hi[j];
                double s = scale[j];
                for (int i = 0; i < numRows; i++) column[i] = x[i] / s;
            }
        }
    }

    /** No unique solution: the design's column {@code dependent} is a combination of the columns before it. */
    private static Solution deficient(Design d, int p, int dependent) {
        double[] nanVector = new double[p];
        double[][] nan = new double[p][p];
        java.util.Arrays.fill(nanVector, Double.NaN);
        for (double[] row : nan) java.util.Arrays.fill(row, Double.NaN);
        return new Solution(nanVector, Double.NaN, nan, 0, false, dependent, Double.POSITIVE_INFINITY, nan, QR);
    }

    /** The state of one refinement: z in double-double, the residual r in double-double. */
    private static final class Refinement {
        final double[] zh, zl, rh, rl;
        int steps;
        boolean converged;

        Refinement(int m, int p) {
            zh = new double[p];
            zl = new double[p];
            rh = new double[m];
            rl = new double[m];
        }

        double zValue(int j) { return zh[j] + zl[j]; }

        double residualSumOfSquares() {
            DoubleDouble.Accumulator acc = new DoubleDouble.Accumulator();
            for (int i = 0; i < rh.length; i++) acc.addProduct(rh[i], rl[i], rh[i], rl[i]);
            return acc.value();
        }
    }

    /** The scaled design A = X·diag(1/scale) with its thin QR factors. */
    private static final class Scaled {
        final Design d;
        final double[] scale;
        Reflectors qt;
        final DMatrixRMaj rMatrix;
        final double[] r;
        final int m, p;

        Scaled(Design d, double[] scale, Reflectors qt, DMatrixRMaj rMatrix) {
            this.d = d;
            this.scale = scale;
            this.qt = qt;
            this.rMatrix = rMatrix;
            this.r = rMatrix.data;
            this.m = d.rows;
            this.p = d.columns;
        }

        /** z = R⁻¹Qᵀb, or for covariance column k: R⁻¹R⁻ᵀeₖ. */
        double[] initial(double[] b, Integer k) {
            double[] c = new double[p];
            if (k == null) {
                c = qt.transposeTimes(b);
            } else {
                c[k] = 1;
                forward(c);
            }
            back(c);
            return c;
        }

        /**
         * Refines the solution of [I A; Aᵀ 0][r; z] = [b; c]: the least-squares problem (c = 0) when {@code k} < 0,
         * else column k of (AᵀA)⁻¹ (b = 0, c = −eₖ, whose z solves AᵀAz = eₖ).
         */
        Refinement refine(double[] bh, double[] bl, int k) {
            Refinement x = new Refinement(m, p);
            double[] z0 = k < 0 ? initial(bh, null) : initial(null, k);
            System.arraycopy(z0, 0, x.zh, 0, p);
            // r = b − A z, in double-double.
            residual(bh, bl, x, x.rh, x.rl, true);
            double[] f = new double[m], fl = new double[m], g = new double[p], d1 = new double[p], dz = new double[p];
            double previous = Double.POSITIVE_INFINITY;
            int rising = 0;
            DoubleDouble.Accumulator acc = new DoubleDouble.Accumulator();
            double[] t = new double[2];
            for (int step = 0; step < MAX_REFINEMENTS; step++) {
                Interruption.check("the least-squares refinement");
                // f = b − r − A z and g = c − Aᵀ r, both in double-double, then rounded.
                residual(bh, bl, x, f, fl, false);
                for (int i = 0; i < m; i++) f[i] += fl[i];
                for (int j = 0; j < p; j++) {
                    acc.set(k == j ? -1 : 0, 0);
                    double[] ah = d.hi[j], al = d.lo[j];
                    double sj = 1 / scale[j];
                    for (int i = 0; i < m; i++) acc.addProduct(-ah[i] * sj, -al[i] * sj, x.rh[i], x.rl[i]);
                    g[j] = acc.value();
                }
                // δz = R⁻¹(Qᵀf − R⁻ᵀg), δr = f − Q(Qᵀf − R⁻ᵀg).
                forward(g);
                double[] qtf = qt.transposeTimes(f);
                for (int j = 0; j < p; j++) d1[j] = qtf[j] - g[j];
                System.arraycopy(d1, 0, dz, 0, p);
                back(dz);
                double change = 0, size = 0;
                for (int j = 0; j < p; j++) {
                    DoubleDouble.add(x.zh[j], x.zl[j], dz[j], 0, t);
                    x.zh[j] = t[0];
                    x.zl[j] = t[1];
                    change = Math.max(change, Math.abs(dz[j]));
                    size = Math.max(size, Math.abs(x.zh[j]));
                }
                double[] qd1 = qt.times(d1);
                for (int i = 0; i < m; i++) {
                    double qd = qd1[i];
                    DoubleDouble.add(x.rh[i], x.rl[i], f[i] - qd, 0, t);
                    x.rh[i] = t[0];
                    x.rl[i] = t[1];
                }
                x.steps = step + 1;
                if (change <= 0x1p-70 * size || change == 0) {
                    x.converged = true;
                    break;
                }
                rising = change >= previous ? rising + 1 : 0;
                if (rising >= 3) break;   // not contracting: too ill-conditioned to refine
                previous = change;
            }
            return x;
        }

        /** out = b − A z (− r when {@code initial} is false), in double-double: out + outLo. */
        private void residual(double[] bh, double[] bl, Refinement x, double[] out, double[] outLo, boolean initial) {
            DoubleDouble.Accumulator acc = new DoubleDouble.Accumulator();
            double[] zsh = new double[p], zsl = new double[p];
            for (int j = 0; j < p; j++) {
                zsh[j] = x.zh[j] / scale[j];
                zsl[j] = x.zl[j] / scale[j];
            }
            for (int i = 0; i < m; i++) {
                if (bh == null) acc.set(0, 0);
                else acc.set(bh[i], bl[i]);
                if (!initial) acc.add(-x.rh[i], -x.rl[i]);
                for (int j = 0; j < p; j++) acc.addProduct(-d.hi[j][i], -d.lo[j][i], zsh[j], zsl[j]);
                out[i] = acc.hi;
                outLo[i] = acc.lo;
            }
        }

        /** Solves Rᵀy = c in place (forward substitution). */
        void forward(double[] c) {
            for (int i = 0; i < p; i++) {
                double s = c[i];
                for (int j = 0; j < i; j++) s -= r[j * p + i] * c[j];
                c[i] = s / r[i * p + i];
            }
        }

        /** Solves Ry = c in place (back substitution). */
        void back(double[] c) {
            for (int i = p - 1; i >= 0; i--) {
                double s = c[i];
                for (int j = i + 1, at = i * p + j; j < p; j++, at++) s -= r[at] * c[j];
                c[i] = s / r[i * p + i];
            }
        }

        /**
         * XᵀX = D·RᵀR·D, summed as row k of R times itself for the lower triangle (R is triangular, so a third of
         * the multiplications a general product makes, and no p×p scratch matrix), then mirrored.
         */
        double[][] gram() {
            double[][] g = new double[p][p];
            // Row i of the lower triangle: Σ over rows k ≤ i of R of Rₖᵢ·(row k from column k to i); rows on every core.
            onEveryCore(p, i -> {
                double[] gi = g[i];
                for (int k = 0; k <= i; k++) {
                    int row = k * p;
                    double rki = r[row + i];
                    if (rki == 0) continue;
                    for (int j = k; j <= i; j++) gi[j] += rki * r[row + j];
                }
            });
            for (int i = 0; i < p; i++) {
                for (int j = 0; j <= i; j++) g[i][j] *= scale[i] * scale[j];
                for (int j = 0; j < i; j++) g[j][i] = g[i][j];
            }
            return g;
        }
    }
}
