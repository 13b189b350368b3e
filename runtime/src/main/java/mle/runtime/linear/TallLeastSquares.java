package mle.runtime.linear;

import java.util.stream.IntStream;
import mle.compiler.interrupt.Interruption;

/**
 * Linear least squares for a tall, well-conditioned design (many more rows than columns: a regression on a large
 * table), from the normal equations with every sum in double-double. One pass over the rows gives AᵀA, Aᵀb and bᵀb
 * of the column-scaled design A exactly enough (about 32 digits); the p×p system AᵀAz = Aᵀb is then solved by
 * Cholesky and refined with residuals computed in double-double from those sums, which needs no further pass and
 * converges by a factor of about ε·cond(A)² a step. A second pass gives the residual sum of squares from the
 * residuals themselves. The result is the least-squares solution rounded to double, as {@link ExactLeastSquares}'s
 * QR with refinement gives it, at a fraction of its cost: that one refines on the m×p design several times.
 *
 * <p>Where cond(A)² is too large for the refinement to contract (cond(A) above {@link #CONDITION_LIMIT}) or a column
 * depends on others, this gives up and the QR path decides. The passes run on every core over fixed blocks of rows
 * whose sums are added in block order, so the result does not depend on the number of cores.
 */
public final class TallLeastSquares {
    private TallLeastSquares() {}

    /** Above this estimate of cond(A), ε·cond(A)² is over about 2·10⁻⁴: the refinement would contract slowly or not at all. */
    static final double CONDITION_LIMIT = 1e6;
    static final String METHOD = "the normal equations summed exactly (in double-double) over all cores";

    /** Rows per block of a pass: a block's sums are one task's work and are combined in block order. */
    static final int BLOCK = 1 << 15;

    /** Whether the design is tall enough for this method to pay: QR is cheap on small designs, and exact there already. */
    static boolean suits(Design d) {
        return d.rows >= 20_000 && d.columns <= 64 && (long) d.rows >= 50L * d.columns * d.columns;
    }

    /** The solution, or null where the design is too ill-conditioned or rank-deficient for this method. */
    static ExactLeastSquares.Solution solve(Design d, double[] scale) {
        double[] sums = crossSums(d, scale);
        mle.runtime.Phases.ended("the double-double sums");
        ExactLeastSquares.Solution s = fromSums(sums, d.columns, scale, (bh, bl) -> residualSumOfSquares(d, bh, bl));
        mle.runtime.Phases.ended("the solve and the residual pass");
        return s;
    }

    /**
     * [AᵀA  Aᵀb; · bᵀb] in double-double, A the design with its columns divided by {@code scale}: the upper triangle of
     * the (p + 1)² matrix of the augmented design [A b], as (hi, lo) pairs row by row.
     */
    public static double[] crossSums(Design d, double[] scale) {
        return blockSums(d.rows, d.columns + 1, (block, out) -> crossProducts(d, scale, block, out));
    }

    /** The residual sum of squares at β given in double-double (hi, lo), wherever the rows are. */
    public interface ResidualSquares {
        double at(double[] betaHi, double[] betaLo);
    }

