package mle.runtime.optim;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) with the strong-Wolfe {@link LineSearch}. The
 * inverse-Hessian approximation is the two-loop recursion over the last {@code memory} pairs (s, y) with the
 * initial scaling γ = sᵀy / yᵀy; a pair is stored only when its curvature sᵀy is clearly positive. When the
 * direction is not a descent direction or the line search fails, the memory is dropped and the step is retried
 * along the steepest descent direction once before giving up.
 */
final class Lbfgs {
    static final String NAME = "L-BFGS";
    private static final double EPS = Math.ulp(1.0);
    /** Steps are limited to this factor times max(‖u‖∞, 1) in the max-norm. */
    private static final double MAX_STEP_FACTOR = 1e10;
    /** |f| or ‖u‖∞ beyond this: the objective is unbounded below (no NLL legitimately gets there). */
    static final double DIVERGENCE = 1e100;

    private Lbfgs() {
    }

    /**
     * Runs L-BFGS from st for at most {@code maxIterations} iterations.
     */
    static void run(Budget budget, Minimizer.State st, Options options, int maxIterations,
                    ProgressListener listener) {
        final int n = st.x.length;
        final int m = options.memory();
        final double[][] s = new double[m][n];
        final double[][] y = new double[m][n];
        final double[] rho = new double[m];
        final double[] alphas = new double[m];
        int stored = 0;
        int newest = -1;
        final double[] d = new double[n];
        final LineSearch ls = new LineSearch(n);
        int iterations = 0;
        boolean retried = false;

        double sg = Minimizer.scaledGradient(st.x, st.f, st.g);
        if (sg <= options.gtol()) {
            st.finish(Verdict.CONVERGED_GRADIENT, Minimizer.fmt("scaled gradient %.3g ≤ gtol %.3g at the start",
                    sg, options.gtol()));
            return;
        }
        try {
            while (true) {
                if (iterations >= maxIterations) {
                    st.finish(Verdict.MAX_ITERATIONS, Minimizer.fmt("%d iterations; scaled gradient %.3g",
                            iterations, sg));
                    return;
                }
                // Direction: d = −H·g by the two-loop recursion.
                System.arraycopy(st.g, 0, d, 0, n);
                if (stored > 0) {
                    for (int k = 0, j = newest; k < stored; k++, j = (j - 1 + m) % m) {
                        alphas[j] = rho[j] * LineSearch.dot(s[j], d);
                        axpy(-alphas[j], y[j], d);
                    }
                    double gamma = 1.0 / (rho[newest] * LineSearch.dot(y[newest], y[newest]));
                    scale(gamma, d);
                    for (int k = 0, j = (newest - stored + 1 + m) % m; k < stored; k++, j = (j + 1) % m) {
                        double beta = rho[j] * LineSearch.dot(y[j], d);
                        axpy(alphas[j] - beta, s[j], d);
                    }
                }
                scale(-1, d);
                double slope = LineSearch.dot(st.g, d);
                if (!(slope < 0) || !LineSearch.allFinite(d)) {
                    stored = 0;
                    for (int i = 0; i < n; i++) {
                        d[i] = -st.g[i];
                    }
                }
                double xMax = Math.max(Minimizer.normInf(st.x), 1);
                double dMax = Minimizer.normInf(d);
                // Without curvature information the first trial moves the largest coordinate by 10% of
                // max(‖u‖∞, 1); with it, the quasi-Newton step α = 1.
                double alphaInit = stored == 0 ? 0.1 * xMax / dMax : 1;
                double alphaMax = MAX_STEP_FACTOR * xMax / dMax;
                LineSearch.Status status = ls.search(budget, st.x, st.f, st.g, d, alphaInit, alphaMax);
                if (status == LineSearch.Status.UNBOUNDED) {
                    st.finish(Verdict.UNBOUNDED, "the objective reached −∞ along a search direction");
                    return;
                }
                if (status == LineSearch.Status.FAILED) {
                    if (stored > 0 && !retried) {
                        stored = 0;
                        retried = true;
                        continue;
                    }
                    if (sg <= options.acceptableGradient()) {
                        st.finish(Verdict.CONVERGED_RELATIVE_CHANGE, Minimizer.fmt(
                                "no further decrease at rounding level; scaled gradient %.3g ≤ %.3g",
                                sg, options.acceptableGradient()));
                    } else {
                        st.finish(Verdict.LINE_SEARCH_FAILED, Minimizer.fmt(
                                "no step decreased the objective; scaled gradient %.3g", sg));
                    }
                    return;
                }
                retried = false;
                // Accept the step; store the pair if its curvature is clearly positive.
                double[] xNew = ls.point();
                double[] gNew = ls.gradient();
                int slot = (newest + 1) % m;
                double sy = 0, yy = 0, ss = 0;
                for (int i = 0; i < n; i++) {
                    double si = xNew[i] - st.x[i];
                    double yi = gNew[i] - st.g[i];
                    s[slot][i] = si;
                    y[slot][i] = yi;
                    sy += si * yi;
                    yy += yi * yi;
                    ss += si * si;
                }
                if (sy > EPS * Math.sqrt(ss * yy) && yy > 0) {
                    rho[slot] = 1 / sy;
                    newest = slot;
                    stored = Math.min(stored + 1, m);
                }
                double fPrev = st.f;
                System.arraycopy(xNew, 0, st.x, 0, n);
                System.arraycopy(gNew, 0, st.g, 0, n);
                st.f = ls.value;
                iterations++;
                st.iterations++;
                sg = Minimizer.scaledGradient(st.x, st.f, st.g);
                listener.onIteration(new Progress(NAME, iterations, st.f, Minimizer.normInf(st.g), sg,
                        budget.evaluations(), java.time.Duration.ofNanos(budget.elapsedNanos())));

                if (st.f <= -DIVERGENCE || Minimizer.normInf(st.x) >= DIVERGENCE) {
                    st.finish(Verdict.UNBOUNDED, Minimizer.fmt(
                            "the objective keeps decreasing (f = %.3g, max |u| = %.3g)", st.f,
                            Minimizer.normInf(st.x)));
                    return;
                }
                if (sg <= options.gtol()) {
                    st.finish(Verdict.CONVERGED_GRADIENT, Minimizer.fmt("scaled gradient %.3g ≤ gtol %.3g", sg,
                            options.gtol()));
                    return;
                }
                double change = Math.abs(fPrev - st.f) / Math.max(Math.max(Math.abs(fPrev), Math.abs(st.f)), 1);
                if (change <= options.ftol()) {
                    if (sg <= options.acceptableGradient()) {
                        st.finish(Verdict.CONVERGED_RELATIVE_CHANGE, Minimizer.fmt(
                                "relative change %.3g ≤ ftol %.3g; scaled gradient %.3g ≤ %.3g", change,
                                options.ftol(), sg, options.acceptableGradient()));
                    } else {
                        st.finish(Verdict.STALLED, Minimizer.fmt(
                                "relative change %.3g ≤ ftol %.3g but the scaled gradient %.3g is still large",
                                change, options.ftol(), sg));
                    }
                    return;
                }
            }
        } catch (Budget.Stop stop) {
            st.finish(stop.verdict, Minimizer.fmt("after %d iterations; scaled gradient %.3g", iterations,
                    Minimizer.scaledGradient(st.x, st.f, st.g)));
        } finally {
            st.phaseIterations = iterations;
        }
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
