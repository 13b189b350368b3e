package mle.api;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.Objective;
import mle.compiler.lower.GroupedLinearModel;

/**
 * Profile-likelihood intervals of a Gaussian linear model with its groups' effects eliminated, in closed form, where
 * refitting 10⁵ parameters at each point would take minutes. Holding a location parameter θ_j at t and fitting the rest
 * raises the residual sum of squares to RSS + (t − θ̂_j)²/V_jj, V = (ZᵀZ)⁻¹ the unscaled covariance (SE² = σ̂²V_jj), so
 * with σ estimated the profile rises by m/2·log(1 + (t − θ̂_j)²/(m·SE²)) and the interval is θ̂_j ± SE·√(m(e^{χ²/m} − 1));
 * with σ known it is the Wald interval. Holding σ, the mean's estimates do not move, and the profile is
 * m·log(σ/σ̂) + m(σ̂²/σ² − 1)/2, whose two crossings are found by Newton's method on r = σ̂²/σ².
 */
final class LinearProfile {
    private LinearProfile() {}

    /** Points of each curve, for the plots. */
    private static final int POINTS = 41;

    static List<ProfileInterval> intervals(Objective objective, GroupedLinearModel model, FitResult fit, List<Integer> which,
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
