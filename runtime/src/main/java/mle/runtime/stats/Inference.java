package mle.runtime.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import org.ejml.data.DMatrixRMaj;
import mle.runtime.linear.DenseStep;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Statistics at the optimum: covariance from the observed information, standard errors, Wald intervals,
 * correlations, eigen-diagnostics of identifiability, the delta method, and the change of coordinates from the
 * optimiser's unconstrained u to the model's θ.
 */
public final class Inference {
    /** Φ⁻¹(0.975): the normal quantile for two-sided 95% intervals. */
    public static final double Z95 = 1.959963984540054;

    /** A scaled eigenvalue at or below this fraction of the largest counts as zero (flat). */
    static final double FLAT_TOLERANCE = 1e-10;
    /** A scaled condition number above this earns a warning about a nearly flat direction. */
    static final double NEARLY_FLAT_CONDITION = 1e8;
    /** Above this many parameters the Hessian's own eigendecomposition is skipped (the scaled one is always made). */
    public static final int EIGENVECTOR_LIMIT = 200;
    /** What a time limit cuts short here, for its message. */
    private static final String STEP = "the standard errors";

    private Inference() {
    }

    /** {@link #atOptimum(double[][], double[], List)} with names θ1, θ2, …. */
    public static OptimumStatistics atOptimum(double[][] hessian, double[] theta) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < theta.length; i++) {
            names.add("θ" + (i + 1));
        }
        return atOptimum(hessian, theta, names);
    }

    /**
     * Statistics from the Hessian of the objective in the model's parameters θ at the optimum θ̂ (the observed
     * information: the caller should pass it only where the gradient is zero).
     *
     * @param hessian k×k, symmetric (it is symmetrised; a visible asymmetry earns a warning)
     * @param theta   θ̂
     * @param names   k parameter names
     */
    public static OptimumStatistics atOptimum(double[][] hessian, double[] theta, List<String> names) {
        return atOptimum(hessian, theta, names, null);
    }

    /**
     * As {@link #atOptimum(double[][], double[], List)}, with a covariance computed more accurately than by inverting
     * the Hessian (a direct least-squares solve refines (XᵀX)⁻¹ itself; a lasso conditions on its zeros). It is used,
     * with NaN entries kept, wherever the Hessian is positive definite; the Hessian still gives the diagnostics.
     */
    public static OptimumStatistics atOptimum(double[][] hessian, double[] theta, List<String> names,
                                              double[][] knownCovariance) {
        Objects.requireNonNull(hessian, "hessian");
        int k = theta.length;
        if (hessian.length != k || names.size() != k) {
            throw new IllegalArgumentException("hessian, estimates and names must all have " + k + " entries");
        }
        for (double[] row : hessian) {
            if (row.length != k) {
                throw new IllegalArgumentException("the Hessian must be " + k + "×" + k);
            }
        }
        List<String> warnings = new ArrayList<>();
        double[][] h = new double[k][k];
        double maxAbs = 0;
        double asymmetry = 0;
        boolean finite = true;
        // By 64×64 blocks, so that hessian[j][i] is read from rows still in the cache (row by row, 10,000 parameters
        // took seconds).
        for (int i0 = 0; i0 < k; i0 += 64) {
            for (int j0 = 0; j0 < k; j0 += 64) {
                for (int i = i0; i < Math.min(k, i0 + 64); i++) {
                    for (int j = j0; j < Math.min(k, j0 + 64); j++) {
                        h[i][j] = 0.5 * (hessian[i][j] + hessian[j][i]);
                        finite &= Double.isFinite(hessian[i][j]);
                        maxAbs = Math.max(maxAbs, Math.abs(hessian[i][j]));
                        asymmetry = Math.max(asymmetry, Math.abs(hessian[i][j] - hessian[j][i]));
                    }
                }
            }
        }
        double[] nanVector = nan(k);
        if (!finite) {
            warnings.add("The Hessian has entries that are not finite (NaN or ±∞): no statistics can be computed.");
            double[][] nanMatrix = nanMatrix(k);
            return new OptimumStatistics(names, theta, h, nanVector, nanMatrix, false, Double.NaN, Double.NaN,
                    nanMatrix, nanVector, nanVector, nanVector, nanMatrix, List.of(), warnings);
        }
        if (asymmetry > 1e-8 * maxAbs) {
            warnings.add(String.format(Locale.ROOT,
                    "The Hessian was not symmetric (largest difference %.3g); its symmetric part was used.",
                    asymmetry));
        }
        if (knownCovariance != null && k > EIGENVECTOR_LIMIT) {
            // A direct solver that gives its covariance has settled identifiability itself (a rank check of the
            // design); above 200 parameters no eigendecomposition is made for the diagnostics.
            return fromCovariance(names, theta, h, knownCovariance, new double[0], new double[0][], Double.NaN,
                    Double.NaN, List.of(), warnings);
        }

        // Eigendecomposition of H as given (reported) ...
        // Only for models of a size where it costs less than the fit itself; the scaled one below always.
        boolean small = k <= EIGENVECTOR_LIMIT;
        double[] lam = small ? new double[k] : new double[0];
        double[][] vec = small ? new double[k][k] : new double[0][];
        if (small && k > 0 && !symmetricEigen(h, lam, vec)) {
            warnings.add("The eigendecomposition of the Hessian failed.");
            double[][] nanMatrix = nanMatrix(k);
            return new OptimumStatistics(names, theta, h, nanVector, nanMatrix, false, Double.NaN, Double.NaN,
                    nanMatrix, nanVector, nanVector, nanVector, nanMatrix, List.of(), warnings);
        }
        // ... and of the correlation-scaled S = D⁻¹HD⁻¹ (same signs of eigenvalues by Sylvester's law of inertia,
        // but unit-free magnitudes), used to judge flatness.
        double[] d = new double[k];
        double fallback = 0;
        for (int i = 0; i < k; i++) {
            if (h[i][i] > 0) {
                fallback = Math.max(fallback, Math.sqrt(h[i][i]));
            }
        }
        if (fallback == 0) {
            fallback = 1;
        }
        for (int i = 0; i < k; i++) {
            d[i] = h[i][i] > 0 ? Math.sqrt(h[i][i]) : fallback;
        }
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i][j] = h[i][j] / (d[i] * d[j]);
            }
        }
        double[] lamS = new double[k];
        double[][] vecS = new double[k][k];
        // Eigenvalues first; the vectors only where a direction must be named (a flat, negative or nearly flat one).
        boolean decomposed = k == 0 || symmetricEigen(s, lamS, null);
        if (decomposed && k > 0 && needsDirections(lamS)) decomposed = symmetricEigen(s, lamS, vecS);
        if (!decomposed) {
            warnings.add("The eigendecomposition of the scaled Hessian failed.");
            double[][] nanMatrix = nanMatrix(k);
            return new OptimumStatistics(names, theta, h, lam, vec, false, Double.NaN, Double.NaN, nanMatrix,
                    nanVector, nanVector, nanVector, nanMatrix, List.of(), warnings);
        }
        // Flatness is relative to the largest positive curvature: one large negative eigenvalue must not
        // make healthy directions look flat.
        double maxS = 0;
        for (double v : lamS) {
            maxS = Math.max(maxS, v);
        }
        double tol = FLAT_TOLERANCE * Math.max(maxS, Double.MIN_NORMAL);
        List<Direction> problems = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            if (lamS[m] > tol) {
                continue;
            }
            double[] v = new double[k];
            double norm = 0;
            for (int i = 0; i < k; i++) {
                v[i] = vecS[m][i] / d[i];
                norm += v[i] * v[i];
            }
            norm = Math.sqrt(norm);
            int largest = 0;
            for (int i = 0; i < k; i++) {
                v[i] /= norm;
                if (Math.abs(v[i]) > Math.abs(v[largest])) {
                    largest = i;
                }
            }
            if (v[largest] < 0) { // a sign convention: the largest component positive
                for (int i = 0; i < k; i++) {
                    v[i] = -v[i];
                }
            }
            String combination = Direction.combination(v, names);
            if (lamS[m] < -tol) {
                problems.add(new Direction(Direction.Curvature.NEGATIVE, lamS[m], v, String.format(Locale.ROOT,
                        "Negative curvature (scaled eigenvalue %.3g) along %s: this point is not a minimum in that "
                                + "direction (a saddle point or a maximum).", lamS[m], combination)));
            } else {
                problems.add(new Direction(Direction.Curvature.FLAT, lamS[m], v, String.format(Locale.ROOT,
                        "Flat direction (scaled eigenvalue %.3g) along %s: the data do not determine this "
                                + "combination of parameters (not identifiable).", lamS[m], combination)));
            }
        }

        double conditionNumber = k == 0 ? 1 : !small ? Double.NaN : lam[0] > 0 ? lam[k - 1] / lam[0] : Double.POSITIVE_INFINITY;
        double scaledCondition = k == 0 ? 1 : lamS[0] > 0 ? lamS[k - 1] / lamS[0] : Double.POSITIVE_INFINITY;

        // Covariance H⁻¹ = D⁻¹ S⁻¹ D⁻¹ by Cholesky of S.
        // NaN where the Hessian gives no covariance; made only then (k² doubles: 800 MB at 10,000 parameters).
        double[][] cov = null;
        double[][] corr = null;
        double[] se = nanVector;
        double[] lower = nanVector;
        double[] upper = nanVector;
        boolean pd = false;
        if (knownCovariance != null && !problems.isEmpty() && determined(knownCovariance)
                && problems.stream().allMatch(p -> p.curvature() == Direction.Curvature.FLAT)) {
            // A direct solver that factored the design itself, in extended precision (Filip's polynomial of degree 10),
            // knows its rank better than the eigenvalues of XᵀX rounded to doubles: its covariance stands, and the
            // rounded Hessian's flat directions are said as what they are.
            for (Direction p : problems) {
                warnings.add(String.format(Locale.ROOT, "Nearly flat direction (scaled eigenvalue %.3g of the Hessian "
                        + "rounded to doubles) along %s: the solver's factorisation of the design in extended precision "
                        + "found it of full rank, and the standard errors come from it.", p.scaledEigenvalue(),
                        Direction.combination(p.vector(), names)));
            }
            return fromCovariance(names, theta, h, knownCovariance, lam, vec, conditionNumber, scaledCondition,
                    List.of(), warnings);
        }
        if (problems.isEmpty() && knownCovariance != null) {
            return fromCovariance(names, theta, h, knownCovariance, lam, vec, conditionNumber, scaledCondition,
                    problems, warnings);
        } else if (problems.isEmpty()) {
            double[][] sInv = choleskyInverse(s);
            if (sInv == null) {
                warnings.add("The Cholesky factorisation of the Hessian failed although no eigenvalue is flat: "
                        + "it is too ill-conditioned for a covariance.");
            } else {
                pd = true;
                cov = new double[k][k];
                corr = new double[k][k];
                se = new double[k];
                lower = new double[k];
                upper = new double[k];
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        double sij = 0.5 * (sInv[i][j] + sInv[j][i]);
                        cov[i][j] = sij / (d[i] * d[j]);
                        corr[i][j] = i == j ? 1 : sij / Math.sqrt(sInv[i][i] * sInv[j][j]);
                    }
                }
                for (int i = 0; i < k; i++) {
                    se[i] = Math.sqrt(cov[i][i]);
                    lower[i] = theta[i] - Z95 * se[i];
                    upper[i] = theta[i] + Z95 * se[i];
                }
                if (scaledCondition > NEARLY_FLAT_CONDITION) {
                    double[] v = new double[k];
                    double norm = 0;
                    for (int i = 0; i < k; i++) {
                        v[i] = vecS[0][i] / d[i];
                        norm += v[i] * v[i];
                    }
                    for (int i = 0; i < k; i++) {
                        v[i] /= Math.sqrt(norm);
                    }
                    warnings.add(String.format(Locale.ROOT,
                            "Nearly flat direction (scaled condition number %.3g) along %s: that combination is "
                                    + "barely determined by the data, and the standard errors may be inaccurate.",
                            scaledCondition, Direction.combination(v, names)));
                }
            }
        }
        if (cov == null) cov = corr = nanMatrix(k);
        return new OptimumStatistics(names, theta, h, lam, vec, pd, pd ? conditionNumber : Double.POSITIVE_INFINITY,
                pd ? scaledCondition : Double.POSITIVE_INFINITY, cov, se, lower, upper, corr, problems, warnings);
    }

    /**
     * Statistics of a fit whose Hessian a direct solver inverted by blocks (group effects eliminated level by level)
     * and that is too large to form whole: each parameter's standard error and Wald interval, no covariance,
     * correlation or eigenvalues; {@code note} says why. The solver has settled whether the Hessian is positive definite
     * (its blocks were factored): it is where every standard error is finite.
     */
    public static OptimumStatistics fromStandardErrors(List<String> names, double[] theta, double[] standardErrors,
                                                       String note) {
        int k = theta.length;
        double[] lower = new double[k], upper = new double[k];
        for (int i = 0; i < k; i++) {
            lower[i] = theta[i] - Z95 * standardErrors[i];
            upper[i] = theta[i] + Z95 * standardErrors[i];
        }
        double[][] none = new double[0][];
        boolean positiveDefinite = java.util.Arrays.stream(standardErrors).allMatch(Double::isFinite);
        return new OptimumStatistics(names, theta, none, new double[0], none, positiveDefinite, Double.NaN, Double.NaN,
                none, standardErrors, lower, upper, none, List.of(), List.of(note));
    }

    /**
     * Statistics conditional on some parameters held where they are (a lasso's coefficients at exactly 0): those of the
     * others' block of the Hessian, expanded with NaN standard errors, covariance and correlation for the held ones and
     * the block's directions zero in them. The full Hessian's curvature says nothing here: a lasso with more
     * coefficients than rows has a singular one, while the block of its nonzero coefficients is positive definite.
     */
    public static OptimumStatistics conditionalOn(double[][] hessian, double[] theta, List<String> names,
                                                  java.util.Set<Integer> held) {
        int k = theta.length;
        if (held.isEmpty()) return atOptimum(hessian, theta, names);
        int[] kept = java.util.stream.IntStream.range(0, k).filter(i -> !held.contains(i)).toArray();
        int m = kept.length;
        double[][] block = new double[m][m];
        double[] blockTheta = new double[m];
        List<String> blockNames = new ArrayList<>();
        for (int a = 0; a < m; a++) {
            blockTheta[a] = theta[kept[a]];
            blockNames.add(names.get(kept[a]));
            for (int c = 0; c < m; c++) block[a][c] = hessian[kept[a]][kept[c]];
        }
        OptimumStatistics s = atOptimum(block, blockTheta, blockNames);
        double[][] cov = new double[k][], corr = new double[k][];
        for (int i = 0; i < k; i++) {
            cov[i] = nan(k);
            corr[i] = nan(k);
        }
        double[] se = nan(k), lower = nan(k), upper = nan(k);
        double[][] blockCov = s.covariance(), blockCorr = s.correlation();
        for (int a = 0; a < m; a++) {
            se[kept[a]] = s.standardErrors()[a];
            lower[kept[a]] = s.lower95()[a];
            upper[kept[a]] = s.upper95()[a];
            for (int c = 0; c < m; c++) {
                cov[kept[a]][kept[c]] = blockCov[a][c];
                corr[kept[a]][kept[c]] = blockCorr[a][c];
            }
        }
        double[][] vectors = new double[s.eigenvectors().length][];
        for (int v = 0; v < vectors.length; v++) vectors[v] = expand(s.eigenvectors()[v], kept, k);
        List<Direction> problems = new ArrayList<>();
        for (Direction d : s.problems()) {
            problems.add(new Direction(d.curvature(), d.scaledEigenvalue(), expand(d.vector(), kept, k), d.description()));
        }
        double[][] symmetric = new double[k][k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) symmetric[i][j] = 0.5 * (hessian[i][j] + hessian[j][i]);
        return new OptimumStatistics(names, theta, symmetric, s.eigenvalues(), vectors, s.positiveDefinite(),
                s.conditionNumber(), s.scaledConditionNumber(), cov, se, lower, upper, corr, problems, s.warnings());
    }

    /** A vector over the kept parameters as one over all k, zero in the others. */
    private static double[] expand(double[] v, int[] kept, int k) {
        double[] out = new double[k];
        for (int a = 0; a < kept.length; a++) out[kept[a]] = v[a];
        return out;
    }

    /**
     * Statistics in θ when the caller has the Hessian in the optimiser's unconstrained coordinates u, with
     * θ_i = t_i(u_i) (diagonal Jacobian dθ/du). At an optimum (zero gradient) H_θ = J⁻¹·H_u·J⁻¹, equivalently
     * Cov_θ = J·Cov_u·J.
     *
     * @param hessianU the Hessian in u at the optimum
     * @param theta    θ̂ = t(û)
     * @param dThetaDu the diagonal of the Jacobian dθ/du at û (e.g. σ for σ = exp(u)); entries must be non-zero
     */
    public static OptimumStatistics fromUnconstrainedHessian(double[][] hessianU, double[] theta, double[] dThetaDu,
                                                             List<String> names) {
        int k = theta.length;
        if (dThetaDu.length != k || hessianU.length != k) {
            throw new IllegalArgumentException("dimensions differ");
        }
        double[][] h = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                h[i][j] = hessianU[i][j] / (dThetaDu[i] * dThetaDu[j]);
            }
        }
        return atOptimum(h, theta, names);
    }

    /**
     * Cov_θ = J·Cov_u·J for a diagonal Jacobian J = diag(dθ/du): the covariance of θ = t(u) by the delta method.
     */
    public static double[][] transformCovariance(double[][] covU, double[] dThetaDu) {
        int k = dThetaDu.length;
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = dThetaDu[i] * covU[i][j] * dThetaDu[j];
            }
        }
        return out;
    }

    /** Cov_θ = J·Cov_u·Jᵀ for a full Jacobian J[i][j] = ∂θ_i/∂u_j. */
    public static double[][] transformCovariance(double[][] covU, double[][] jacobian) {
        int m = jacobian.length;
        int k = covU.length;
        double[][] jc = new double[m][k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += jacobian[i][l] * covU[l][j];
                }
                jc[i][j] = s;
            }
        }
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += jc[i][l] * jacobian[j][l];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    /**
     * A 95% interval for θ = t(u) computed on the unconstrained scale and mapped through t (monotone): for
     * σ = exp(u) it is (exp(û − z·SE_u), exp(û + z·SE_u)), which stays positive and is asymmetric, unlike the Wald
     * interval σ̂ ± z·SE_σ. Returns {lower, upper} (NaN when SE_u is NaN).
     */
    public static double[] intervalThroughTransform(double uHat, double seU, DoubleUnaryOperator toTheta) {
        double a = toTheta.applyAsDouble(uHat - Z95 * seU);
        double b = toTheta.applyAsDouble(uHat + Z95 * seU);
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /** The delta-method variance of g(θ̂): ∇gᵀ·Cov·∇g. */
    public static double deltaMethodVariance(double[][] covariance, double[] gradient) {
        int k = gradient.length;
        double v = 0;
        for (int i = 0; i < k; i++) {
            double row = 0;
            for (int j = 0; j < k; j++) {
                row += covariance[i][j] * gradient[j];
            }
            v += gradient[i] * row;
        }
        return v;
    }

    /** The delta-method standard error of g(θ̂): sqrt(∇gᵀ·Cov·∇g) (NaN when the covariance is NaN). */
    public static double deltaMethodStandardError(double[][] covariance, double[] gradient) {
        double v = deltaMethodVariance(covariance, gradient);
        return v >= 0 ? Math.sqrt(v) : Double.NaN;
    }

    /** Statistics whose covariance is given: standard errors, Wald intervals and correlations from it. */
    private static OptimumStatistics fromCovariance(List<String> names, double[] theta, double[][] h, double[][] cov,
                                                    double[] lam, double[][] vec, double condition, double scaledCondition,
                                                    List<Direction> problems, List<String> warnings) {
        int k = theta.length;
        double[][] corr = new double[k][k];
        double[] se = new double[k], lower = new double[k], upper = new double[k];
        for (int i = 0; i < k; i++) {
            se[i] = Math.sqrt(cov[i][i]);
            lower[i] = theta[i] - Z95 * se[i];
            upper[i] = theta[i] + Z95 * se[i];
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) corr[i][j] = i == j ? 1 : cov[i][j] / (se[i] * se[j]);
        }
        return new OptimumStatistics(names, theta, h, lam, vec, true, condition, scaledCondition, cov, se, lower, upper,
                corr, problems, warnings);
    }

    /** Whether a covariance gives every parameter a variance: finite and positive on its diagonal. */
    private static boolean determined(double[][] covariance) {
        for (int i = 0; i < covariance.length; i++) if (!(covariance[i][i] > 0) || Double.isInfinite(covariance[i][i])) return false;
        return true;
    }

    /** Whether some scaled eigenvalue is flat, negative or nearly flat, so that its direction must be named. */
    private static boolean needsDirections(double[] lamS) {
        double max = 0;
        for (double v : lamS) max = Math.max(max, v);
        double min = lamS[0];
        return !(min > FLAT_TOLERANCE * Math.max(max, Double.MIN_NORMAL)) || max / min > NEARLY_FLAT_CONDITION;
    }

    /** The inverse of a symmetric positive definite matrix (NaN entries when it is not). */
    public static double[][] inverse(double[][] a) {
        double[][] inv = choleskyInverse(a);
        if (inv != null) return inv;
        double[][] nan = new double[a.length][a.length];
        for (double[] row : nan) Arrays.fill(row, Double.NaN);
        return nan;
    }

    /** The inverse of a symmetric positive definite matrix by Cholesky (EJML), or null when it is not PD. */
    static double[][] choleskyInverse(double[][] a) {
        int k = a.length;
        if (k == 0) {
            return new double[0][0];
        }
        DMatrixRMaj m = new DMatrixRMaj(a);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(k);
        // About k³ operations: the factorisation and the inverse.
        DMatrixRMaj inv = DenseStep.run(STEP + " (the inverse of the " + k + "×" + k + " Hessian)",
                (double) k * k * k, () -> {
                    if (!solver.setA(m)) {
                        return null;
                    }
                    DMatrixRMaj result = new DMatrixRMaj(k, k);
                    solver.invert(result);
                    return result;
                });
        if (inv == null) {
            return null;
        }
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = inv.get(i, j);
                if (!Double.isFinite(out[i][j])) {
                    return null;
                }
            }
        }
        for (int i = 0; i < k; i++) {
            if (!(out[i][i] > 0)) {
                return null;
            }
        }
        return out;
    }

    /**
     * Eigenvalues ascending into lam, unit eigenvectors into vec[k] (skipped when vec is null, which is several
     * times cheaper); false when EJML fails.
     */
    static boolean symmetricEigen(double[][] a, double[] lam, double[][] vec) {
        int k = a.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, vec != null, true);
        // About 10·k³ operations with the vectors (the tridiagonal form, the QR steps and the vectors), 4·k³ without.
        boolean decomposed = DenseStep.run(STEP + " (the eigendecomposition of the " + k + "×" + k
                + " Hessian)", (vec != null ? 10.0 : 4.0) * k * k * k, () -> eig.decompose(new DMatrixRMaj(a)));
        return decomposed && mle.runtime.linear.SymmetricEigen.sorted(eig, lam, vec);
    }

    private static double[][] nanMatrix(int k) {
        double[][] m = new double[k][];
        for (int i = 0; i < k; i++) m[i] = nan(k);
        return m;
    }

    private static double[] nan(int k) {
        double[] v = new double[k];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
