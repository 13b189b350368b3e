package mle.runtime.linear;

import java.util.stream.IntStream;
import mle.compiler.interrupt.Interruption;

/**
 * Linear least squares for a wide design (more than {@link ExactLeastSquares#REFINED_COVARIANCE_LIMIT} columns) by the
 * corrected semi-normal equations (Björck): R from a Cholesky factorisation of AᵀA formed in double, then
 * z ← z + (RᵀR)⁻¹Aᵀ(b − Az) with the residual and Aᵀr summed in double-double from the double-double design, which
 * converges by a factor of about ε·cond(A)² a step to the least-squares solution that {@link ExactLeastSquares}'s
 * refined QR reaches: the same digits. A the design with its columns divided by their power-of-two scale.
 *
 * <p>Why this and not a faster QR: the Householder QR costs 2mp² − ⅔p³ operations in EJML's column loops (3–4 billion
 * a second here; EJML's blocked QRDecompositionHouseholder_MT_DDRB measured no faster, 8.4–10 s against 5.5–9.8 s at
 * 4,000×2,000 on two busy cores), where AᵀA costs mp² as dot products of the design's columns, which run at about 10
 * billion a second ({@link Gram#ofColumns}), and the Cholesky factorisation ⅓p³ by the same kind of kernel ({@link
 * BlockedCholesky}, faster than EJML's blocked one). The refinement
 * costs two passes over the design a step, and three steps do on a well-conditioned design. The price is
 * the covariance R⁻¹R⁻ᵀ (unrefined above that many columns on either path), whose error grows as ε·cond(A)² where
 * QR's grows as ε·cond(A): this path takes only designs whose estimated condition is at most {@link #CONDITION_LIMIT}
 * and leaves the others, like dependent columns and a refinement that does not contract, to the QR path (null).
 *
 * <p>Deterministic: AᵀA and the Cholesky factorisation by fixed tiles, the residuals
 * by blocks of rows and Aᵀr by columns, each entry summed by one task in a fixed order.
 */
final class SemiNormalLeastSquares {
    private SemiNormalLeastSquares() {}

    static final String METHOD = "the corrected semi-normal equations (a Cholesky factorisation of XᵀX)";
    /**
     * Above this estimate of cond(A) this path declines: ε·cond(A)² ≈ 10⁻¹⁰ bounds the relative error of its covariance
     * (and the refinement contracts by about that much a step).
     */
    static final double CONDITION_LIMIT = 1e3;
    /** Rows per task of a residual pass. */
    private static final int ROW_BLOCK = 1 << 12;
    /** Power and inverse iterations of the condition estimate. */
    private static final int CONDITION_ITERATIONS = 12;

    static boolean suits(Design d) {
        return d.columns > ExactLeastSquares.REFINED_COVARIANCE_LIMIT;
    }