    /**
     * The solution from the sums {@link #crossSums} gives (the columns divided by {@code scale}), or null where the design
     * is too ill-conditioned or rank-deficient for this method.
     */
    public static ExactLeastSquares.Solution fromSums(double[] sums, int p, double[] scale, ResidualSquares residualSquares) {
        double[][] gh = new double[p][p], gl = new double[p][p];
        double[] ch = new double[p], cl = new double[p];
        for (int i = 0, at = 0; i <= p; i++) {
            for (int j = i; j <= p; j++, at += 2) {
                if (j < p) {
                    gh[i][j] = gh[j][i] = sums[at];
                    gl[i][j] = gl[j][i] = sums[at + 1];
                } else if (i < p) {
                    ch[i] = sums[at];
                    cl[i] = sums[at + 1];
                }
            }
        }
        double[][] r = cholesky(gh);
        if (r == null) return null;
        double maxDiag = 0, minDiag = Double.POSITIVE_INFINITY;
        for (int j = 0; j < p; j++) {
            maxDiag = Math.max(maxDiag, r[j][j]);
            minDiag = Math.min(minDiag, r[j][j]);
        }
        double condition = p == 0 ? 1 : maxDiag / minDiag;
        if (!(condition <= CONDITION_LIMIT)) return null;

        Refined z = refine(gh, gl, r, ch, cl);
        if (!z.converged) return null;
        double[] beta = new double[p], bh = new double[p], bl = new double[p];
        for (int j = 0; j < p; j++) {
            beta[j] = (z.hi[j] + z.lo[j]) / scale[j];
            bh[j] = z.hi[j] / scale[j];   // a power of two: exact
            bl[j] = z.lo[j] / scale[j];
        }
        double rss = residualSquares.at(bh, bl);
        double[][] covariance = new double[p][p];
        int steps = z.steps;
        for (int k = 0; k < p; k++) {
            double[] eh = new double[p], el = new double[p];
            eh[k] = 1;
            Refined column = refine(gh, gl, r, eh, el);
            if (!column.converged) return null;
            for (int j = 0; j < p; j++) covariance[j][k] = (column.hi[j] + column.lo[j]) / (scale[j] * scale[k]);
        }
        for (int i = 0; i < p; i++) for (int j = 0; j < i; j++) covariance[i][j] = covariance[j][i] = 0.5 * (covariance[i][j] + covariance[j][i]);
        double[][] gram = new double[p][p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) gram[i][j] = (gh[i][j] + gl[i][j]) * scale[i] * scale[j];
        return new ExactLeastSquares.Solution(beta, rss, covariance, steps, true, -1, condition, gram, METHOD);
    }

    /** z in double-double, and how its refinement went. */
    private record Refined(double[] hi, double[] lo, int steps, boolean converged) {}

    /** Solves G z = c (G and c in double-double) by Cholesky's factor R of G rounded, refining with exact residuals. */
    private static Refined refine(double[][] gh, double[][] gl, double[][] r, double[] ch, double[] cl) {
        int p = ch.length;
        double[] zh = new double[p], zl = new double[p], s = new double[p];
        DoubleDouble.Accumulator acc = new DoubleDouble.Accumulator();
        double previous = Double.POSITIVE_INFINITY;
        for (int step = 1; step <= ExactLeastSquares.MAX_REFINEMENTS; step++) {
            // s = c − G z, in double-double, rounded
            for (int i = 0; i < p; i++) {
                acc.set(ch[i], cl[i]);
                for (int j = 0; j < p; j++) acc.addProduct(-gh[i][j], -gl[i][j], zh[j], zl[j]);
                s[i] = acc.value();
            }
            solveWithFactor(r, s);
            double change = correct(zh, zl, s);
            if (Double.isNaN(change)) return new Refined(zh, zl, step, true);
            if (step > 3 && change >= previous) break;   // not contracting
            previous = change;
        }
        return new Refined(zh, zl, ExactLeastSquares.MAX_REFINEMENTS, false);
    }

    /**
     * z += s, z in double-double (zh, zl) and the correction s in double: returns max|sⱼ|, the step's size, or NaN when
     * the correction is below 2⁻⁷⁰ of z (or none), which ends a refinement as converged.
     */
    static double correct(double[] zh, double[] zl, double[] s) {
        double[] t = new double[2];
        double change = 0, size = 0;
        for (int j = 0; j < s.length; j++) {
            DoubleDouble.add(zh[j], zl[j], s[j], 0, t);
            zh[j] = t[0];
            zl[j] = t[1];
            change = Math.max(change, Math.abs(s[j]));
            size = Math.max(size, Math.abs(zh[j]));
        }
        return change <= 0x1p-70 * size || change == 0 ? Double.NaN : change;
    }

