package mle.runtime.linear;

import java.util.Arrays;
import java.util.stream.IntStream;
import mle.compiler.interrupt.Interruption;

/**
 * Least squares with two groupings' effects, y = offset + Xβ + α[g] + γ[h] + noise (econometrics' two-way fixed
 * effects). Each column of X and the response is projected off both groupings' indicator columns D = [D_g D_h]: the
 * normal equations DᵀDa = Dᵀv are solved by conjugate gradients preconditioned by DᵀD's diagonal (the levels' row
 * counts), each step one pass over the rows. Ordinary least squares on what is left gives β̂ exactly as the design with
 * a column per level would (Frisch–Waugh–Lovell), and the effects solve the same normal equations on y − Xβ̂. Rounds of
 * iterative refinement on the residual, taken from the data in double-double, remove what the iterations leave.
 *
 * <p>Why conjugate gradients and not alternating projections (demean by g, then by h, and again): the alternation
 * converges at the rate of the cosine between the groupings' spaces, slow where levels are weakly connected (a worker
 * seen in few firms); conjugate gradients need about the square root of as many steps. Written here because no Java
 * library solves this singular, structured system without forming it.
 *
 * <p>The effects are determined only up to a constant added to every α and taken from every γ in each connected set of
 * levels (levels linked through rows): they are returned with γ of the lowest-numbered level of h in each set at 0.
 */
public final class TwoWayLeastSquares {
    private TwoWayLeastSquares() {}

    /** Conjugate-gradient steps at most for one projection (a step is one pass over the rows). */
    static final int MAX_STEPS = 20_000;
    /**
     * The projection's tolerance: the normal equations' preconditioned residual relative to the vector projected (not
     * to the right-hand side Dᵀv, which is rounding where v is already nearly off both groupings).
     */
    static final double TOLERANCE = 1e-14;
    /** What a projection that stalls short of {@link #TOLERANCE} must still reach to count as converged. */
    static final double ACCEPTABLE = 1e-10;
    /** Steps without a new smallest residual after which a projection has stalled (rounding). */
    private static final int STALL = 200;
    /** Rounds of iterative refinement at most. */
    private static final int REFINEMENTS = 4;

    /**
     * @param within     the solve of the projected design: β̂ (refined), (X̃ᵀX̃)⁻¹ and the rank check
     * @param alpha      the effects of g's levels (NaN for a level without rows)
     * @param gamma      the effects of h's levels (NaN for a level without rows)
     * @param coefficients β̂ after refinement
     * @param rss        Σ of the squared residuals at (β̂, α̂, γ̂)
     * @param gCounts    the rows of each level of g
     * @param hCounts    the rows of each level of h
     * @param sets       the number of connected sets of levels (levels linked through rows)
     * @param absorbed   the first column of X that the effects absorb (projected to rounding), or −1
     * @param steps      the conjugate-gradient steps taken over all projections, the most in one projection
     * @param converged  whether every projection reached its tolerance
     */
    public record Solution(ExactLeastSquares.Solution within, double[] coefficients, double[] alpha, double[] gamma,
                           double rss, int[] gCounts, int[] hCounts, int sets, int absorbed, long steps, int mostSteps,
                           int refinements, boolean converged) {}

