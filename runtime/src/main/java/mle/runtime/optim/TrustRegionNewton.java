package mle.runtime.optim;

import java.time.Duration;
import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Newton's method with a trust region and the exact Hessian, for small problems and as the polish after L-BFGS.
 *
 * <p>Each iteration minimises the quadratic model m(p) = gᵀp + ½pᵀHp subject to ‖D·p‖ ≤ Δ, where D = sqrt|diag H|
 * of the current Hessian (Jacobi scaling), so that parameters whose scales differ by many orders of magnitude
 * (NIST Misra1a: 10⁶) are treated alike and D⁻¹HD⁻¹ has a unit diagonal. (MINPACK's running maximum of the
 * diagonal was tried and rejected: after passing through a region of huge curvature it leaves D⁻¹HD⁻¹ so badly
 * scaled that its eigendecomposition is rounding noise.) When D changes, Δ is rescaled to keep the region's extent
 * along the last accepted step. The subproblem is solved exactly through the symmetric eigendecomposition of
 * D⁻¹HD⁻¹ (EJML): inside the region when the model is convex and its minimiser fits, otherwise on the boundary by
 * solving the secular equation ‖p(σ)‖ = Δ with a safeguarded Newton iteration on 1/‖p(σ)‖, including the "hard
 * case" (gradient orthogonal to the most negative curvature direction). So indefinite Hessians are handled, and a
 * start at a saddle point (zero gradient, negative curvature) is left along the negative curvature.
 *
 * <p>Steps are accepted when the actual decrease is at least 10⁻⁴ of the predicted one. Near the optimum the
 * predicted decrease falls below the rounding level of f (100·ε·max(|f|,1)); there a step is judged by its
 * gradient instead: accepted when it halves the scaled gradient without raising f by more than 10⁻⁹·max(|f|,1),
 * and the first refused step ends the run. The run ends as converged when the scaled gradient reaches gtol, or
 * when the Hessian is positive definite and the Newton decrement gᵀH⁻¹g is below rounding level (then one last full
 * Newton step is tried, kept only if it lowers the gradient, which typically gains the last digits).
 */
final class TrustRegionNewton {
    static final String NAME = "Newton";
    private static final double EPS = Math.ulp(1.0);
    private static final double ETA = 1e-4;
    /** Relative rise of f tolerated for a step that halves the gradient where the model predicts only rounding. */
    private static final double SLACK = 1e-9;
    /** Eigenvalues of D⁻¹HD⁻¹ below this fraction of the largest count as flat (as in the statistics). */
    private static final double FLAT = 1e-10;
    /** Relative size of a negative eigenvalue (of D⁻¹HD⁻¹) that counts as real negative curvature. */
    private static final double NEGATIVE_CURVATURE = 1.5e-8;
    /**
     * A Newton decrement gᵀH⁻¹g (for a negative log-likelihood, the squared distance to the optimum in standard
     * errors) this small is statistically nothing: a hundredth of a standard error, which moves no interval.
     */
    private static final double NEGLIGIBLE_DECREMENT = 1e-4;
    /** A Newton step that moves no coordinate by more than this fraction of max(|uᵢ|, 1). */
    private static final double NEGLIGIBLE_MOVE = 1e-8;

    private TrustRegionNewton() {
    }

    /** Thrown when the objective has no Hessian or the Hessian is unusable. */
    static final class NoHessian extends Exception {
        private static final long serialVersionUID = 1L;