    /** The upper-triangular R with RᵀR = G, or null when G is not positive definite in double (a dependent column). */
    static double[][] cholesky(double[][] g) {
        int p = g.length;
        double[][] r = new double[p][p];
        double largest = 0;
        for (int j = 0; j < p; j++) largest = Math.max(largest, g[j][j]);
        for (int j = 0; j < p; j++) {
            double d = g[j][j];
            for (int k = 0; k < j; k++) d -= r[k][j] * r[k][j];
            // The QR path's rank test, on R's diagonal: below it a column depends on the others
            if (!(d > 0) || Math.sqrt(d) <= ExactLeastSquares.RANK_TOLERANCE * Math.sqrt(largest)) return null;
            r[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < p; i++) {
                double e = g[j][i];
                for (int k = 0; k < j; k++) e -= r[k][j] * r[k][i];
                r[j][i] = e / r[j][j];
            }
        }
        return r;
    }

    /** Solves RᵀR x = s in place. */
    public static void solveWithFactor(double[][] r, double[] s) {
        int p = s.length;
        for (int i = 0; i < p; i++) {
            double v = s[i];
            for (int k = 0; k < i; k++) v -= r[k][i] * s[k];
            s[i] = v / r[i][i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double v = s[i];
            for (int k = i + 1; k < p; k++) v -= r[i][k] * s[k];
            s[i] = v / r[i][i];
        }
    }

    /** Σ rᵢ² of r = b − Xβ with β = zh + zl, each residual and the sum in double-double. */
    public static double residualSumOfSquares(Design d, double[] zh, double[] zl) {
        int p = d.columns;
        double[] total = blockSums(d.rows, 1, (block, out) -> {
            DoubleDouble.Accumulator residual = new DoubleDouble.Accumulator(), squares = new DoubleDouble.Accumulator();
            int end = Math.min(d.rows, (block + 1) * BLOCK);
            boolean exact = d.exactDoubles;   // then the low parts need not be read
            for (int i = block * BLOCK; i < end; i++) {
                residual.set(d.bHi[i], exact ? 0 : d.bLo[i]);
                for (int j = 0; j < p; j++) residual.addProduct(-d.hi[j][i], exact ? 0 : -d.lo[j][i], zh[j], zl[j]);
                squares.addProduct(residual.hi, residual.lo, residual.hi, residual.lo);
            }
            out[0] = squares.hi;
            out[1] = squares.lo;
        });
        return total[0] + total[1];
    }

    /** Rows a pass over a block takes at a time: the columns' stretches stay in the fastest cache across its sums. */
    private static final int STRETCH = 1 << 10;

    /**
     * The upper triangle of [A b]ᵀ[A b] over one block of rows, as (hi, lo) pairs by rows of the triangle. Each sum adds
     * its products in row order, as one accumulator per sum would row by row; the sums are taken four at a time over a
     * stretch of rows, their accumulators in registers, not memory: independent chains the processor runs side by side.
     */
    private static void crossProducts(Design d, double[] scale, int block, double[] out) {
        int p = d.columns, width = p + 1, end = Math.min(d.rows, (block + 1) * BLOCK);
        double[][] hi = new double[width][], lo = new double[width][];
        double[] factor = new double[width];
        for (int j = 0; j < p; j++) {
            hi[j] = d.hi[j];
            lo[j] = d.lo[j];
            factor[j] = 1 / scale[j];   // a power of two: exact
        }
        hi[p] = d.bHi;
        lo[p] = d.bLo;
        factor[p] = 1;
        int pairs = width * (width + 1) / 2, groups = (pairs + 3) / 4;
        // The columns of each sum, padded to whole groups of four with sums of column 0 that are then dropped.
        int[] left = new int[4 * groups], right = new int[4 * groups];
        for (int a = 0, at = 0; a < width; a++) {
            for (int c = a; c < width; c++, at++) {
                left[at] = a;
                right[at] = c;
            }
        }
        double[] sums = new double[8 * groups];
        for (int from = block * BLOCK; from < end; from += STRETCH) {
            int to = Math.min(end, from + STRETCH);
            for (int g = 0; g < groups; g++) {
                int k = 4 * g;
                if (d.exactDoubles) {
                    // Plain data, every entry a double: products of doubles, half the loads and multiplications.
                    sumFour(sums, k, from, to, hi[left[k]], hi[right[k]], hi[left[k + 1]], hi[right[k + 1]],
                            hi[left[k + 2]], hi[right[k + 2]], hi[left[k + 3]], hi[right[k + 3]],
                            factor[left[k]], factor[right[k]], factor[left[k + 1]], factor[right[k + 1]],
                            factor[left[k + 2]], factor[right[k + 2]], factor[left[k + 3]], factor[right[k + 3]]);
                } else {
                    for (int q = k; q < k + 4; q++) {
                        sumOne(sums, q, from, to, hi[left[q]], lo[left[q]], hi[right[q]], lo[right[q]], factor[left[q]], factor[right[q]]);
                    }
                }
            }
        }
        System.arraycopy(sums, 0, out, 0, 2 * pairs);
    }

    /** Four sums of products of doubles over rows [from, to), added to the (hi, lo) pairs at sums[2k…2k + 7]. */
    private static void sumFour(double[] sums, int k, int from, int to, double[] a0, double[] c0, double[] a1, double[] c1,
                                double[] a2, double[] c2, double[] a3, double[] c3, double fa0, double fc0, double fa1,
                                double fc1, double fa2, double fc2, double fa3, double fc3) {
        DoubleDouble.Accumulator s0 = new DoubleDouble.Accumulator().set(sums[2 * k], sums[2 * k + 1]);
        DoubleDouble.Accumulator s1 = new DoubleDouble.Accumulator().set(sums[2 * k + 2], sums[2 * k + 3]);
        DoubleDouble.Accumulator s2 = new DoubleDouble.Accumulator().set(sums[2 * k + 4], sums[2 * k + 5]);
        DoubleDouble.Accumulator s3 = new DoubleDouble.Accumulator().set(sums[2 * k + 6], sums[2 * k + 7]);
        for (int i = from; i < to; i++) {
            s0.addProduct(a0[i] * fa0, 0, c0[i] * fc0, 0);
            s1.addProduct(a1[i] * fa1, 0, c1[i] * fc1, 0);
            s2.addProduct(a2[i] * fa2, 0, c2[i] * fc2, 0);
            s3.addProduct(a3[i] * fa3, 0, c3[i] * fc3, 0);
        }
        sums[2 * k] = s0.hi;
        sums[2 * k + 1] = s0.lo;
        sums[2 * k + 2] = s1.hi;
        sums[2 * k + 3] = s1.lo;
        sums[2 * k + 4] = s2.hi;
        sums[2 * k + 5] = s2.lo;
        sums[2 * k + 6] = s3.hi;
        sums[2 * k + 7] = s3.lo;
    }

    /** One sum of products of double-doubles over rows [from, to), added to the (hi, lo) pair at sums[2k], sums[2k + 1]. */
    private static void sumOne(double[] sums, int k, int from, int to, double[] ah, double[] al, double[] ch, double[] cl,
                               double fa, double fc) {
        DoubleDouble.Accumulator s = new DoubleDouble.Accumulator().set(sums[2 * k], sums[2 * k + 1]);
        for (int i = from; i < to; i++) s.addProduct(ah[i] * fa, al[i] * fa, ch[i] * fc, cl[i] * fc);
        sums[2 * k] = s.hi;
        sums[2 * k + 1] = s.lo;
    }

    /** What one block contributes: {@code out} receives (hi, lo) pairs. */
    private interface BlockSum {
        void of(int block, double[] out);
    }

    /**
     * Sums of (hi, lo) pairs over the blocks of {@code rows}, every block on whichever core is free, the blocks' sums
     * then added in block order: the same bits whatever the number of cores.
     */
    private static double[] blockSums(int rows, int width, BlockSum sum) {
        int pairs = width == 1 ? 1 : width * (width + 1) / 2;
        int blocks = (rows + BLOCK - 1) / BLOCK;
        double[][] partial = new double[blocks][2 * pairs];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            Interruption.check("the least-squares sums");
            sum.of(b, partial[b]);
        });
        double[] total = new double[2 * pairs];
        DoubleDouble.Accumulator acc = new DoubleDouble.Accumulator();
        for (int k = 0; k < pairs; k++) {
            acc.set(0, 0);
            for (double[] part : partial) acc.add(part[2 * k], part[2 * k + 1]);
            total[2 * k] = acc.hi;
            total[2 * k + 1] = acc.lo;
        }
        return total;
    }
}
