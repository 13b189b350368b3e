package mle.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mle.runtime.linear.TallLeastSquares;

/**
 * The Hessian of the joint objective in the inner variables of a Laplace approximation (the random effects, and
 * REML's location parameters), with the sparsity the model's structure gives it: blocks that no row links to each
 * other (one per level of a grouping: its intercept and slope) and a dense border that rows share (REML's locations,
 * the levels of a small crossed grouping). Factored by eliminating the blocks, each on its own, then the border's Schur
 * complement S = C − Σ Bₗᵀ Dₗ⁻¹ Bₗ: a cost linear in the levels, as in the grouped solvers, never cubic.
 *
 * <p>Ours, not a sparse library's: EJML's sparse Cholesky has no fill-reducing ordering, and this one pattern, blocks
 * and a border, is what grouped data have; it also gives the entries of H⁻¹ the gradient of the approximation needs
 * (within each block, between a block and the border, within the border) without forming H⁻¹.
 */
final class InnerHessian {
    /** The inner positions of each block, and of the border. */
    private final int[][] blocks;
    private final int[] border;
    /** For each inner position: its block (−1 for the border) and its place there. */
    private final int[] blockOf, placeOf;
    private final int size;

    // The matrix as assembled, then factored in place.
    private final double[][][] diagonal;   // D_l, b×b
    private final double[][][] coupling;   // B_l, b×nB
    private final double[][] corner;       // C, nB×nB
    // After factoring:
    private final double[][][] couplingSolved;   // E_l = D_l⁻¹ B_l
    private double logDeterminant;
    private boolean factored;

    private InnerHessian(int[][] blocks, int[] border, int size) {
        this.blocks = blocks;
        this.border = border;
        this.size = size;
        this.blockOf = new int[size];
        this.placeOf = new int[size];
        for (int l = 0; l < blocks.length; l++) {
            for (int a = 0; a < blocks[l].length; a++) {
                blockOf[blocks[l][a]] = l;
                placeOf[blocks[l][a]] = a;
            }
        }
        for (int c = 0; c < border.length; c++) {
            blockOf[border[c]] = -1;
            placeOf[border[c]] = c;
        }
        int nb = border.length;
        diagonal = new double[blocks.length][][];
        coupling = new double[blocks.length][][];
        couplingSolved = new double[blocks.length][][];
        for (int l = 0; l < blocks.length; l++) {
            int b = blocks[l].length;
            diagonal[l] = new double[b][b];
            coupling[l] = new double[b][nb];
            couplingSolved[l] = new double[b][nb];
        }
        corner = new double[nb][nb];
    }

    /** The largest block the factorisation keeps dense (a level's effects, or everything when the pattern is dense). */
    static final int LARGEST_BLOCK = 2_000;

