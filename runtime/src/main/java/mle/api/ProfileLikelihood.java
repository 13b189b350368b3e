package mle.api;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Objective;
import mle.compiler.lower.Unconstrained;
import mle.runtime.ObjectiveFunction;
import mle.runtime.optim.Minimizer;
import mle.runtime.optim.Options;
import mle.runtime.optim.ProgressListener;
import mle.runtime.optim.Result;
import mle.runtime.stats.Inference;

/**
 * Profile-likelihood intervals: for each parameter, where the profile f*(c) = min over the others of f with the parameter
 * held at c rises by χ²₁(0.95)/2 above the optimum. Each side is bracketed by stepping out from the estimate in
 * multiples of its Wald half-width (doubling), then its end found by the Illinois variant of regula falsi; every point
 * is a full fit of the other parameters, warm-started from the last. The search runs in the optimiser's unconstrained
 * coordinates, where every constraint is open, and the ends are mapped back.
 *
 * <p>Ours because no library profiles a likelihood given as a compiled objective; the root finding is the textbook one.
 */
final class ProfileLikelihood {
    /** χ²₁(0.95) = z²(0.975): twice the rise of the negative log-likelihood at the interval's ends. */
    static final double CUTOFF = Inference.Z95 * Inference.Z95;
    /** How many doublings of the step are tried before a side counts as open: 2¹⁴ Wald half-widths. */
    private static final int EXPANSIONS = 14;
    private static final int MAX_ITERATIONS = 60;

    private final Objective objective;
    private final ObjectiveFunction f;
    private final double[] uHat;
    private final double fHat;
    private final Options inner;
    private double lowestSeen;

    private ProfileLikelihood(Objective objective, ObjectiveFunction f, double[] uHat, double fHat, Options inner) {
        this.objective = objective;
        this.f = f;
        this.uHat = uHat;
        this.fHat = fHat;
        this.inner = inner;
        this.lowestSeen = fHat;
    }

    /**
     * The intervals of the parameters {@code which}, at the optimum {@code uHat} (where f is {@code fHat}), with Wald
     * standard errors {@code seU} in the optimiser's coordinates to size the first steps.
     */
    static List<ProfileInterval> of(Objective objective, ObjectiveFunction f, double[] uHat, double fHat, double[] seU,
                                    List<Integer> which, Options inner) {
        ProfileLikelihood profile = new ProfileLikelihood(objective, f, uHat, fHat, inner);
        List<ProfileInterval> out = new ArrayList<>();
        for (int j : which) out.add(profile.interval(j, seU[j]));
        return out;
    }

    private ProfileInterval interval(int j, double seU) {
        Objective.Parameter p = objective.params().get(j);
        double step = Double.isFinite(seU) && seU > 0 ? Inference.Z95 * seU : 0.1 * Math.max(1, Math.abs(uHat[j]));
        List<String> notes = new ArrayList<>();
        int[] fits = {0};
        boolean[] unconverged = {false};
        double[] ends = new double[2];
        for (int side = 0; side < 2; side++) {
            int sign = side == 0 ? -1 : 1;
            double end = end(j, sign, step, fits, unconverged);
            ends[side] = Unconstrained.transform(p, end)[0];
            if (Double.isInfinite(end)) {
                notes.add("the profile stays within the cutoff out to " + (sign < 0 ? "the lower" : "the upper")
                        + (p.isConstrained() && Double.isFinite(ends[side]) ? " edge " + IrPrinter.number(ends[side]) + " of the constraint"
                        : " end of the line") + ": the interval is open on that side");
            }
        }
        if (unconverged[0]) notes.add("some fits with " + p.name() + " held fixed did not converge: the ends are approximate");
        if (lowestSeen < fHat - 1e-9 * Math.max(1, Math.abs(fHat))) {
            notes.add("a fit with " + p.name() + " held fixed found a lower objective (" + IrPrinter.number(lowestSeen)
                    + " < " + IrPrinter.number(fHat) + "): the fit was not at the optimum");
        }
        return new ProfileInterval(p.name(), Math.min(ends[0], ends[1]), Math.max(ends[0], ends[1]), fits[0], String.join("; ", notes));
    }