        NoHessian(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs the method from st. Throws {@link NoHessian} (leaving st unchanged) when the first Hessian cannot be
     * obtained or is not finite.
     */
    static void run(Budget budget, Minimizer.State st, Options options, ProgressListener listener)
            throws NoHessian {
        final int n = st.x.length;
        final double[][] h = new double[n][n];
        final double[] dScale = new double[n];
        final double[] lam = new double[n];
        final double[][] q = new double[n][n]; // q[k] = k-th eigenvector (of the scaled Hessian)
        final double[] a = new double[n];
        final double[] c = new double[n];
        final double[] p = new double[n];
        final double[] xt = new double[n];
        final double[] gt = new double[n];
        int iterations = 0;
        double delta = -1;
        double lastPredicted = Double.POSITIVE_INFINITY;
        boolean lastIndefinite = true; // not known yet
        double[] lastStep = null;
        double[] lastScale = null;

        double sg = Minimizer.scaledGradient(st.x, st.f, st.g);
        try {
            while (true) {
                // Below `noise` a predicted decrease is lost in the rounding of f; a step judged by its gradient
                // may raise f by up to `slack` (the rounding error of f can be far above eps·|f| when f sums
                // terms much larger than itself).
                double noise = 100 * EPS * Math.max(Math.abs(st.f), 1);
                double slack = Math.max(noise, SLACK * Math.max(Math.abs(st.f), 1));
                boolean small = sg <= options.gtol();
                if (small && !lastIndefinite && lastPredicted <= noise) {
                    st.finish(Verdict.CONVERGED_GRADIENT, Minimizer.fmt("scaled gradient %.3g ≤ gtol %.3g", sg,
                            options.gtol()));
                    return;
                }
                if (iterations >= options.maxIterations()) {
                    if (small) {
                        st.finish(Verdict.CONVERGED_GRADIENT, Minimizer.fmt("scaled gradient %.3g ≤ gtol %.3g",
                                sg, options.gtol()));
                    } else {
                        st.finish(Verdict.MAX_ITERATIONS, Minimizer.fmt(
                                "%d Newton iterations; scaled gradient %.3g", iterations, sg));
                    }
                    return;
                }

                // Hessian, scaling and eigendecomposition of D⁻¹HD⁻¹.
                try {
                    budget.hessian(st.x, h);
                } catch (UnsupportedOperationException e) {
                    throw new NoHessian("the objective provides no Hessian");
                }
                if (!finiteMatrix(h)) {
                    if (iterations == 0 && !small) {
                        throw new NoHessian("the Hessian is not finite at the start of the Newton phase");
                    }
                    finishByGradient(st, options, sg, "the Hessian is not finite here");
                    return;
                }
                updateScaling(h, dScale);
                if (delta > 0 && lastStep != null) {
                    // Keep the region's extent along the last accepted step when the scaling changes.
                    double before = 0, after = 0;
                    for (int i = 0; i < n; i++) {
                        before += (lastScale[i] * lastStep[i]) * (lastScale[i] * lastStep[i]);
                        after += (dScale[i] * lastStep[i]) * (dScale[i] * lastStep[i]);
                    }
                    double ratio = Math.sqrt(after / before);
                    if (ratio > 0 && Double.isFinite(ratio)) {
                        delta *= ratio;
                    }
                }
                if (!eigen(h, dScale, lam, q, "Newton's step", budget)) {
                    if (iterations == 0 && !small) {
                        throw new NoHessian("the eigendecomposition of the Hessian failed");
                    }
                    finishByGradient(st, options, sg, "the eigendecomposition of the Hessian failed");
                    return;
                }
                for (int k = 0; k < n; k++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += q[k][i] * st.g[i] / dScale[i];
                    }
                    a[k] = s;
                }
                double aNorm = norm2(a);
                boolean convex = lam[0] > 0;
                double newtonLength = Double.POSITIVE_INFINITY;
                // How far the full Newton step would move the coordinates, relative to their size.
                double newtonMove = Double.POSITIVE_INFINITY;
                if (convex) {
                    double s2 = 0;
                    for (int k = 0; k < n; k++) {
                        c[k] = -a[k] / lam[k];
                        s2 += c[k] * c[k];
                    }
                    newtonLength = Math.sqrt(s2);
                    toStep(c, q, dScale, p);
                    newtonMove = 0;
                    for (int i = 0; i < n; i++) newtonMove = Math.max(newtonMove, Math.abs(p[i]) / Math.max(Math.abs(st.x[i]), 1));
                }

                // A clearly negative curvature means a saddle or a maximum, even where the gradient is small:
                // then take trust-region steps (along the negative curvature if need be) instead of stopping.
                boolean indefinite = lam[0] < -NEGATIVE_CURVATURE * Math.max(Math.abs(lam[0]), Math.abs(lam[n - 1]));
                lastIndefinite = indefinite;
                // The Newton decrement gᵀH⁻¹g (twice the decrease the model still predicts; affine invariant, and
                // for an NLL the squared distance to the optimum in standard errors).
                double decrement = Double.POSITIVE_INFINITY;
                if (convex && !indefinite) {
                    decrement = 0;
                    for (int k = 0; k < n; k++) {
                        decrement += a[k] * a[k] / lam[k];
                    }
                }
                boolean roundingLevel = 0.5 * decrement <= noise;
                if ((small && !indefinite) || roundingLevel) {
                    // Done. One last full Newton step, kept only if it does not raise f beyond rounding and
                    // lowers the gradient: it typically gains the last digits.
                    if (convex && Double.isFinite(newtonLength)) {
                        for (int k = 0; k < n; k++) {
                            c[k] = -a[k] / lam[k];
                        }
                        toStep(c, q, dScale, p);
                        for (int i = 0; i < n; i++) {
                            xt[i] = st.x[i] + p[i];
                        }
                        double ft = budget.valueAndGradient(xt, gt);
                        if (Double.isFinite(ft) && LineSearch.allFinite(gt) && ft <= st.f + slack) {
                            double sgt = Minimizer.scaledGradient(xt, ft, gt);
                            if (sgt <= sg) {
                                accept(st, xt, ft, gt);
                                iterations++;
                                st.iterations++;
                                sg = sgt;
                                report(listener, budget, st, iterations, sg);
                            }
                        }
                    }
                    boolean singular = !(lam[0] > FLAT * Math.abs(lam[n - 1]));
                    String note = singular ? "; the Hessian is singular here (a flat direction): the minimum is "
                            + "not unique" : "";
                    if (sg <= options.gtol()) {
                        st.finish(Verdict.CONVERGED_GRADIENT, Minimizer.fmt(
                                "scaled gradient %.3g ≤ gtol %.3g%s", sg, options.gtol(), note));
                    } else {
                        st.finish(Verdict.CONVERGED_NEWTON_DECREMENT, Minimizer.fmt(
                                "gᵀH⁻¹g = %.3g; scaled gradient %.3g%s", decrement, sg, note));
                    }
                    return;
                }

                if (delta <= 0) {
                    // First radius: the Newton step when the model is convex, else the larger of the scaled
                    // gradient and the scaled size of the point (as MINPACK), or 1.
                    double dx = 0;
                    for (int i = 0; i < n; i++) {
                        dx += (dScale[i] * st.x[i]) * (dScale[i] * st.x[i]);
                    }
                    delta = convex ? newtonLength : Math.max(aNorm, Math.sqrt(dx));
                    if (!(delta > 0) || !Double.isFinite(delta)) {
                        delta = 1;
                    }
                }
                // Inner loop: shrink the region until a step is accepted.
                while (true) {
                    double stepLength = solveSubproblem(lam, a, delta, c);
                    double predicted = 0;
                    for (int k = 0; k < n; k++) {
                        predicted -= a[k] * c[k] + 0.5 * lam[k] * c[k] * c[k];
                    }
                    toStep(c, q, dScale, p);
                    if (!(predicted > 0) || negligible(p, st.x)) {
                        finishAtRoundingLevel(st, options, sg, decrement, newtonMove, "no further decrease is possible at rounding level");
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        xt[i] = st.x[i] + p[i];
                    }
                    double ft = budget.valueAndGradient(xt, gt);
                    if (ft == Double.NEGATIVE_INFINITY) {
                        st.finish(Verdict.UNBOUNDED, "the objective reached −∞ at a trial point");
                        return;
                    }
                    boolean finite = Double.isFinite(ft) && LineSearch.allFinite(gt);
                    boolean accepted;
                    double sgt = finite ? Minimizer.scaledGradient(xt, ft, gt) : Double.NaN;
                    if (!finite) {
                        accepted = false;
                        delta = 0.25 * Math.min(delta, stepLength);
                    } else if (predicted <= noise) {
                        // The model predicts less than rounding: judge the step by the gradient.
                        accepted = ft <= st.f + slack && sgt <= 0.5 * sg;
                        if (!accepted) {
                            finishAtRoundingLevel(st, options, sg, decrement, newtonMove, "no further progress is possible at rounding level");
                            return;
                        }
                    } else {
                        double rho = (st.f - ft) / predicted;
                        accepted = rho >= ETA;
                        if (rho < 0.25) {
                            delta = 0.25 * Math.min(delta, stepLength);
                        } else if (rho > 0.75 && stepLength >= 0.99 * delta) {
                            delta = 2 * delta;
                        }
                    }
                    if (accepted) {
                        double fPrev = st.f;
                        if (lastStep == null) {
                            lastStep = new double[n];
                            lastScale = new double[n];
                        }
                        System.arraycopy(p, 0, lastStep, 0, n);
                        System.arraycopy(dScale, 0, lastScale, 0, n);
                        accept(st, xt, ft, gt);
                        iterations++;
                        st.iterations++;
                        sg = sgt;
                        lastPredicted = predicted;
                        report(listener, budget, st, iterations, sg);
                        if (st.f <= -Lbfgs.DIVERGENCE || Minimizer.normInf(st.x) >= Lbfgs.DIVERGENCE) {
                            st.finish(Verdict.UNBOUNDED, Minimizer.fmt(
                                    "the objective keeps decreasing (f = %.3g, max |u| = %.3g)", st.f,
                                    Minimizer.normInf(st.x)));
                            return;
                        }
                        double scale = Math.max(Math.max(Math.abs(fPrev), Math.abs(st.f)), 1);
                        if (sg > options.gtol() && sg <= options.acceptableGradient()
                                && Math.abs(fPrev - st.f) <= options.ftol() * scale
                                && predicted <= options.ftol() * scale && stepLength < delta) {
                            st.finish(Verdict.CONVERGED_RELATIVE_CHANGE, Minimizer.fmt(
                                    "relative change and predicted decrease ≤ ftol %.3g; scaled gradient %.3g ≤ "
                                            + "%.3g", options.ftol(), sg, options.acceptableGradient()));
                            return;
                        }
                        break;
                    }
                    budget.checkTime();
                }
            }
        } catch (Budget.Stop stop) {
            st.finish(stop.verdict, Minimizer.fmt("after %d Newton iterations; scaled gradient %.3g",
                    iterations, Minimizer.scaledGradient(st.x, st.f, st.g)));
        } finally {
            st.phaseIterations = iterations;
        }
    }

