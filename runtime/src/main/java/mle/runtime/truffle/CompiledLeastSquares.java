package mle.runtime.truffle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.lower.LeastSquares;
import mle.compiler.lower.Unconstrained;
import mle.runtime.optim.LeastSquaresProblem;

/**
 * A model's least-squares structure ({@link LeastSquares}) compiled over one data set: the residual sum of squares
 * in the optimiser's coordinates, its gradient and the Gauss–Newton matrix over the location parameters, in one
 * pass over the rows on the objective's own context.
 */
public final class CompiledLeastSquares implements LeastSquaresProblem {
    private final LeastSquares.Concentrated system;
    private final Objective.Parameter scale;
    private final TruffleObjective.Sums sums;
    private final long residuals;
    private final int outputs;

    private CompiledLeastSquares(LeastSquares.Concentrated system, Objective.Parameter scale, TruffleObjective.Sums sums,
                                 long residuals) {
        this.system = system;
        this.scale = scale;
        this.sums = sums;
        this.residuals = residuals;
        int p = system.location().length;
        this.outputs = 1 + p + p * (p + 1) / 2 + 1;
    }

    /**
     * The least-squares problem of the objective's model, when its likelihood is least squares and the mode's
     * objective is that likelihood alone (MLE, or MAP without priors); else empty.
     */
    public static Optional<LeastSquaresProblem> of(Objective objective, Objective.Mode mode, TruffleObjective f,
                                                   int rows) {
        if (mode == Objective.Mode.MAP && objective.hasPriors()) return Optional.empty();
        Optional<LeastSquares> ls = LeastSquares.of(objective);
        if (ls.isEmpty() || ls.get().locationParameterCount() == 0) return Optional.empty();
        LeastSquares.Concentrated system;
        List<Node> outputs = new ArrayList<>();
        synchronized (objective.builder()) {
            system = ls.get().concentrated(objective);
            outputs.add(system.rss());
            outputs.addAll(List.of(system.gradient()));
            int p = system.location().length;
            for (int i = 0; i < p; i++) for (int j = i; j < p; j++) outputs.add(system.gaussNewton()[i][j]);
            outputs.add(system.dataSquares());
        }
        TruffleObjective.Sums sums = f.compileSums(objective.modelName() + ".leastSquares", outputs);
        Objective.Parameter scale = system.scaleParameter() < 0 ? null : objective.params().get(system.scaleParameter());
        return Optional.of(new CompiledLeastSquares(system, scale, sums, (long) rows * system.residualsPerRow()));
    }

    @Override
    public int[] location() { return system.location().clone(); }

    @Override
    public double evaluate(double[] u, double[] gradient, double[][] gaussNewton) {
        double[] out = new double[outputs];   // per call: starts of a multi-start may evaluate at once
        sums.evaluate(u, out);
        int p = system.location().length;
        System.arraycopy(out, 1, gradient, 0, p);
        int at = 1 + p;
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                gaussNewton[i][j] = out[at];
                gaussNewton[j][i] = out[at++];
            }
        }
        return out[0];
    }

    /**
     * Residuals at rounding level: √(RSS/Σy²) within 16 ulps of 1. A fit in doubles leaves residuals of a few ulps
     * of the data where the model is exact; data that a model fits closely but not exactly (NIST's Lanczos1, RSS
     * 1.4e-25 from data of 13 digits) stay well above.
     */
    @Override
    public boolean fitsExactly(double[] u) {
        double[] out = new double[outputs];
        sums.evaluate(u, out);
        double rss = out[0], squares = out[outputs - 1];
        return rss <= Math.pow(16 * Math.ulp(1.0), 2) * squares;
    }

    /** σ̂ = √(RSS/m) when the scale is a bare parameter (σ > 0 is optimised as log σ). */
    @Override
    public void concentrate(double[] u, double rss) {
        if (scale == null || !(rss > 0)) return;
        double sigma = Math.sqrt(rss / residuals);
        if (sigma > scale.lower() && sigma < scale.upper()) u[scale.index()] = Unconstrained.toUnconstrained(scale, sigma);
    }
}
