package mle.runtime.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigenvalues of a symmetric matrix in ascending order, with unit eigenvectors in the same order: what Newton's
 * trust region and the statistics' diagnostics both read from EJML's decomposition, which returns them unordered.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {}

    /**
     * Copies a finished decomposition into {@code lam} (ascending) and, unless null, {@code vectors[k]} (the unit
     * eigenvector of {@code lam[k]}).
     *
     * @return false when an eigenvalue is not finite or an eigenvector is missing or zero: the decomposition failed
     */
    public static boolean sorted(EigenDecomposition_F64<DMatrixRMaj> eig, double[] lam, double[][] vectors) {
        int n = lam.length;
        Integer[] order = new Integer[n];
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
            values[k] = eig.getEigenvalue(k).real;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        for (int k = 0; k < n; k++) {
            int source = order[k];
            lam[k] = values[source];
            if (!Double.isFinite(lam[k])) return false;
            if (vectors == null) continue;
            DMatrixRMaj v = eig.getEigenVector(source);
            if (v == null) return false;
            double norm = 0;
            for (int i = 0; i < n; i++) norm += v.get(i) * v.get(i);
            norm = Math.sqrt(norm);
            if (!(norm > 0)) return false;
            for (int i = 0; i < n; i++) vectors[k][i] = v.get(i) / norm;
        }
        return true;
    }
}
