package mle.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import mle.compiler.ast.Names;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Schedule;
import mle.compiler.ir.Objective;
import mle.compiler.lower.GeneralizedLinearModel;
import mle.compiler.lower.GroupEffects;
import mle.compiler.lower.GroupedLinearModel;
import mle.compiler.lower.Unconstrained;
import mle.estimate.FitProblem;
import mle.runtime.ObjectiveFunction;
import mle.runtime.optim.Minimizer;
import mle.runtime.optim.Options;
import mle.runtime.optim.ProgressListener;
import mle.runtime.optim.Result;
import mle.runtime.stats.Inference;
import mle.runtime.truffle.TruffleObjective;

/**
 * Profile-likelihood intervals: for each parameter, where the profile f*(c) = min over the others of f with the parameter
 * held at c rises by χ²₁(0.95)/2 above the optimum. Each side is bracketed by stepping out from the estimate in
 * multiples of its Wald half-width (doubling), then its end found by the Illinois variant of regula falsi; every point
 * is a full fit of the other parameters, warm-started from the last. The search runs in the optimiser's unconstrained
 * coordinates, where every constraint is open, and the ends are mapped back.
 *
 * <p>All the fits share one time limit, the inner options' ({@code inner}): a side whose end the fits have not found
 * when it passes is not reached (NaN), and the intervals still to come are not reached on either side.
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
    /** System.nanoTime() at which the whole profile's time is up. */
    private final long deadline;
    private double lowestSeen;

    private ProfileLikelihood(Objective objective, ObjectiveFunction f, double[] uHat, double fHat, Options inner) {
        this.objective = objective;
        this.f = f;
        this.uHat = uHat;
        this.fHat = fHat;
        this.inner = inner;
        this.deadline = System.nanoTime() + mle.compiler.LargeStack.nanos(inner.timeLimit());
        this.lowestSeen = fHat;
    }

    /** Thrown when the profile's time limit is reached before a fit it needs has ended: that end is not reached. */
    private static final class OutOfTime extends RuntimeException {
        OutOfTime() { super("the profile's time limit was reached", null, false, false); }
    }

    /** The options of the next fit held fixed: the time that is left of the whole profile's; OutOfTime when none is. */
    private Options remaining() {
        long left = deadline - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) throw new OutOfTime();
        return inner.withTimeLimit(java.time.Duration.ofNanos(left));
    }

    /** A fit held fixed that was stopped by the time limit has no value to use: its end is not reached. */
    private static Result inTime(Result r) {
        if (r.verdict() == mle.runtime.optim.Verdict.TIME_LIMIT || r.verdict() == mle.runtime.optim.Verdict.INTERRUPTED) {
            throw new OutOfTime();
        }
        return r;
    }

    /** The end of one side, or NaN when the time limit came first. */
    private double endInTime(Profiled profile, double center, int sign, double step, double[] warm, Tally tally) {
        try {
            return end(profile, center, sign, step, warm, tally);
        } catch (OutOfTime | mle.compiler.interrupt.Interruption.Stopped stopped) {
            return Double.NaN;
        }
    }

    /** What a profile is asked for: parameters and `report` quantities, by index. */
    record Wanted(List<Integer> parameters, List<Integer> derived) {}

    /**
     * The parameters and `report` quantities of these names (all of them when {@code names} is empty, but the group
     * effects of a logistic or Poisson fit with its levels eliminated).
     *
     * @throws OptionException for a name the model does not have
     */
    static Wanted wanted(Objective objective, Objective.Mode mode, List<String> names) {
        List<Integer> which = new ArrayList<>(), derived = new ArrayList<>();
        List<String> wanted = new ArrayList<>(names);
        // A logistic or Poisson fit with its levels eliminated profiles its shared coefficients (each end a refit).
        java.util.BitSet effects = new java.util.BitSet();
        GeneralizedLinearModel.Grouped.of(objective, mode).ifPresent(g -> {
            for (GroupEffects.Factor f : g.factors()) for (int p : f.parameters()) effects.set(p);
        });
        if (wanted.isEmpty()) {
            objective.params().stream().filter(p -> !effects.get(p.index())).forEach(p -> wanted.add(p.name()));
            objective.derived().forEach(d -> wanted.add(d.name()));
        }
        for (String name : wanted) {
            String key = Names.canonical(name);
            int index = -1, quantity = -1;
            for (Objective.Parameter p : objective.params()) if (Names.canonical(p.name()).equals(key)) index = p.index();
            for (int d = 0; d < objective.derived().size(); d++) if (Names.canonical(objective.derived().get(d).name()).equals(key)) quantity = d;
            if (index < 0 && quantity < 0) throw new OptionException("the model has no parameter or reported quantity called `" + name + "`");
            if (index >= 0 && effects.get(index)) {
                throw new OptionException("`" + name + "` is a group effect of a fit whose levels are eliminated, which "
                        + "has profile intervals for its shared coefficients only; name those, or leave --profile bare");
            }
            if (index >= 0) which.add(index);
            else derived.add(quantity);
        }
        return new Wanted(which, derived);
    }

    /**
     * The intervals wanted at a converged fit of these rows, the parameters' first, all within the time left until
     * {@code deadline} (System.nanoTime()).
     */
    static List<ProfileInterval> atFit(Objective objective, double[][] columns, int rows, FitResult fit, Wanted wanted,
                                       long deadline) {
        java.util.Optional<GroupedLinearModel> grouped = GroupedLinearModel.of(objective, fit.mode());
        if (grouped.isPresent()) return GroupedProfile.gaussian(objective, grouped.get(), fit, wanted.parameters(), rows);
        java.util.Optional<GeneralizedLinearModel.Grouped> groupedGlm = GeneralizedLinearModel.Grouped.of(objective, fit.mode());
        if (groupedGlm.isPresent()) return GroupedProfile.glm(objective, groupedGlm.get(), fit, wanted.parameters(), columns, rows);
        double[] theta = new double[objective.params().size()];
        for (Objective.Parameter p : objective.params()) theta[p.index()] = fit.estimates().get(p.index()).value();
        double[] u = FitProblem.unconstrained(objective, theta), seU = new double[theta.length];
        for (Objective.Parameter p : objective.params()) {
            seU[p.index()] = fit.estimates().get(p.index()).standardError() / Math.abs(Unconstrained.transform(p, u[p.index()])[1]);
        }
        try (TruffleObjective f = new TruffleObjective(objective, fit.mode(), columns, rows)) {
            Options inner = Options.defaults();
            Supplier<Options> left = () -> inner.withTimeLimit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            List<ProfileInterval> out = new ArrayList<>(of(objective, f, u, f.value(u), seU, wanted.parameters(), left.get()));
            List<Integer> derived = wanted.derived();
            if (!derived.isEmpty()) {
                List<Node> gu = new ArrayList<>();
                synchronized (objective.builder()) {
                    for (int d : derived) gu.add(Unconstrained.rewrite(objective, objective.derived().get(d).value()));
                }
                out.addAll(ofDerived(objective, f, u, f.value(u),
                        derived.stream().map(d -> objective.derived().get(d).name()).toList(), gu,
                        derived.stream().mapToDouble(d -> fit.derived().get(d).standardError()).toArray(), left.get()));
            }
            return out;
        }
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

    /**
     * The intervals of derived quantities g(θ) (`report` statements): the profile at c is the least objective with
     * g(θ) = c, found by an augmented Lagrangian; {@code gu} is each g in the optimiser's coordinates, {@code se} its
     * delta-method standard error.
     */
    static List<ProfileInterval> ofDerived(Objective objective, ObjectiveFunction f, double[] uHat, double fHat,
                                           List<String> names, List<Node> gu, double[] se, Options inner) {
        ProfileLikelihood profile = new ProfileLikelihood(objective, f, uHat, fHat, inner);
        List<ProfileInterval> out = new ArrayList<>();
        for (int d = 0; d < names.size(); d++) out.add(profile.derivedInterval(names.get(d), gu.get(d), se[d]));
        return out;
    }

    /** The least objective with the profiled quantity held at c, fitting from {@code warm}, which is updated. */
    private interface Profiled {
        double at(double c, double[] warm);
    }

    /** What one side's search counts: the fits, and whether any did not converge. */
    private static final class Tally {
        int fits;
        boolean unconverged;
        /** Each visited point: the profiled quantity on the optimiser's scale, and 2·(f* − f̂). */
        final List<double[]> points = new ArrayList<>();
    }

    private ProfileInterval interval(int j, double seU) {
        Objective.Parameter p = objective.params().get(j);
        mle.compiler.LargeStack.step("the profile of " + p.name());
        double step = Double.isFinite(seU) && seU > 0 ? Inference.Z95 * seU : 0.1 * Math.max(1, Math.abs(uHat[j]));
        Tally tally = new Tally();
        Profiled held = (c, warm) -> heldFixed(j, c, warm, tally);
        double[] ends = new double[2], endsU = new double[2];
        List<String> notes = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            int sign = side == 0 ? -1 : 1;
            endsU[side] = endInTime(held, uHat[j], sign, step, without(uHat, j), tally);
            ends[side] = Unconstrained.transform(p, endsU[side])[0];
            if (Double.isInfinite(endsU[side])) notes.add(openSide(sign, p.isConstrained() && Double.isFinite(ends[side]) ? ends[side] : Double.NaN));
        }
        tally.points.add(new double[] {uHat[j], 0});
        fillIn(held, uHat[j], endsU, without(uHat, j), tally);
        for (double[] point : tally.points) point[0] = Unconstrained.transform(p, point[0])[0];
        return finish(p.name(), ends, tally, notes);
    }

    private ProfileInterval derivedInterval(String name, Node gu, double se) {
        mle.compiler.LargeStack.step("the profile of " + name);
        double[] values = evaluate(List.of(gu), uHat);
        double center = values[0];
        if (!Double.isFinite(center)) {
            return new ProfileInterval(name, Double.NaN, Double.NaN, 0, name + " is not a finite number at the estimates, "
                    + "so it has no profile", new double[0][]);
        }
        double step = Double.isFinite(se) && se > 0 ? Inference.Z95 * se : 0.1 * Math.max(1, Math.abs(center));
        Tally tally = new Tally();
        Profiled constrained = new Constrained(gu, tally, se);
        double[] ends = new double[2];
        List<String> notes = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            int sign = side == 0 ? -1 : 1;
            ends[side] = endInTime(constrained, center, sign, step, uHat.clone(), tally);
            if (Double.isInfinite(ends[side])) notes.add(openSide(sign, Double.NaN));
        }
        tally.points.add(new double[] {center, 0});
        fillIn(constrained, center, ends, uHat.clone(), tally);
        return finish(name, ends, tally, notes);
    }

    private static String openSide(int sign, double edge) {
        return "the profile stays within the cutoff out to " + (sign < 0 ? "the lower" : "the upper")
                + (Double.isNaN(edge) ? " end of the line" : " edge " + IrPrinter.number(edge) + " of the constraint")
                + ": the interval is open on that side";
    }

    private ProfileInterval finish(String name, double[] ends, Tally tally, List<String> notes) {
        if (tally.unconverged) notes.add("some fits with " + name + " held fixed did not converge: the ends are approximate");
        if (lowestSeen < fHat - 1e-9 * Math.max(1, Math.abs(fHat))) {
            notes.add("a fit with " + name + " held fixed found a lower objective (" + IrPrinter.number(lowestSeen)
                    + " < " + IrPrinter.number(fHat) + "): the fit was not at the optimum");
        }
        double[][] curve = tally.points.stream().filter(q -> Double.isFinite(q[0]) && Double.isFinite(q[1]))
                .sorted(java.util.Comparator.comparingDouble(q -> q[0])).toArray(double[][]::new);
        // An end not reached (NaN) stays on its side.
        boolean swapped = ends[0] > ends[1];
        return new ProfileInterval(name, swapped ? ends[1] : ends[0], swapped ? ends[0] : ends[1], tally.fits,
                String.join("; ", notes), curve);
    }

    /**
     * Three more points of the profile on each side, evenly between the estimate and the end, so that a plot of it shows
     * its shape and not only the points the root finder needed.
     */
    private void fillIn(Profiled profile, double center, double[] ends, double[] warm, Tally tally) {
        try {
            for (double end : ends) {
                if (!Double.isFinite(end)) continue;
                for (double fraction : new double[] {0.25, 0.5, 0.75}) deviance(profile, center + fraction * (end - center), warm, tally);
            }
        } catch (OutOfTime | mle.compiler.interrupt.Interruption.Stopped stopped) {
            // The plot has fewer points; the ends are found.
        }
    }

    /** The end of the interval on one side of {@code center}: ±∞ when the profile never rises to the cutoff. */
    private double end(Profiled profile, double center, int sign, double step, double[] warm, Tally tally) {
        return crossing(c -> deviance(profile, c, warm, tally), center, sign, step);
    }

    /**
     * Where {@code deviance} (2·(f*(c) − f̂) − χ²₁(0.95), negative at the estimate) crosses 0 on one side of
     * {@code center}, or ±∞ when it does not within 2¹⁴ steps: bracketed by doubling the step, then regula falsi.
     */
    static double crossing(java.util.function.DoubleUnaryOperator deviance, double center, int sign, double step) {
        double inside = 0, outside = Double.NaN, dInside = -CUTOFF, dOutside = Double.NaN;
        double t = step;
        for (int m = 0; m <= EXPANSIONS; m++, t *= 2) {
            double d = deviance.applyAsDouble(center + sign * t);
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
            double d = deviance.applyAsDouble(center + sign * c);
            if (Math.abs(d) < 1e-9 || outside - inside < 1e-12 * Math.max(1, Math.abs(center) + c)) return center + sign * c;
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
        return center + sign * 0.5 * (inside + outside);
    }

    /** 2·(f*(c) − f̂) − χ²₁(0.95). */
    private double deviance(Profiled profile, double c, double[] warm, Tally tally) {
        double value = profile.at(c, warm);
        if (!Double.isFinite(value)) return Double.POSITIVE_INFINITY;   // beyond where the model is defined: outside
        lowestSeen = Math.min(lowestSeen, value);
        tally.points.add(new double[] {c, 2 * (value - fHat)});
        return 2 * (value - fHat) - CUTOFF;
    }

    /** The least objective with coordinate j held at c, the others fitted from {@code warm}. */
    private double heldFixed(int j, double c, double[] warm, Tally tally) {
        Options left = remaining();
        tally.fits++;
        if (warm.length == 0) return f.value(new double[] {c});   // a model of one parameter: its profile is the objective
        Result r = inTime(Minimizer.minimize(new HeldFixed(f, j, c), warm, left, ProgressListener.NONE));
        if (!r.converged()) tally.unconverged = true;
        if (Double.isFinite(r.value())) System.arraycopy(r.u(), 0, warm, 0, warm.length);
        return r.value();
    }

    /** The values of parameter-only nodes at u. */
    private double[] evaluate(List<Node> nodes, double[] u) {
        return new Evaluator(new Schedule(nodes)).evaluate(u, new double[objective.columns().size()][0], 0);
    }

    /**
     * min f(u) subject to g(u) = c by an augmented Lagrangian: minimise f + λ·h + ½ρ·h² with h = g − c, then move λ by
     * ρ·h, until h is 0 to rounding; ρ grows tenfold where h does not shrink fourfold.
     */
    private final class Constrained implements Profiled {
        private final List<Node> outputs = new ArrayList<>();
        private final Tally tally;
        private final double scale;
        private final int k;

        Constrained(Node gu, Tally tally, double se) {
            this.tally = tally;
            this.k = uHat.length;
            this.scale = Double.isFinite(se) && se > 0 ? se : 1;
            outputs.add(gu);
            synchronized (objective.builder()) {
                mle.compiler.ir.Differentiator d = new mle.compiler.ir.Differentiator(objective.builder());
                Node[][] h = d.hessian(gu, k);
                outputs.addAll(List.of(d.gradient(gu, k)));
                for (Node[] row : h) outputs.addAll(List.of(row));
            }
        }

        @Override
        public double at(double c, double[] warm) {
            Schedule schedule = new Schedule(outputs);
            double lambda = 0, rho = 10 / (scale * scale), previous = Double.POSITIVE_INFINITY;
            Result r = null;
            for (int round = 0; round < 40; round++) {
                double l = lambda, p = rho;
                ObjectiveFunction penalised = new ObjectiveFunction() {
                    @Override public int dimension() { return k; }

                    private double[] g(double[] u) {
                        return new Evaluator(schedule).evaluate(u, new double[objective.columns().size()][0], 0);
                    }

                    @Override public double valueAndGradient(double[] u, double[] gradient) {
                        double[] g = g(u);
                        double h = g[0] - c, fu = f.valueAndGradient(u, gradient);
                        for (int i = 0; i < k; i++) gradient[i] += (l + p * h) * g[1 + i];
                        return fu + l * h + 0.5 * p * h * h;
                    }

                    @Override public double value(double[] u) {
                        double h = g(u)[0] - c;
                        return f.value(u) + l * h + 0.5 * p * h * h;
                    }

                    @Override public void hessian(double[] u, double[][] hessian) {
                        double[] g = g(u);
                        double h = g[0] - c;
                        f.hessian(u, hessian);
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) hessian[i][j] += (l + p * h) * g[1 + k + i * k + j] + p * g[1 + i] * g[1 + j];
                        }
                    }
                };
                r = inTime(Minimizer.minimize(penalised, warm, remaining(), ProgressListener.NONE));
                tally.fits++;
                if (!Double.isFinite(r.value())) return Double.NaN;
                System.arraycopy(r.u(), 0, warm, 0, k);
                double h = new Evaluator(schedule).evaluate(warm, new double[objective.columns().size()][0], 0)[0] - c;
                if (Math.abs(h) <= 1e-10 * Math.max(scale, Math.abs(c))) return f.value(warm);
                lambda += rho * h;
                if (Math.abs(h) > 0.25 * previous) rho *= 10;
                previous = Math.abs(h);
            }
            tally.unconverged = true;
            return f.value(warm);
        }
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
