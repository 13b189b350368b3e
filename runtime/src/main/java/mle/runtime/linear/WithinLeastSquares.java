package mle.runtime.linear;

import mle.compiler.interrupt.Interruption;

/**
 * Least squares with one grouping's effects, y = offset + Xβ + α[g] + noise, by the within transformation: each
 * column of X and the response minus its group's mean, then ordinary least squares on what is left gives β̂ exactly
 * as the design with a column per level would (Frisch–Waugh–Lovell), and α̂_g is the group's mean residual. The
 * cost is linear in the rows and the levels, where the dense design would have a column per level: econometrics'
 * "fixed effects" (R's fixest and Stata's reghdfe absorb them the same way).
 *
 * <p>The means and the subtraction are carried in double-double like the rest of the design, and the solve is
 * {@link ExactLeastSquares}' (iterative refinement in double-double), so β̂ keeps its digits however large the
 * groups' means are next to the within variation.
 */
public final class WithinLeastSquares {
    private WithinLeastSquares() {}

    /**
     * @param within  the solve of the demeaned design: β̂, its RSS (the model's), (X̃ᵀX̃)⁻¹ and the rank check (a
     *                column constant within every group is dependent: the groups' effects absorb it)
     * @param effects α̂ by level (NaN for a level without rows, whose effect the data do not determine)
     * @param counts  the rows of each level
     * @param means   means[g][j]: the mean of column j over the rows of level g (what α̂_g's variance needs)
     * @param absorbed the first column that is constant within every group (the groups' effects absorb it, so its
     *                 coefficient is not determined), or −1
     */
    public record Solution(ExactLeastSquares.Solution within, double[] effects, int[] counts, double[][] means,
                           int absorbed) {}

    /**
     * @param group  each design row's level, 0..levels − 1
     * @param levels the number of levels
     */
    public static Solution solve(Design d, int[] group, int levels) {
        int m = d.rows, p = d.columns;
        if (group.length != m) throw new IllegalArgumentException("one level per row: " + group.length + " for " + m);
        int[] counts = new int[levels];
        for (int g : group) counts[g]++;
        double[][] xh = new double[p][], xl = new double[p][], means = new double[levels][p];
        int absorbed = -1;
        for (int j = 0; j < p; j++) {
            Interruption.check("the within transformation");
            double[][] demeaned = demeaned(d.hi[j], d.lo[j], group, counts);
            xh[j] = demeaned[0];
            xl[j] = demeaned[1];
            double[] mean = demeaned[2];
            for (int g = 0; g < levels; g++) means[g][j] = mean[g];
            // What is left of a column constant within each group is rounding, 10⁻³² of the column.
            if (absorbed < 0 && Design.dot(xh[j], xh[j]) <= 1e-24 * Design.dot(d.hi[j], d.hi[j])) absorbed = j;
        }
        double[][] b = demeaned(d.bHi, d.bLo, group, counts);
        double squares = 0;
        for (int i = 0; i < m; i++) squares += d.y[i] * d.y[i];
        Design centred = new Design(m, p, xh, xl, b[0], b[1], squares, d.y, d.offset);
        ExactLeastSquares.Solution within = ExactLeastSquares.solve(centred);
        double[] effects = new double[levels];
        if (absorbed >= 0 || within.dependentColumn() >= 0) {
            java.util.Arrays.fill(effects, Double.NaN);
            return new Solution(within, effects, counts, means, absorbed);
        }
        // α̂_g = mean over level g of (b − Xβ̂), summed in double-double.
        DoubleDouble.Accumulator[] sums = new DoubleDouble.Accumulator[levels];
        for (int g = 0; g < levels; g++) sums[g] = new DoubleDouble.Accumulator();
        double[] beta = within.coefficients();
        double[] t = new double[2];
        for (int i = 0; i < m; i++) {
            d.residual(i, beta, t);
            sums[group[i]].add(t[0], t[1]);
        }
        for (int g = 0; g < levels; g++) effects[g] = counts[g] == 0 ? Double.NaN : sums[g].value() / counts[g];
        return new Solution(within, effects, counts, means, -1);
    }

    /** A column minus its groups' means, in double-double: {hi, lo, the means by level}. */
    private static double[][] demeaned(double[] hi, double[] lo, int[] group, int[] counts) {
        int levels = counts.length, m = hi.length;
        DoubleDouble.Accumulator[] sums = new DoubleDouble.Accumulator[levels];
        for (int g = 0; g < levels; g++) sums[g] = new DoubleDouble.Accumulator();
        for (int i = 0; i < m; i++) sums[group[i]].add(hi[i], lo[i]);
        double[] meanHi = new double[levels], meanLo = new double[levels], t = new double[2];
        for (int g = 0; g < levels; g++) {
            if (counts[g] == 0) continue;
            DoubleDouble.divide(sums[g].hi, sums[g].lo, counts[g], 0, t);
            meanHi[g] = t[0];
            meanLo[g] = t[1];
        }
        double[] outHi = new double[m], outLo = new double[m];
        for (int i = 0; i < m; i++) {
            DoubleDouble.add(hi[i], lo[i], -meanHi[group[i]], -meanLo[group[i]], t);
            outHi[i] = t[0];
            outLo[i] = t[1];
        }
        double[] means = new double[levels];
        for (int g = 0; g < levels; g++) means[g] = meanHi[g] + meanLo[g];
        return new double[][] {outHi, outLo, means};
    }
}
