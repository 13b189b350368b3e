package mle.runtime.optim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import mle.runtime.ObjectiveFunction;

/**
 * The optimiser: minimises an {@link ObjectiveFunction} in its unconstrained coordinates u.
 *
 * <p>Default pipeline ({@link Options.Method#AUTO}): L-BFGS with a strong-Wolfe line search, then, when the
 * dimension is at most {@link Options#newtonMaxDimension()} and the objective provides a Hessian, a trust-region
 * Newton polish with the exact Hessian. The polish is what makes badly scaled problems come out right: on NIST
 * Misra1a (parameters 10⁶ apart in scale) L-BFGS alone stalls with a large gradient (and says so: STALLED); the
 * polish brings the gradient to rounding level and all 11 certified digits. The polish runs after every L-BFGS
 * ending except those that leave nothing to polish from (time or evaluation limit, interruption, unbounded or
 * non-finite objective).
 *
 * <p>Stopping rules (see {@link Verdict}), with the <em>scaled gradient</em>
 * {@code sg = max_i |g_i|·max(|u_i|,1)/max(|f|,1)}:
 * <ul>
 * <li>{@code sg ≤ gtol}: {@link Verdict#CONVERGED_GRADIENT}. The scaling makes the test relative to the size of
 * the objective (so it is not invariant to adding a constant to f) and to the units of parameters larger than 1; below 1 (in |u_i| or |f|) it is
 * absolute, which suits an NLL, whose units are absolute (a change of 0.5 is the edge of a 1-SE interval).</li>
 * <li>Newton phase, positive definite Hessian and Newton decrement gᵀH⁻¹g/2 below the rounding level of f:
 * {@link Verdict#CONVERGED_NEWTON_DECREMENT} (no decrease left to find; the gradient may be above gtol only by
 * rounding).</li>
 * <li>Relative change {@code |f_{k−1} − f_k| ≤ ftol·max(|f_{k−1}|,|f_k|,1)} over one iteration, or no decrease
 * possible at rounding level: {@link Verdict#CONVERGED_RELATIVE_CHANGE} when {@code sg ≤ acceptableGradient},
 * else {@link Verdict#STALLED} (not converged: what L-BFGS does on Misra1a).</li>
 * <li>Limits: {@link Verdict#MAX_ITERATIONS} (per phase), {@link Verdict#MAX_EVALUATIONS},
 * {@link Verdict#TIME_LIMIT} (System.nanoTime, checked before every evaluation), {@link Verdict#INTERRUPTED}.</li>
 * <li>Failures: {@link Verdict#LINE_SEARCH_FAILED}, {@link Verdict#NON_FINITE} (at the start),
 * {@link Verdict#UNBOUNDED} (f = −∞, or f ≤ −10¹⁰⁰ or |u| ≥ 10¹⁰⁰).</li>
 * </ul>
 * Non-finite values (NaN, ±∞) met on the way are treated as walls by the line search and the trust region: the
 * step is pulled back, never an exception. The result is always the best accepted point.
 */
public final class Minimizer {
    private Minimizer() {
    }

    /** Mutable state shared by the phases: the current (best accepted) iterate and how the last phase ended. */
    static final class State {
        final double[] x;
        final double[] g;
        double f;
        int iterations;
        int phaseIterations;
        Verdict verdict;
        String detail;

        State(double[] x) {
            this.x = x.clone();
            this.g = new double[x.length];
        }

        void finish(Verdict v, String d) {
            verdict = v;
            detail = d;
        }
    }

    /** Minimises with the default options and no progress reports. */
    public static Result minimize(ObjectiveFunction f, double[] start) {
        return minimize(f, start, Options.defaults(), ProgressListener.NONE);
    }

    /**
     * Minimises f from {@code start}.
     *
     * @param f        the objective (value and gradient in one pass, Hessian on demand)
     * @param start    the starting point in u (length f.dimension(); not modified)
     * @param options  tolerances, limits and method
     * @param listener called after every iteration (may be {@link ProgressListener#NONE})
     * @return the best point found and the verdict; never throws for numerical reasons
     */
    public static Result minimize(ObjectiveFunction f, double[] start, Options options, ProgressListener listener) {
        return minimize(f, null, start, options, listener);
    }

    /**
     * Minimises f from {@code start}; when {@code leastSquares} is given (f is then that problem's negative
     * log-likelihood) and the method is AUTO, Levenberg–Marquardt on the residual sum of squares runs first, the
     * scale is put at its optimum for that RSS, and the trust-region Newton polish finishes on f itself.
     */
    public static Result minimize(ObjectiveFunction f, LeastSquaresProblem leastSquares, double[] start,
                                  Options options, ProgressListener listener) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(options, "options");
        if (listener == null) {
            listener = ProgressListener.NONE;
        }
        int n = f.dimension();
        if (start.length != n) {
            throw new IllegalArgumentException("start has length " + start.length + " but the objective has "
                    + "dimension " + n);
        }
        long limit;
        try {
            limit = options.timeLimit().toNanos();
        } catch (ArithmeticException e) {
            limit = Long.MAX_VALUE;
        }
        Budget budget = new Budget(f, options.maxEvaluations(), limit);
        State st = new State(start);
        List<Result.Phase> phases = new ArrayList<>();