    /**
     * The pattern of a Hessian whose entries (p, q) are nonzero only where some group of {@code linked} positions holds
     * both: {@code border} positions are shared by all; the others form the blocks of positions linked to each other.
     *
     * @return the pattern, or null when a block would exceed {@link #LARGEST_BLOCK} (crossed groupings of many levels)
     */
    static InnerHessian pattern(int size, int[] border, Iterable<int[]> linked) {
        int[] parent = new int[size];
        for (int i = 0; i < size; i++) parent[i] = i;
        boolean[] inBorder = new boolean[size];
        for (int p : border) inBorder[p] = true;
        for (int[] group : linked) {
            int first = -1;
            for (int p : group) {
                if (inBorder[p]) continue;
                if (first < 0) first = p;
                else union(parent, first, p);
            }
        }
        int[] rootCount = new int[size];
        for (int i = 0; i < size; i++) if (!inBorder[i]) rootCount[find(parent, i)]++;
        int[] blockIndex = new int[size];
        Arrays.fill(blockIndex, -1);
        List<int[]> blocks = new ArrayList<>();
        int[] fill = new int[size];
        for (int i = 0; i < size; i++) {
            if (inBorder[i]) continue;
            int r = find(parent, i);
            if (rootCount[r] > LARGEST_BLOCK) return null;
            if (blockIndex[r] < 0) {
                blockIndex[r] = blocks.size();
                blocks.add(new int[rootCount[r]]);
            }
            blocks.get(blockIndex[r])[fill[r]++] = i;
        }
        return new InnerHessian(blocks.toArray(new int[0][]), border.clone(), size);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    int blockCount() { return blocks.length; }

    int borderSize() { return border.length; }

    void clear() {
        for (double[][] d : diagonal) for (double[] row : d) Arrays.fill(row, 0);
        for (double[][] c : coupling) for (double[] row : c) Arrays.fill(row, 0);
        for (double[] row : corner) Arrays.fill(row, 0);
        factored = false;
    }

    /** Adds v to the entry (p, q) and, off the diagonal, to (q, p). */
    void add(int p, int q, double v) {
        int lp = blockOf[p], lq = blockOf[q];
        if (lp >= 0 && lq >= 0) {
            if (lp != lq) throw new IllegalStateException("positions " + p + " and " + q + " are in different blocks");
            diagonal[lp][placeOf[p]][placeOf[q]] += v;
            if (p != q) diagonal[lp][placeOf[q]][placeOf[p]] += v;
        } else if (lp >= 0) {
            coupling[lp][placeOf[p]][placeOf[q]] += v;
        } else if (lq >= 0) {
            coupling[lq][placeOf[q]][placeOf[p]] += v;
        } else {
            corner[placeOf[p]][placeOf[q]] += v;
            if (p != q) corner[placeOf[q]][placeOf[p]] += v;
        }
    }

    /**
     * Factors H (its blocks' Cholesky factors, Eₗ = Dₗ⁻¹Bₗ, the Schur complement's factor) and its log-determinant.
     *
     * @return false when H is not positive definite: the joint objective has no minimum in the inner variables there
     */
    boolean factor() {
        double logDet = 0;
        int nb = border.length;
        double[][] schur = new double[nb][];
        for (int c = 0; c < nb; c++) schur[c] = corner[c].clone();
        for (int l = 0; l < blocks.length; l++) {
            double[][] d = diagonal[l];
            if (!cholesky(d)) return false;
            for (int a = 0; a < d.length; a++) logDet += 2 * Math.log(d[a][a]);
            if (nb == 0) continue;
            double[][] e = couplingSolved[l];
            for (int a = 0; a < d.length; a++) e[a] = coupling[l][a].clone();
            solveColumns(d, e);
            // S −= Bᵀ E
            double[][] bl = coupling[l];
            for (int a = 0; a < d.length; a++) {
                double[] ba = bl[a], ea = e[a];
                for (int c = 0; c < nb; c++) {
                    double bac = ba[c];
                    if (bac == 0) continue;
                    double[] sc = schur[c];
                    for (int f = 0; f < nb; f++) sc[f] -= bac * ea[f];
                }
            }
        }
        if (nb > 0) {
            if (!cholesky(schur)) return false;
            for (int c = 0; c < nb; c++) logDet += 2 * Math.log(schur[c][c]);
            for (int c = 0; c < nb; c++) corner[c] = schur[c];
        }
        logDeterminant = logDet;
        factored = true;
        return true;
    }

    double logDeterminant() { return logDeterminant; }

    /** x = H⁻¹ r, by the factors. */
    double[] solve(double[] r) {
        if (!factored) throw new IllegalStateException("not factored");
        int nb = border.length;
        double[] x = new double[size];
        // Forward: yₗ = Dₗ⁻¹ rₗ; the border's right side r_B − Σ Bₗᵀ yₗ.
        double[] rb = new double[nb];
        for (int c = 0; c < nb; c++) rb[c] = r[border[c]];
        double[][] y = new double[blocks.length][];
        for (int l = 0; l < blocks.length; l++) {
            int[] block = blocks[l];
            double[] yl = new double[block.length];
            for (int a = 0; a < block.length; a++) yl[a] = r[block[a]];
            solveVector(diagonal[l], yl);
            y[l] = yl;
            for (int a = 0; a < block.length; a++) {
                double[] ba = coupling[l][a];
                for (int c = 0; c < nb; c++) rb[c] -= ba[c] * yl[a];
            }
        }
        if (nb > 0) solveVector(corner, rb);
        for (int c = 0; c < nb; c++) x[border[c]] = rb[c];
        // Back: xₗ = yₗ − Eₗ x_B.
        for (int l = 0; l < blocks.length; l++) {
            int[] block = blocks[l];
            for (int a = 0; a < block.length; a++) {
                double v = y[l][a];
                if (nb > 0) {
                    double[] ea = couplingSolved[l][a];
                    for (int c = 0; c < nb; c++) v -= ea[c] * rb[c];
                }
                x[block[a]] = v;
            }
        }
        return x;
    }

    /**
     * The entries of H⁻¹ the gradient needs: within each block, between each block and the border, within the border.
     * From the factors: (H⁻¹)_BB = S⁻¹, (H⁻¹)_lB = −Eₗ S⁻¹, (H⁻¹)_ll = Dₗ⁻¹ + Eₗ S⁻¹ Eₗᵀ.
     */
    SelectedInverse selectedInverse() {
        if (!factored) throw new IllegalStateException("not factored");
        int nb = border.length;
        double[][] sInverse = new double[nb][nb];
        for (int c = 0; c < nb; c++) {
            double[] unit = new double[nb];
            unit[c] = 1;
            solveVector(corner, unit);
            sInverse[c] = unit;
        }
        double[][][] within = new double[blocks.length][][], withBorder = new double[blocks.length][][];
        for (int l = 0; l < blocks.length; l++) {
            int b = blocks[l].length;
            double[][] inv = new double[b][b];
            for (int a = 0; a < b; a++) {
                double[] unit = new double[b];
                unit[a] = 1;
                solveVector(diagonal[l], unit);
                inv[a] = unit;
            }
            double[][] es = new double[b][nb];
            if (nb > 0) {
                double[][] e = couplingSolved[l];
                for (int a = 0; a < b; a++) {
                    for (int c = 0; c < nb; c++) {
                        double v = 0;
                        for (int f = 0; f < nb; f++) v += e[a][f] * sInverse[f][c];
                        es[a][c] = v;
                    }
                }
                for (int a = 0; a < b; a++) {
                    for (int a2 = 0; a2 < b; a2++) {
                        double v = 0;
                        for (int c = 0; c < nb; c++) v += es[a][c] * e[a2][c];
                        inv[a][a2] += v;
                    }
                }
                for (double[] row : es) for (int c = 0; c < nb; c++) row[c] = -row[c];
            }
            within[l] = inv;
            withBorder[l] = es;
        }
        return new SelectedInverse(within, withBorder, sInverse);
    }

    /** The entries of H⁻¹ at pairs of positions the pattern links. */
    final class SelectedInverse {
        private final double[][][] within, withBorder;
        private final double[][] borderInverse;

        private SelectedInverse(double[][][] within, double[][][] withBorder, double[][] borderInverse) {
            this.within = within;
            this.withBorder = withBorder;
            this.borderInverse = borderInverse;
        }

        double at(int p, int q) {
            int lp = blockOf[p], lq = blockOf[q];
            if (lp >= 0 && lq >= 0) return lp == lq ? within[lp][placeOf[p]][placeOf[q]] : 0;
            if (lp >= 0) return withBorder[lp][placeOf[p]][placeOf[q]];
            if (lq >= 0) return withBorder[lq][placeOf[q]][placeOf[p]];
            return borderInverse[placeOf[p]][placeOf[q]];
        }
    }

    /**
     * In place: the upper triangle of a becomes R with RᵀR = a (read from its upper triangle); false when a is not
     * positive definite. Not TallLeastSquares.cholesky, which also refuses a pivot small against the
     * largest (a design of deficient rank): here any positive pivot is a minimum in the random effects.
     */
    private static boolean cholesky(double[][] a) {
        int n = a.length;
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) d -= a[k][j] * a[k][j];
            if (!(d > 0) || !Double.isFinite(d)) return false;
            double r = Math.sqrt(d);
            a[j][j] = r;
            for (int i = j + 1; i < n; i++) {
                double v = a[j][i];
                for (int k = 0; k < j; k++) v -= a[k][j] * a[k][i];
                a[j][i] = v / r;
            }
        }
        return true;
    }

    /** x ← (RᵀR)⁻¹ x. */
    private static void solveVector(double[][] r, double[] x) { TallLeastSquares.solveWithFactor(r, x); }

    /** Each column of e (b×m, row-major by block row) ← (LLᵀ)⁻¹ column. */
    private static void solveColumns(double[][] l, double[][] e) {
        int b = e.length;
        if (b == 0) return;
        int m = e[0].length;
        double[] col = new double[b];
        for (int c = 0; c < m; c++) {
            for (int a = 0; a < b; a++) col[a] = e[a][c];
            solveVector(l, col);
            for (int a = 0; a < b; a++) e[a][c] = col[a];
        }
    }
}