    /**
     * @param g each design row's level of the first grouping, 0..gLevels − 1
     * @param h each design row's level of the second grouping, 0..hLevels − 1
     */
    public static Solution solve(Design d, int[] g, int gLevels, int[] h, int hLevels) {
        int m = d.rows, p = d.columns;
        if (g.length != m || h.length != m) throw new IllegalArgumentException("one level of each grouping per row");
        Groupings groups = new Groupings(g, gLevels, h, hLevels);
        double[][] columns = new double[p + 1][];
        for (int j = 0; j < p; j++) columns[j] = d.column(j);
        columns[p] = d.response();
        Projection[] projected = IntStream.rangeClosed(0, p).parallel().mapToObj(j -> groups.project(columns[j]))
                .toArray(Projection[]::new);
        long steps = 0;
        int most = 0;
        boolean converged = true;
        for (Projection q : projected) {
            steps += q.steps;
            most = Math.max(most, q.steps);
            converged &= q.converged;
        }
        mle.runtime.Phases.ended("two-way: the projections (" + steps + " conjugate-gradient steps)");
        int absorbed = -1;
        double[][] xh = new double[p][];
        for (int j = 0; j < p; j++) {
            xh[j] = projected[j].left;
            // A column that is a sum of a value per level of g and one per level of h projects to its rounding.
            if (absorbed < 0 && Design.dot(xh[j], xh[j]) <= 1e-20 * Design.dot(columns[j], columns[j])) absorbed = j;
        }
        double[] zeros = new double[m];
        double[][] xl = new double[p][];
        Arrays.fill(xl, zeros);
        Design centred = new Design(m, p, xh, xl, projected[p].left, zeros, d.sumOfSquares, d.y, d.offset);
        ExactLeastSquares.Solution within = ExactLeastSquares.solve(centred);
        if (absorbed >= 0 || within.dependentColumn() >= 0) {
            double[] nanG = new double[gLevels], nanH = new double[hLevels];
            Arrays.fill(nanG, Double.NaN);
            Arrays.fill(nanH, Double.NaN);
            return new Solution(within, within.coefficients(), nanG, nanH, Double.NaN, groups.gCounts, groups.hCounts,
                    groups.sets(), absorbed, steps, most, 0, converged);
        }
        double[] beta = within.coefficients().clone();
        double[] effects = effectsOf(projected, beta);
        int refinements = 0;
        double[] residual = residual(d, beta, effects, groups);
        // Refinement: the least-squares correction of (β, a) for the residual, as the first solve found (β, a) for y.
        for (; refinements < REFINEMENTS; refinements++) {
            Interruption.check("the refinement of the two-way solve");
            // X̃ is orthogonal to D, so X̃ᵀ(e projected) is X̃ᵀe: the residual needs no projection here.
            double[] crossed = new double[p];
            for (int j = 0; j < p; j++) crossed[j] = Design.dot(xh[j], residual);
            double[] delta = new double[p];
            double[][] inverse = within.covariance();
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) delta[a] += inverse[a][b] * crossed[b];
            double[] deltaEffects = groups.project(subtract(residual, d, delta)).effects;
            boolean moved = false;
            for (int j = 0; j < p; j++) {
                moved |= beta[j] + delta[j] != beta[j];
                beta[j] += delta[j];
            }
            for (int l = 0; l < effects.length; l++) effects[l] += deltaEffects[l];
            residual = residual(d, beta, effects, groups);
            if (!moved) break;
        }
        mle.runtime.Phases.ended("two-way: the effects and " + refinements + " refinements");
        groups.normalise(effects);
        residual = residual(d, beta, effects, groups);
        double rss = Design.dot(residual, residual);
        double[] alpha = Arrays.copyOfRange(effects, 0, gLevels), gamma = Arrays.copyOfRange(effects, gLevels, effects.length);
        for (int l = 0; l < gLevels; l++) if (groups.gCounts[l] == 0) alpha[l] = Double.NaN;
        for (int l = 0; l < hLevels; l++) if (groups.hCounts[l] == 0) gamma[l] = Double.NaN;
        return new Solution(within, beta, alpha, gamma, rss, groups.gCounts, groups.hCounts, groups.sets(), -1, steps,
                most, refinements, converged);
    }

    /**
     * The effects of v − Xβ from the projections of X's columns and of v (the last): the projection is linear, so they
     * are v's less β times each column's.
     */
    static double[] effectsOf(Projection[] projected, double[] beta) {
        double[] effects = projected[beta.length].effects.clone();
        for (int j = 0; j < beta.length; j++) {
            double[] a = projected[j].effects;
            for (int l = 0; l < effects.length; l++) effects[l] -= beta[j] * a[l];
        }
        return effects;
    }

    /** v − Xβ, in double. */
    private static double[] subtract(double[] v, Design d, double[] beta) {
        double[] out = v.clone();
        for (int j = 0; j < beta.length; j++) {
            double[] x = d.column(j);
            double b = beta[j];
            if (b != 0) for (int i = 0; i < out.length; i++) out[i] -= x[i] * b;
        }
        return out;
    }

    /** b − Xβ − Da, each row's sum in double-double from the data's own parts, rounded once. */
    private static double[] residual(Design d, double[] beta, double[] effects, Groupings groups) {
        int m = d.rows;
        double[] out = new double[m], t = new double[2];
        for (int i = 0; i < m; i++) {
            d.residual(i, beta, t);
            DoubleDouble.add(t[0], t[1], -effects[groups.g[i]], 0, t);
            DoubleDouble.add(t[0], t[1], -effects[groups.gLevels + groups.h[i]], 0, t);
            out[i] = t[0] + t[1];
        }
        return out;
    }

    /** A vector projected off both groupings: what is left, the effects a (Da the part removed), and how it went. */
    record Projection(double[] left, double[] effects, int steps, boolean converged) {}

    /**
     * The two groupings' row-to-level maps, with the rows' weights (for iteratively reweighted least squares; null for
     * every row 1, and a row of weight 0 is left out): DᵀWD's products and diagonal, and the connected sets of levels.
     */
    static final class Groupings {
        final int[] g, h, gCounts, hCounts;
        final int gLevels, levels;
        private final double[] weights;
        /** DᵀWD's diagonal: the levels' weights (their row counts, unweighted), α's then γ's. */
        private final double[] counts;
        /** Each level's connected set, named by its lowest level (α's levels first). */
        private final int[] set;

        Groupings(int[] g, int gLevels, int[] h, int hLevels) { this(g, gLevels, h, hLevels, null); }

        Groupings(int[] g, int gLevels, int[] h, int hLevels, double[] weights) {
            this.g = g;
            this.h = h;
            this.gLevels = gLevels;
            this.levels = gLevels + hLevels;
            this.weights = weights;
            gCounts = new int[gLevels];
            hCounts = new int[hLevels];
            counts = new double[levels];
            for (int i = 0; i < g.length; i++) {
                double w = weight(i);
                if (w == 0) continue;
                gCounts[g[i]]++;
                hCounts[h[i]]++;
                counts[g[i]] += w;
                counts[gLevels + h[i]] += w;
            }
            set = setOf();
        }

        private double weight(int i) { return weights == null ? 1 : weights[i]; }

        /** out = DᵀWD a: each row's α + γ, weighted, added to both of its levels. */
        private void normalTimes(double[] a, double[] out) {
            Arrays.fill(out, 0);
            for (int i = 0; i < g.length; i++) {
                int gi = g[i], hi = gLevels + h[i];
                double t = weight(i) * (a[gi] + a[hi]);
                out[gi] += t;
                out[hi] += t;
            }
        }

        /**
         * v minus its (weighted) least-squares fit by the effects, by preconditioned conjugate gradients from a = 0.
         * The tolerance is relative to v's own (weighted) length.
         */
        Projection project(double[] v) {
            int n = levels;
            double[] r = new double[n];
            double scale = 0;
            for (int i = 0; i < g.length; i++) {
                double wv = weight(i) * v[i];
                r[g[i]] += wv;
                r[gLevels + h[i]] += wv;
                scale += wv * v[i];
            }
            offNullSpace(r);
            double[] a = new double[n], z = new double[n], q = new double[n], dir = new double[n];
            double rz = precondition(r, z);
            System.arraycopy(z, 0, dir, 0, n);
            int steps = 0, bestStep = 0;
            double best = rz;
            while (rz > TOLERANCE * TOLERANCE * scale && steps - bestStep < STALL && steps < MAX_STEPS) {
                if ((steps & 63) == 0) Interruption.check("the projection off the two groupings");
                normalTimes(dir, q);
                double curvature = 0;
                for (int l = 0; l < n; l++) curvature += dir[l] * q[l];
                if (!(curvature > 0)) break;
                double step = rz / curvature;
                for (int l = 0; l < n; l++) {
                    a[l] += step * dir[l];
                    r[l] -= step * q[l];
                }
                offNullSpace(r);
                steps++;
                double next = precondition(r, z);
                if (next < best) {
                    best = next;
                    bestStep = steps;
                }
                double ratio = next / rz;
                for (int l = 0; l < n; l++) dir[l] = z[l] + ratio * dir[l];
                rz = next;
            }
            double[] left = v.clone();
            for (int i = 0; i < left.length; i++) left[i] -= a[g[i]] + a[gLevels + h[i]];
            return new Projection(left, a, steps, best <= ACCEPTABLE * ACCEPTABLE * scale);
        }

        /**
         * The residual of the normal equations is orthogonal to DᵀWD's null space (a constant added to α and taken from
         * γ in each set), but its rounding is not: left there, it grows as the rest shrinks, and conjugate gradients
         * would follow that flat direction instead of converging. Removed in the counts' metric, set by set.
         */
        private void offNullSpace(double[] r) {
            double[] along = new double[levels], weight = new double[levels];
            for (int l = 0; l < levels; l++) {
                along[set[l]] += l < gLevels ? r[l] : -r[l];
                weight[set[l]] += counts[l];
            }
            for (int l = 0; l < levels; l++) {
                if (weight[set[l]] > 0) r[l] -= (l < gLevels ? 1 : -1) * counts[l] * along[set[l]] / weight[set[l]];
            }
        }

        /** z = r divided by the counts (0 for a level without rows); returns rᵀz. */
        private double precondition(double[] r, double[] z) {
            double rz = 0;
            for (int l = 0; l < r.length; l++) {
                z[l] = counts[l] > 0 ? r[l] / counts[l] : 0;
                rz += r[l] * z[l];
            }
            return rz;
        }

        /** Each level's connected set (levels linked through rows), by union–find; α's levels first. */
        private int[] setOf() {
            int[] parent = new int[levels];
            for (int l = 0; l < levels; l++) parent[l] = l;
            for (int i = 0; i < g.length; i++) {
                if (weight(i) == 0) continue;
                int a = root(parent, g[i]), b = root(parent, gLevels + h[i]);
                if (a != b) parent[Math.max(a, b)] = Math.min(a, b);
            }
            for (int l = 0; l < levels; l++) parent[l] = root(parent, l);
            return parent;
        }

        private static int root(int[] parent, int l) {
            while (parent[l] != l) {
                parent[l] = parent[parent[l]];
                l = parent[l];
            }
            return l;
        }

        /** The connected sets among the levels that have rows. */
        int sets() {
            int count = 0;
            for (int l = 0; l < levels; l++) if (set[l] == l && counts[l] > 0) count++;
            return count;
        }

        /** Moves each set's constant so that its lowest-numbered level of h has γ = 0. */
        void normalise(double[] effects) {
            double[] shift = new double[levels];
            boolean[] fixed = new boolean[levels];
            for (int l = gLevels; l < levels; l++) {
                if (counts[l] > 0 && !fixed[set[l]]) {
                    fixed[set[l]] = true;
                    shift[set[l]] = effects[l];
                }
            }
            for (int l = 0; l < gLevels; l++) effects[l] += shift[set[l]];
            for (int l = gLevels; l < levels; l++) effects[l] -= shift[set[l]];
        }
    }
}
