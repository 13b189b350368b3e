package mle.api;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.interrupt.Interruption;
import mle.compiler.ir.Objective;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.GroupEffects;
import mle.compiler.lower.GroupedLinearModel;
import mle.runtime.linear.Design;
import mle.runtime.linear.GroupedNewton;
import mle.runtime.stats.Inference;

/**
 * Profile-likelihood intervals of a fit with its groups' effects eliminated, where refitting 10⁵ parameters at each
 * point by the general optimiser would take minutes.
 *
 * <p>A Gaussian linear model's, in closed form. Holding a location parameter θ_j at t and fitting the rest
 * raises the residual sum of squares to RSS + (t − θ̂_j)²/V_jj, V = (ZᵀZ)⁻¹ the unscaled covariance (SE² = σ̂²V_jj), so
 * with σ estimated the profile rises by m/2·log(1 + (t − θ̂_j)²/(m·SE²)) and the interval is θ̂_j ± SE·√(m(e^{χ²/m} − 1));
 * with σ known it is the Wald interval. Holding σ, the mean's estimates do not move, and the profile is
 * m·log(σ/σ̂) + m(σ̂²/σ² − 1)/2, whose two crossings are found by Newton's method on r = σ̂²/σ².
 */
final class GroupedProfile {
    private GroupedProfile() {}

    /** Points of each curve, for the plots. */
    private static final int POINTS = 41;

    static List<ProfileInterval> gaussian(Objective objective, GroupedLinearModel model, FitResult fit, List<Integer> which,
                                          int rows) {
        int scale = model.shared().scaleParameter();
        double m = rows, cut = ProfileLikelihood.CUTOFF;
        List<ProfileInterval> out = new ArrayList<>();
        for (int j : which) {
            String name = objective.params().get(j).name();
            Estimate e = fit.estimates().get(j);
            double theta = e.value(), se = e.standardError();
            if (j == scale) {
                // r − 1 − log r = χ²/m: r > 1 gives the lower σ, r < 1 the upper.
                double lower = theta / Math.sqrt(root(cut / m, true)), upper = theta / Math.sqrt(root(cut / m, false));
                double[][] curve = new double[POINTS][];
                double from = Math.max(lower / 2, lower - (upper - lower) / 2), to = upper + (upper - lower) / 2;
                for (int k = 0; k < POINTS; k++) {
                    double s = from + (to - from) * k / (POINTS - 1.0), r = theta * theta / (s * s);
                    curve[k] = new double[] {s, m * (r - 1 - Math.log(r))};
                }
                out.add(interval(name, lower, upper, curve, true));
                continue;
            }
            double half = scale >= 0 ? se * Math.sqrt(m * Math.expm1(cut / m)) : se * Math.sqrt(cut);
            double[][] curve = new double[POINTS][];
            for (int k = 0; k < POINTS; k++) {
                double t = theta + 2 * half * (k - (POINTS - 1) / 2.0) / ((POINTS - 1) / 2.0);
                double z = (t - theta) / se;
                curve[k] = new double[] {t, scale >= 0 ? m * Math.log1p(z * z / m) : z * z};
            }
            out.add(interval(name, theta - half, theta + half, curve, false));
        }
        return out;
    }

    private static ProfileInterval interval(String name, double lower, double upper, double[][] curve, boolean scale) {
        return new ProfileInterval(name, lower, upper, 0, "exact: the profile of a Gaussian linear model in closed form"
                + (scale ? "" : ", the other parameters refitted"), curve);
    }

    /**
     * A logistic or Poisson regression's profiles of its shared coefficients: each point a refit with the coefficient
     * held (its column moved into the offset) by the same Newton's method with the levels eliminated. The likelihood is
     * convex in all its parameters jointly, so its profile is convex too and crosses the cutoff once on each side,
     * where the general profile's root finder finds it.
     */
    static List<ProfileInterval> glm(Objective objective, GeneralizedLinearModel.Grouped model, FitResult fit,
                                     List<Integer> which, double[][] columns, int rows) {
        GeneralizedLinearModel.Family family = model.shared().family();
        Design design = Design.of(model.shared(), columns, rows).orElseThrow();
        GroupEffects.Factor factor = model.factor();
        int[] group = new int[rows];
        double[] index = columns[factor.index().index];
        for (int i = 0; i < rows; i++) group[i] = (int) index[i] - 1;
        GroupedNewton.Solution optimum = GroupedNewton.solve(design, family, group, factor.levels());
        int[] location = model.shared().location();
        List<ProfileInterval> out = new ArrayList<>();
        for (int j : which) {
            int column = java.util.stream.IntStream.range(0, location.length).filter(c -> location[c] == j).findFirst().orElseThrow();
            String name = objective.params().get(j).name();
            Estimate e = fit.estimates().get(j);
            List<double[]> curve = new ArrayList<>();
            java.util.function.DoubleUnaryOperator deviance = t -> {
                GroupedNewton.Solution s = GroupedNewton.solve(design.holding(column, t), family, group, factor.levels());
                double d = s == null ? Double.POSITIVE_INFINITY : 2 * (s.value() - optimum.value());
                if (Double.isFinite(d)) curve.add(new double[] {t, d});
                return d - ProfileLikelihood.CUTOFF;
            };
            double step = Inference.Z95 * e.standardError();
            double lower, upper;
            try {
                lower = ProfileLikelihood.crossing(deviance, e.value(), -1, step);
                upper = ProfileLikelihood.crossing(deviance, e.value(), 1, step);
            } catch (Interruption.Stopped stopped) {
                out.add(new ProfileInterval(name, Double.NaN, Double.NaN, curve.size(), "", new double[0][]));
                continue;
            }
            curve.add(new double[] {e.value(), 0});
            curve.sort(java.util.Comparator.comparingDouble(q -> q[0]));
            out.add(new ProfileInterval(name, lower, upper, curve.size() - 1, "", curve.toArray(double[][]::new)));
        }
        return out;
    }

    /** The root of r − 1 − log r = c above 1 ({@code above}) or below it, by Newton's method from the side it is on. */
    private static double root(double c, boolean above) {
        double r = above ? 1 + Math.sqrt(2 * c) + c : Math.exp(-1 - c);
        for (int k = 0; k < 100; k++) {
            double f = r - 1 - Math.log(r) - c, step = f / (1 - 1 / r);
            r -= step;
            if (Math.abs(step) <= 1e-15 * r) break;
        }
        return r;
    }
}