    /**
     * No step makes progress at rounding level. Where the gradient is still above the tolerances because rounding in
     * the residuals is amplified (a near-exact fit, σ ≈ 10⁻¹³), the Newton decrement still says how far the optimum
     * is: below {@link #NEGLIGIBLE_DECREMENT} it is within a hundredth of a standard error, and the point is converged,
     * provided the Newton step itself would change no coordinate beyond its eighth digit. (In a long curved valley,
     * b1 → ∞ with b1·b2 held, the quadratic model also claims a tiny decrement, but its step is large.)
     */
    private static void finishAtRoundingLevel(Minimizer.State st, Options options, double sg, double decrement,
                                              double newtonMove, String why) {
        if (sg > options.acceptableGradient() && decrement <= NEGLIGIBLE_DECREMENT && newtonMove <= NEGLIGIBLE_MOVE) {
            st.finish(Verdict.CONVERGED_NEWTON_DECREMENT, Minimizer.fmt(
                    "%s; gᵀH⁻¹g = %.3g: the optimum is within %.2g standard errors "
                            + "(the scaled gradient %.3g is rounding)", why, decrement, Math.sqrt(decrement), sg));
            return;
        }
        finishByGradient(st, options, sg, why);
    }

    private static void finishByGradient(Minimizer.State st, Options options, double sg, String why) {
        if (sg <= options.gtol()) {
            st.finish(Verdict.CONVERGED_GRADIENT, Minimizer.fmt("scaled gradient %.3g ≤ gtol %.3g", sg,
                    options.gtol()));
        } else if (sg <= options.acceptableGradient()) {
            st.finish(Verdict.CONVERGED_RELATIVE_CHANGE, Minimizer.fmt("%s; scaled gradient %.3g ≤ %.3g",
                    why, sg, options.acceptableGradient()));
        } else {
            st.finish(Verdict.STALLED, Minimizer.fmt("%s but the scaled gradient %.3g is still large",
                    why, sg));
        }
    }