        try {
            st.f = budget.valueAndGradient(st.x, st.g);
        } catch (Budget.Stop stop) {
            java.util.Arrays.fill(st.g, Double.NaN);
            return result(st.x, Double.NaN, st.g, 0, budget, stop.verdict,
                    stop.verdict.sentence() + " before the first evaluation", phases);
        }
        if (!Double.isFinite(st.f) || !LineSearch.allFinite(st.g)) {
            return result(st.x, st.f, st.g, 0, budget, Verdict.NON_FINITE, Verdict.NON_FINITE.sentence()
                    + (Double.isFinite(st.f) ? ": the gradient" : ": the objective (" + st.f + ")")
                    + " is not finite at the starting point", phases);
        }

        String note = "";
        Options.Method method = options.method();
        if (usesLeastSquares(options, leastSquares) && runLeastSquares(budget, leastSquares, st, options, listener, phases)) {
            return finish(st, budget, phases, note);
        }
        if (method == Options.Method.NEWTON || (method == Options.Method.AUTO && n <= options.newtonMaxDimension()
                && n > 0)) {
            if (method == Options.Method.AUTO) {
                // L-BFGS as the cheap first phase; a crawl is cut short since the Newton polish follows.
                runLbfgs(budget, st, options, Math.min(options.maxIterations(), autoLbfgsIterations(n)), listener,
                        phases);
                if (!polishable(st.verdict)) {
                    return finish(st, budget, phases, note);
                }
            }
            double[] x0 = st.x.clone();
            double[] g0 = st.g.clone();
            double f0 = st.f;
            Verdict v0 = st.verdict;
            String d0 = st.detail;
            long evals = budget.evaluations();
            try {
                TrustRegionNewton.run(budget, st, options, listener);
                phases.add(new Result.Phase(TrustRegionNewton.NAME, st.phaseIterations,
                        budget.evaluations() - evals, st.verdict, st.f, scaledGradient(st.x, st.f, st.g)));
            } catch (TrustRegionNewton.NoHessian e) {
                System.arraycopy(x0, 0, st.x, 0, n);
                System.arraycopy(g0, 0, st.g, 0, n);
                st.f = f0;
                st.verdict = v0;
                st.detail = d0;
                note = " (no Newton step: " + e.getMessage() + ")";
                if (method == Options.Method.NEWTON) {
                    runLbfgs(budget, st, options, options.maxIterations(), listener, phases);
                } else if (v0 == Verdict.MAX_ITERATIONS && st.iterations < options.maxIterations()) {
                    // AUTO cut L-BFGS short for a polish that cannot run: give L-BFGS the rest of its iterations.
                    runLbfgs(budget, st, options, options.maxIterations() - st.iterations, listener, phases);
                }
            }
        } else {
            runLbfgs(budget, st, options, options.maxIterations(), listener, phases);
        }
        return finish(st, budget, phases, note);
    }

    /** Whether AUTO starts with Levenberg–Marquardt: a least-squares likelihood, of a size the Newton polish takes. */
    private static boolean usesLeastSquares(Options options, LeastSquaresProblem leastSquares) {
        return leastSquares != null && options.method() == Options.Method.AUTO
                && leastSquares.location().length <= options.newtonMaxDimension();
    }

    /** Which methods {@link #minimize} runs for these options and objective, and why, in a sentence for people. */
    public static String plan(Options options, int dimension, LeastSquaresProblem leastSquares) {
        if (usesLeastSquares(options, leastSquares)) {
            return LevenbergMarquardt.NAME + " on the residual sum of squares, then " + TrustRegionNewton.NAME
                    + " with the exact Hessian of the likelihood: the likelihood is Gaussian with a scale apart from the "
                    + "mean, so the mean's parameters minimise the RSS whatever the scale, and σ̂² = RSS/m";
        }
        return switch (options.method()) {
            case LBFGS -> Lbfgs.NAME + ", as asked";
            case NEWTON -> TrustRegionNewton.NAME + " with the exact Hessian, as asked";
            case AUTO -> dimension <= options.newtonMaxDimension()
                    ? Lbfgs.NAME + ", then " + TrustRegionNewton.NAME + " with the exact Hessian: a smooth objective of "
                            + dimension + " parameter" + (dimension == 1 ? "" : "s")
                    : Lbfgs.NAME + ": more than " + options.newtonMaxDimension() + " parameters, too many for the "
                            + "exact Hessian";
        };
    }

    /**
     * Levenberg–Marquardt on the RSS, the scale at its optimum, then the Newton polish on f (L-BFGS where there is
     * no Hessian). Returns false, with st as it was, when the least-squares phase had nothing to hand over (not
     * finite at the start): the caller then runs its usual pipeline.
     */
    private static boolean runLeastSquares(Budget budget, LeastSquaresProblem problem, State st, Options options,
                                           ProgressListener listener, List<Result.Phase> phases) {
        double[] u = st.x.clone();
        long evals = budget.evaluations();
        LevenbergMarquardt.Ending lm;
        try {
            lm = LevenbergMarquardt.run(budget, problem, u, options, listener);
        } catch (Budget.Stop stop) {
            lm = new LevenbergMarquardt.Ending(stop.verdict, stop.verdict.sentence(), 0, Double.NaN, Double.NaN);
        }
        phases.add(new Result.Phase(LevenbergMarquardt.NAME, lm.iterations(), budget.evaluations() - evals,
                lm.verdict(), lm.rss(), lm.cosine()));
        if (lm.verdict() == Verdict.NON_FINITE) {
            return false;
        }
        if (Double.isFinite(lm.rss())) {
            problem.concentrate(u, lm.rss());
        }
        double[] g = new double[u.length];
        double fu;
        try {
            fu = budget.valueAndGradient(u, g);
        } catch (Budget.Stop stop) {
            st.finish(stop.verdict, "after " + LevenbergMarquardt.NAME);
            return true;
        }
        if (!Double.isFinite(fu) || !LineSearch.allFinite(g)) {
            return false;
        }
        System.arraycopy(u, 0, st.x, 0, u.length);
        System.arraycopy(g, 0, st.g, 0, g.length);
        st.f = fu;
        st.iterations = lm.iterations();
        st.finish(lm.verdict(), lm.detail());
        if (!polishable(lm.verdict())) {
            return true;
        }
        long before = budget.evaluations();
        try {
            TrustRegionNewton.run(budget, st, options, listener);
            phases.add(new Result.Phase(TrustRegionNewton.NAME, st.phaseIterations, budget.evaluations() - before,
                    st.verdict, st.f, scaledGradient(st.x, st.f, st.g)));
        } catch (TrustRegionNewton.NoHessian e) {
            runLbfgs(budget, st, options, options.maxIterations(), listener, phases);
        }
        return true;
    }

    /** The L-BFGS iterations AUTO allows before handing over to the Newton polish: max(100, 20·n). */
    static int autoLbfgsIterations(int n) {
        return Math.max(100, 20 * n);
    }

    private static void runLbfgs(Budget budget, State st, Options options, int maxIterations,
                                 ProgressListener listener, List<Result.Phase> phases) {
        long evals = budget.evaluations();
        Lbfgs.run(budget, st, options, maxIterations, listener);
        phases.add(new Result.Phase(Lbfgs.NAME, st.phaseIterations, budget.evaluations() - evals, st.verdict, st.f,
                scaledGradient(st.x, st.f, st.g)));
    }

    private static boolean polishable(Verdict v) {
        return switch (v) {
            case CONVERGED_GRADIENT, CONVERGED_RELATIVE_CHANGE, STALLED, MAX_ITERATIONS, LINE_SEARCH_FAILED -> true;
            default -> false;
        };
    }

    private static Result finish(State st, Budget budget, List<Result.Phase> phases, String note) {
        StringBuilder how = new StringBuilder();
        for (Result.Phase p : phases) {
            if (!how.isEmpty()) {
                how.append(" + ");
            }
            how.append(p.iterations()).append(' ').append(p.method());
        }
        String message = st.verdict.sentence() + " (" + st.detail + ") after " + how + " iterations, "
                + count(budget.evaluations(), "evaluation") + (budget.hessians() > 0 ? ", " + count(budget.hessians(), "Hessian") : "")
                + note;
        return result(st.x, st.f, st.g, st.iterations, budget, st.verdict, message, phases);
    }

    private static String count(long n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

    private static Result result(double[] x, double f, double[] g, int iterations, Budget budget, Verdict v,
                                 String message, List<Result.Phase> phases) {
        return new Result(x, f, g, iterations, budget.evaluations(), budget.hessians(), v, message,
                Duration.ofNanos(budget.elapsedNanos()), phases);
    }

    /** String.format in the root locale (messages must not depend on the user's locale). */
    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** max_i |v_i|. */
    public static double normInf(double[] v) {
        double m = 0;
        for (double x : v) {
            double a = Math.abs(x);
            if (a > m || Double.isNaN(a)) {
                m = a;
            }
        }
        return m;
    }

    /** The convergence measure max_i |g_i|·max(|u_i|,1)/max(|f|,1). */
    public static double scaledGradient(double[] u, double f, double[] g) {
        double m = 0;
        for (int i = 0; i < g.length; i++) {
            double t = Math.abs(g[i]) * Math.max(Math.abs(u[i]), 1);
            if (t > m || Double.isNaN(t)) {
                m = t;
            }
        }
        return m / Math.max(Math.abs(f), 1);
    }
}