    /** The end of the interval on one side, in u: ±∞ when the profile never rises to the cutoff. */
    private double end(int j, int sign, double step, int[] fits, boolean[] unconverged) {
        double[] warm = without(uHat, j);
        double inside = 0, outside = Double.NaN, dInside = -CUTOFF, dOutside = Double.NaN;
        double t = step;
        for (int m = 0; m <= EXPANSIONS; m++, t *= 2) {
            double d = deviance(j, uHat[j] + sign * t, warm, fits, unconverged);
            if (d > 0) {
                outside = t;
                dOutside = d;
                break;
            }
            inside = t;
            dInside = d;
        }
        if (Double.isNaN(outside)) return sign * Double.POSITIVE_INFINITY;
        // Illinois: regula falsi that halves the weight of an end kept twice, so both ends close in.
        int kept = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double c = outside - dOutside * (outside - inside) / (dOutside - dInside);
            if (!(c > inside && c < outside)) c = 0.5 * (inside + outside);
            double d = deviance(j, uHat[j] + sign * c, warm, fits, unconverged);
            if (Math.abs(d) < 1e-9 || outside - inside < 1e-12 * Math.max(1, Math.abs(uHat[j]) + c)) return uHat[j] + sign * c;
            if (d > 0) {
                outside = c;
                dOutside = d;
                if (kept == 1) dInside /= 2;
                kept = 1;
            } else {
                inside = c;
                dInside = d;
                if (kept == -1) dOutside /= 2;
                kept = -1;
            }
        }
        return uHat[j] + sign * 0.5 * (inside + outside);
    }

    /** 2·(f*(c) − f̂) − χ²₁(0.95), fitting the others from {@code warm}, which is updated to their optimum. */
    private double deviance(int j, double c, double[] warm, int[] fits, boolean[] unconverged) {
        ObjectiveFunction held = new HeldFixed(f, j, c);
        fits[0]++;
        double value;
        if (warm.length == 0) {
            value = f.value(new double[] {c});   // a model of one parameter: its profile is the objective itself
        } else {
            Result r = Minimizer.minimize(held, warm, inner, ProgressListener.NONE);
            if (!r.converged()) unconverged[0] = true;
            value = r.value();
            if (Double.isFinite(value)) System.arraycopy(r.u(), 0, warm, 0, warm.length);
        }
        if (!Double.isFinite(value)) return Double.POSITIVE_INFINITY;   // beyond where the model is defined: outside
        lowestSeen = Math.min(lowestSeen, value);
        return 2 * (value - fHat) - CUTOFF;
    }

    private static double[] without(double[] u, int j) {
        double[] out = new double[u.length - 1];
        for (int i = 0, k = 0; i < u.length; i++) if (i != j) out[k++] = u[i];
        return out;
    }

    /** f with coordinate j held at c: a function of the other coordinates. */
    private record HeldFixed(ObjectiveFunction f, int j, double c) implements ObjectiveFunction {
        @Override public int dimension() { return f.dimension() - 1; }

        private double[] full(double[] x) {
            double[] u = new double[x.length + 1];
            for (int i = 0, k = 0; i < u.length; i++) u[i] = i == j ? c : x[k++];
            return u;
        }

        @Override public double valueAndGradient(double[] x, double[] gradient) {
            double[] g = new double[x.length + 1];
            double value = f.valueAndGradient(full(x), g);
            for (int i = 0, k = 0; i < g.length; i++) if (i != j) gradient[k++] = g[i];
            return value;
        }

        @Override public double value(double[] x) { return f.value(full(x)); }

        @Override public void hessian(double[] x, double[][] hessian) {
            double[][] h = new double[x.length + 1][x.length + 1];
            f.hessian(full(x), h);
            for (int a = 0, r = 0; a < h.length; a++) {
                if (a == j) continue;
                for (int b = 0, s = 0; b < h.length; b++) if (b != j) hessian[r][s++] = h[a][b];
                r++;
            }
        }
    }
}