    private static void report(ProgressListener listener, Budget budget, Minimizer.State st, int iterations,
                               double sg) {
        listener.onIteration(new Progress(NAME, iterations, st.f, Minimizer.normInf(st.g), sg, budget.evaluations(),
                Duration.ofNanos(budget.elapsedNanos())));
    }

    private static void accept(Minimizer.State st, double[] xt, double ft, double[] gt) {
        System.arraycopy(xt, 0, st.x, 0, xt.length);
        System.arraycopy(gt, 0, st.g, 0, gt.length);
        st.f = ft;
    }

    /** p = D⁻¹·Q·c. */
    static void toStep(double[] c, double[][] q, double[] dScale, double[] p) {
        int n = c.length;
        Arrays.fill(p, 0);
        for (int k = 0; k < n; k++) {
            double ck = c[k];
            if (ck != 0) {
                double[] qk = q[k];
                for (int i = 0; i < n; i++) {
                    p[i] += ck * qk[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            p[i] /= dScale[i];
        }
    }

    /** Whether the step changes no coordinate beyond rounding. */
    private static boolean negligible(double[] p, double[] x) {
        for (int i = 0; i < p.length; i++) {
            if (Math.abs(p[i]) > 2 * EPS * Math.abs(x[i]) && Math.abs(p[i]) > Double.MIN_NORMAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * D_i = sqrt|H_ii| of the current Hessian (so that D⁻¹HD⁻¹ has a unit diagonal and its eigendecomposition is
     * as accurate as possible), with a floor relative to the largest so that no D_i is zero.
     */
    static void updateScaling(double[][] h, double[] d) {
        int n = d.length;
        double max = 0;
        for (int i = 0; i < n; i++) {
            d[i] = Math.sqrt(Math.abs(h[i][i]));
            max = Math.max(max, d[i]);
        }
        double floor = max > 0 ? 1e-8 * max : 1;
        for (int i = 0; i < n; i++) {
            if (!(d[i] >= floor)) {
                d[i] = floor;
            }
        }
    }

    /**
     * Eigenvalues (ascending, into lam) and eigenvectors (q[k]) of D⁻¹HD⁻¹ via EJML's symmetric QR algorithm;
     * {@code step} names what an interrupt stops ({@link mle.runtime.linear.DenseStep#run}).
     */
    static boolean eigen(double[][] h, double[] dScale, double[] lam, double[][] q, String step, Budget budget) {
        int n = lam.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.set(i, j, 0.5 * (h[i][j] + h[j][i]) / (dScale[i] * dScale[j]));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        // About 10·n³ operations: not started when it cannot end in time, and on a thread of its own when large, so
        // that a time limit stops the caller at once. When it is the optimiser's own limit, the optimiser stops there
        // with its point; a caller's (an interrupt, or its limit nearer) ends with the step named.
        boolean decomposed;
        try {
            decomposed = mle.runtime.linear.DenseStep.run(step + " (the eigendecomposition of the " + n + "×" + n
                    + " Hessian)", 10.0 * n * n * n, budget.nanosLeft(), () -> eig.decompose(m));
        } catch (mle.compiler.interrupt.Interruption.Stopped stopped) {
            if (Thread.currentThread().isInterrupted() || mle.compiler.LargeStack.nanosLeft() < budget.nanosLeft()) throw stopped;
            throw new Budget.Stop(Verdict.TIME_LIMIT);
        }
        return decomposed && mle.runtime.linear.SymmetricEigen.sorted(eig, lam, q);
    }

    /**
     * Minimises Σ (a_k c_k + ½ λ_k c_k²) subject to ‖c‖ ≤ Δ (λ ascending); writes c and returns ‖c‖.
     */
    static double solveSubproblem(double[] lam, double[] a, double delta, double[] c) {
        int n = lam.length;
        double lam1 = lam[0];
        double lamMax = Math.max(Math.abs(lam[0]), Math.abs(lam[n - 1]));
        if (lam1 > 0) {
            double s2 = 0;
            for (int k = 0; k < n; k++) {
                c[k] = -a[k] / lam[k];
                s2 += c[k] * c[k];
            }
            if (Math.sqrt(s2) <= delta) {
                return Math.sqrt(s2);
            }
        }
        double sigmaLow = Math.max(0, -lam1);
        double aNorm = norm2(a);
        if (lam1 <= 0) {
            // Hard case: the gradient has (almost) no component along the lowest-curvature directions, and the
            // step of the other components at σ = −λ₁ is shorter than Δ: move along the eigenvector to the edge.
            double tol = 1e-12 * Math.max(lamMax, Double.MIN_NORMAL);
            double lowComponents = 0;
            double rest = 0;
            for (int k = 0; k < n; k++) {
                if (lam[k] <= lam1 + tol) {
                    lowComponents += a[k] * a[k];
                } else {
                    double ck = -a[k] / (lam[k] + sigmaLow);
                    rest += ck * ck;
                }
            }
            if (lowComponents <= 1e-24 * Math.max(aNorm * aNorm, Double.MIN_NORMAL) && rest <= delta * delta) {
                for (int k = 0; k < n; k++) {
                    c[k] = lam[k] <= lam1 + tol ? 0 : -a[k] / (lam[k] + sigmaLow);
                }
                double tau = Math.sqrt(delta * delta - rest);
                c[0] += a[0] > 0 ? -tau : tau;
                return delta;
            }
        }
        // Boundary solution: σ > σ_low with ‖c(σ)‖ = Δ; 1/‖c(σ)‖ is concave and increasing in σ.
        double lo = sigmaLow;
        double hi = Math.max(aNorm / delta - lam1, sigmaLow) * (1 + 1e-12) + Double.MIN_NORMAL;
        double sigma = hi;
        for (int iter = 0; iter < 200; iter++) {
            double s2 = 0, s3 = 0;
            for (int k = 0; k < n; k++) {
                double den = lam[k] + sigma;
                double ck = -a[k] / den;
                s2 += ck * ck;
                s3 += ck * ck / den;
            }
            double len = Math.sqrt(s2);
            if (Math.abs(len - delta) <= 1e-10 * delta) {
                break;
            }
            if (len > delta) {
                lo = sigma;
            } else {
                hi = sigma;
            }
            // Newton on φ(σ) = 1/‖c‖ − 1/Δ: φ' = s3/‖c‖³.
            double phi = 1 / len - 1 / delta;
            double dphi = s3 / (s2 * len);
            double next = sigma - phi / dphi;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (next == sigma || hi - lo <= 1e-15 * hi) {
                break;
            }
            sigma = next;
        }
        double s2 = 0;
        for (int k = 0; k < n; k++) {
            c[k] = -a[k] / (lam[k] + sigma);
            s2 += c[k] * c[k];
        }
        double len = Math.sqrt(s2);
        if (!(len <= delta * (1 + 1e-8))) { // σ at the pole (only in a near-hard case): clip to the region
            double f = delta / len;
            for (int k = 0; k < n; k++) {
                c[k] = Double.isFinite(c[k]) ? c[k] * f : 0;
            }
            len = delta;
        }
        return len;
    }

    static double norm2(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static boolean finiteMatrix(double[][] h) {
        for (double[] row : h) {
            if (!LineSearch.allFinite(row)) {
                return false;
            }
        }
        return true;
    }
}