    /** The solution, or null where the design is too ill-conditioned or rank-deficient for this method. */
    static ExactLeastSquares.Solution solve(Design d, double[] scale) {
        int m = d.rows, p = d.columns;
        String forming = "XᵀX of the " + m + "×" + p + " design";
        double[][] gram = Gram.ofColumns(d.hi, m, false, forming);
        mle.runtime.Phases.ended("XᵀX");
        double[] l = new double[p * p];
        // The scales are powers of two: AᵀA from XᵀX exactly
        for (int i = 0; i < p; i++) for (int j = 0; j <= i; j++) l[i * p + j] = gram[i][j] / (scale[i] * scale[j]);
        // AᵀA = LLᵀ, L overwriting the lower triangle; R = Lᵀ.
        if (!BlockedCholesky.factor(l, p, "the Cholesky factorisation of " + forming)) return null;
        mle.runtime.Phases.ended("the Cholesky factorisation");
        double maxDiag = 0, minDiag = Double.POSITIVE_INFINITY;
        for (int j = 0; j < p; j++) {
            maxDiag = Math.max(maxDiag, l[j * p + j]);
            minDiag = Math.min(minDiag, l[j * p + j]);
        }
        // The QR path's rank test on R's diagonal; a dependent column goes there, which names it.
        if (!(minDiag > ExactLeastSquares.RANK_TOLERANCE * maxDiag)) return null;
        double condition = Math.max(maxDiag / minDiag, conditionEstimate(gram, scale, l, p));
        if (!(condition <= CONDITION_LIMIT)) return null;
        mle.runtime.Phases.ended("the condition estimate");

        Residuals r = new Residuals(d, scale);
        double[] zh = new double[p], zl = new double[p];
        int steps = 0;
        boolean converged = false;
        double previous = Double.POSITIVE_INFINITY;
        while (!converged && steps < ExactLeastSquares.MAX_REFINEMENTS) {
            Interruption.check("the least-squares refinement");
            r.at(zh, zl);
            double[] s = r.transposeTimes();
            solveWithFactor(l, p, s);
            double change = TallLeastSquares.correct(zh, zl, s);
            steps++;
            converged = Double.isNaN(change);
            if (!converged && steps > 3 && change >= previous) return null;   // not contracting
            previous = change;
        }
        if (!converged) return null;
        double rss = r.at(zh, zl);
        mle.runtime.Phases.ended("the refinement (" + steps + " steps)");
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) beta[j] = (zh[j] + zl[j]) / scale[j];
        // (AᵀA)⁻¹ = R⁻¹R⁻ᵀ with R = Lᵀ, as the QR path forms it from its R, here on every core.
        double[][] covariance = Gram.ofColumns(upperInverseRows(l, p), p, true, "the covariance of the " + m + "×" + p + " design");
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) covariance[i][j] /= scale[i] * scale[j];
        mle.runtime.Phases.ended("the covariance R⁻¹R⁻ᵀ");
        return new ExactLeastSquares.Solution(beta, rss, covariance, steps, true, -1, condition, gram, METHOD);
    }

    /** Rows of R⁻¹ computed together: they share each row of L read, and their sums run side by side. */
    private static final int INVERSE_GROUP = 8;

    /**
     * The rows of R⁻¹ for R = Lᵀ, L lower-triangular row-major p×p: row k of R⁻¹ is column k of L⁻¹, the solution of
     * Lx = eₖ, zero before k. Rows go in groups of {@link #INVERSE_GROUP}, one task each on whichever core is free (the
     * rows are independent: the same bits on any number of cores): one row at a time, streaming all of L for each,
     * took 4.4 s of 5.5 at p = 2,000.
     */
    static double[][] upperInverseRows(double[] l, int p) {
        double[][] rows = new double[p][];
        Thread caller = Thread.currentThread();
        IntStream.range(0, (p + INVERSE_GROUP - 1) / INVERSE_GROUP).parallel().forEach(group -> {
            Interruption.check(caller, "the covariance");
            int k0 = group * INVERSE_GROUP, k1 = Math.min(p, k0 + INVERSE_GROUP);
            for (int k = k0; k < k1; k++) rows[k] = new double[p];
            for (int i = k0; i < p; i++) {
                int row = i * p;
                if (i >= k1 && k1 - k0 == INVERSE_GROUP) {
                    eight(l, row, rows, k0, i);
                    continue;
                }
                for (int k = k0; k < k1 && k <= i; k++) {
                    double[] x = rows[k];
                    if (k == i) {
                        x[i] = 1 / l[row + i];
                        continue;
                    }
                    double s = 0;
                    for (int j = k; j < i; j++) s = Math.fma(l[row + j], x[j], s);
                    x[i] = -s / l[row + i];
                }
            }
        });
        return rows;
    }

    /**
     * Entry i of rows k0…k0+7 of R⁻¹ from their entries before i and row i of L: eight sums side by side over j from k0
     * (a row's entries before its own k are zeros, which leave its sum's bits as they are).
     */
    private static void eight(double[] l, int row, double[][] rows, int k0, int i) {
        double[] x0 = rows[k0], x1 = rows[k0 + 1], x2 = rows[k0 + 2], x3 = rows[k0 + 3];
        double[] x4 = rows[k0 + 4], x5 = rows[k0 + 5], x6 = rows[k0 + 6], x7 = rows[k0 + 7];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int j = k0; j < i; j++) {
            double a = l[row + j];
            s0 = Math.fma(a, x0[j], s0); s1 = Math.fma(a, x1[j], s1); s2 = Math.fma(a, x2[j], s2); s3 = Math.fma(a, x3[j], s3);
            s4 = Math.fma(a, x4[j], s4); s5 = Math.fma(a, x5[j], s5); s6 = Math.fma(a, x6[j], s6); s7 = Math.fma(a, x7[j], s7);
        }
        double d = l[row + i];
        x0[i] = -s0 / d; x1[i] = -s1 / d; x2[i] = -s2 / d; x3[i] = -s3 / d;
        x4[i] = -s4 / d; x5[i] = -s5 / d; x6[i] = -s6 / d; x7[i] = -s7 / d;
    }

    /** Solves LLᵀx = s in place, L lower-triangular row-major p×p. */
    static void solveWithFactor(double[] l, int p, double[] s) {
        for (int i = 0; i < p; i++) {
            double v = s[i];
            for (int k = 0, at = i * p; k < i; k++, at++) v -= l[at] * s[k];
            s[i] = v / l[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            s[i] /= l[i * p + i];
            double v = s[i];
            // Lᵀ's column i is L's row i: take x_i out of the equations above it
            for (int k = 0, at = i * p; k < i; k++, at++) s[k] -= l[at] * v;
        }
    }

    /**
     * A lower bound on cond(A) = √(λmax/λmin) of AᵀA, far closer than the ratio of R's diagonal: power iterations for
     * λmax on AᵀA and for 1/λmin on (LLᵀ)⁻¹, from a fixed start (so the same on every run).
     */
    private static double conditionEstimate(double[][] gram, double[] scale, double[] l, int p) {
        double[] v = start(p), w = new double[p];
        double largest = 0;
        for (int it = 0; it < CONDITION_ITERATIONS; it++) {
            double[] x = v;
            // Each entry by one task, in the order of its row: the same bits on any number of cores.
            IntStream.range(0, p).parallel().forEach(i -> {
                double s = 0;
                double[] row = gram[i];
                for (int j = 0; j < p; j++) s += row[j] / (scale[i] * scale[j]) * x[j];
                w[i] = s;
            });
            largest = normalise(w, v);
        }
        v = start(p);
        double inverseSmallest = 0;
        for (int it = 0; it < CONDITION_ITERATIONS; it++) {
            System.arraycopy(v, 0, w, 0, p);
            solveWithFactor(l, p, w);
            inverseSmallest = normalise(w, v);
        }
        return Math.sqrt(largest * inverseSmallest);
    }

    /** A fixed vector of entries ±1 in no pattern of a design's columns. */
    private static double[] start(int p) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20);
        double[] v = new double[p];
        for (int i = 0; i < p; i++) v[i] = random.nextBoolean() ? 1 : -1;
        double norm = Math.sqrt(p);
        for (int i = 0; i < p; i++) v[i] /= norm;
        return v;
    }

    /** v = w/‖w‖; returns ‖w‖ (the eigenvalue estimate, v having been of norm 1). */
    private static double normalise(double[] w, double[] v) {
        double norm = 0;
        for (double x : w) norm += x * x;
        norm = Math.sqrt(norm);
        for (int i = 0; i < w.length; i++) v[i] = w[i] / norm;
        return norm;
    }

    /** r = b − Az in double-double over the rows, by blocks on every core, and Aᵀr by columns on every core. */
    private static final class Residuals {
        final Design d;
        final double[] scale, rh, rl;

        Residuals(Design d, double[] scale) {
            this.d = d;
            this.scale = scale;
            rh = new double[d.rows];
            rl = new double[d.rows];
        }

        /** Sets r = b − Az (z = zh + zl, by column) and returns Σr², both in double-double, Σr² rounded. */
        double at(double[] zh, double[] zl) {
            int m = d.rows, p = d.columns, blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
            double[] xh = new double[p], xl = new double[p];
            for (int j = 0; j < p; j++) {
                xh[j] = -zh[j] / scale[j];   // scales are powers of two: exact
                xl[j] = -zl[j] / scale[j];
            }
            double[] squares = new double[2 * blocks];
            Thread caller = Thread.currentThread();
            IntStream.range(0, blocks).parallel().forEach(b -> {
                Interruption.check(caller, "the least-squares refinement");
                int i0 = b * ROW_BLOCK, i1 = Math.min(m, i0 + ROW_BLOCK);
                DoubleDouble.Accumulator acc = new DoubleDouble.Accumulator();
                for (int i = i0; i < i1; i++) {
                    rh[i] = d.bHi[i];
                    rl[i] = d.bLo[i];
                }
                // Column by column over the block: each column's segment is read in order.
                for (int j = 0; j < p; j++) {
                    double[] ah = d.hi[j], al = d.lo[j];
                    double zh1 = xh[j], zl1 = xl[j];
                    if (zh1 == 0 && zl1 == 0) continue;
                    for (int i = i0; i < i1; i++) {
                        acc.set(rh[i], rl[i]);
                        acc.addProduct(ah[i], al[i], zh1, zl1);
                        rh[i] = acc.hi;
                        rl[i] = acc.lo;
                    }
                }
                acc.set(0, 0);
                for (int i = i0; i < i1; i++) acc.addProduct(rh[i], rl[i], rh[i], rl[i]);
                squares[2 * b] = acc.hi;
                squares[2 * b + 1] = acc.lo;
            });
            DoubleDouble.Accumulator total = new DoubleDouble.Accumulator();
            for (int b = 0; b < blocks; b++) total.add(squares[2 * b], squares[2 * b + 1]);
            return total.value();
        }

        /** Aᵀr, each entry summed in double-double and rounded. */
        double[] transposeTimes() {
            int m = d.rows, p = d.columns;
            double[] out = new double[p];
            Thread caller = Thread.currentThread();
            IntStream.range(0, p).parallel().forEach(j -> {
                if (j % 64 == 0) Interruption.check(caller, "the least-squares refinement");
                DoubleDouble.Accumulator acc = new DoubleDouble.Accumulator();
                double[] ah = d.hi[j], al = d.lo[j];
                for (int i = 0; i < m; i++) acc.addProduct(ah[i], al[i], rh[i], rl[i]);
                out[j] = acc.value() / scale[j];
            });
            return out;
        }
    }
}
