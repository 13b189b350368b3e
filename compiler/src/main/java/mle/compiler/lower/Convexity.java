package mle.compiler.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;

/**
 * A proof, where one is easy, that the objective has no local minimum but the global one: rules of disciplined
 * convex programming applied to the IR in the optimiser's coordinates u, with the signs of the parameter-free parts
 * (constants, sums of data, a data column inside a row sum) read off the data. A log-concave distribution of an
 * affine predictor (Normal or Laplace with a known scale, BernoulliLogit, PoissonLog, Poisson with a log link, an
 * exponential rate) comes out convex, and so do Gaussian and Laplace priors on unconstrained parameters. A Gaussian
 * likelihood whose mean is affine and whose scale is a parameter of its own is not jointly convex but still has one
 * minimum (for every σ the mean's parameters minimise the same convex RSS, then σ̂² = RSS/m), which is proved
 * separately. Where no rule applies the answer is "not proven", never "not convex".
 */
public final class Convexity {
    private Convexity() {}

    /** The curvature of an expression in u. */
    private enum Curvature { CONSTANT, AFFINE, CONVEX, CONCAVE, UNKNOWN }

    /**
     * @param logAffine the node is positive and its logarithm is affine (or constant) in u: eᵘ, σ² = e^{2u}, 2σ²
     */
    private record Shape(Curvature curvature, boolean logAffine) {
        static final Shape CONSTANT = new Shape(Curvature.CONSTANT, false);
        static final Shape POSITIVE_CONSTANT = new Shape(Curvature.CONSTANT, true);
        static final Shape AFFINE = new Shape(Curvature.AFFINE, false);
        static final Shape LOG_AFFINE = new Shape(Curvature.CONVEX, true);
        static final Shape CONVEX = new Shape(Curvature.CONVEX, false);
        static final Shape CONCAVE = new Shape(Curvature.CONCAVE, false);
        static final Shape UNKNOWN = new Shape(Curvature.UNKNOWN, false);

        boolean affine() { return curvature == Curvature.CONSTANT || curvature == Curvature.AFFINE; }
        boolean convex() { return affine() || curvature == Curvature.CONVEX; }
        boolean concave() { return affine() || curvature == Curvature.CONCAVE; }
    }

    /**
     * Why the mode's objective has a single minimum, or empty when that is not proven.
     *
     * @param columns the data by column index (signs of data-dependent constants are read from them)
     */
    public static Optional<String> proof(Objective objective, Objective.Mode mode, double[][] columns, int rows) {
        return proof(objective, mode, mle.compiler.ir.Rows.inMemory(columns, rows));
    }

    /** {@link #proof(Objective, Objective.Mode, double[][], int)} over rows wherever they are. */
    public static Optional<String> proof(Objective objective, Objective.Mode mode, mle.compiler.ir.Rows rows) {
        Optional<String> leastSquares = affineLeastSquares(objective, mode, rows);
        if (leastSquares.isPresent()) return leastSquares;
        Node f;
        synchronized (objective.builder()) {
            f = Unconstrained.rewrite(objective, objective.objective(mode));
        }
        Shape s = new Analysis(rows).shape(f);
        return s.convex() ? Optional.of("the objective is convex in the optimiser's coordinates (a log-concave "
                + "likelihood of a linear predictor, log-concave priors)") : Optional.empty();
    }

    /** A Gaussian likelihood alone, its mean affine in its parameters, its scale a function of the others. */
    private static Optional<String> affineLeastSquares(Objective objective, Objective.Mode mode, mle.compiler.ir.Rows rows) {
        if (mode == Objective.Mode.MAP && objective.hasPriors()) return Optional.empty();
        Optional<LeastSquares> ls = LeastSquares.of(objective);
        if (ls.isEmpty()) return Optional.empty();
        List<Node> means = new ArrayList<>();
        synchronized (objective.builder()) {
            for (Node mu : ls.get().means()) means.add(Unconstrained.rewrite(objective, mu));
        }
        Node scale = ls.get().scale();
        for (Node mu : means) {
            if (!new Analysis(rows).shape(mu).affine()) return Optional.empty();
        }
        // The scale is a bare parameter or free of parameters: then σ̂ is unique for the one minimal RSS.
        if (!(scale.isParameterFree() || scale.op == Op.PARAM)) return Optional.empty();
        return Optional.of("the mean is linear in its parameters, so the residual sum of squares is convex, and the "
                + "scale's optimum follows from it (σ̂² = RSS/m)");
    }

    private static final class Analysis {
        private final Map<Node, Shape> memo = new HashMap<>();
        private final Map<Node, double[]> ranges = new HashMap<>();
        private final mle.compiler.ir.Rows rows;

        Analysis(mle.compiler.ir.Rows rows) { this.rows = rows; }

        /**
         * The range of a parameter-free node over the data, computed when a rule first needs its sign (most never
         * do: a data column times a parameter is affine whatever its sign). A per-row value that itself holds a
         * row sum is left unknown.
         */
        private double[] range(Node n) {
            double[] r = ranges.get(n);
            if (r != null) return r;
            if (n.op == Op.CONST) {
                r = new double[] {n.value, n.value};
            } else if (!n.rowVarying) {
                double v = new Evaluator(new Schedule(List.of(n))).evaluate(new double[0], rows)[0];
                r = new double[] {v, v};
            } else if (!n.containsRowSum) {
                r = rows.ranges(List.of(n), new double[0])[0];
            } else {
                r = new double[] {Double.NaN, Double.NaN};
            }
            ranges.put(n, r);
            return r;
        }

        /** +1 when the node is positive on every row, 0 when non-negative, −1 non-positive, −2 negative, else NaN. */
        private int sign(Node n) {
            double[] r = range(n);
            if (Double.isNaN(r[0]) || Double.isNaN(r[1])) return Integer.MIN_VALUE;
            if (r[0] > 0) return 1;
            if (r[0] >= 0) return 0;
            if (r[1] < 0) return -2;
            if (r[1] <= 0) return -1;
            return Integer.MIN_VALUE;
        }

        Shape shape(Node n) {
            Shape s = memo.get(n);
            if (s == null) {
                s = compute(n);
                memo.put(n, s);
            }
            return s;
        }

        private Shape compute(Node n) {
            // Whether a constant is positive matters only to products and quotients, which ask for its sign.
            if (n.isParameterFree()) return n.op == Op.CONST && n.value > 0 ? Shape.POSITIVE_CONSTANT : Shape.CONSTANT;
            return switch (n.op) {
                case PARAM, DOT -> Shape.AFFINE;
                case SELECT -> select(n);
                case ADD -> add(shape(n.arg(0)), shape(n.arg(1)));
                case SUB -> add(shape(n.arg(0)), negate(shape(n.arg(1))));
                case NEG -> negate(shape(n.arg(0)));
                case MUL -> multiply(n.arg(0), n.arg(1));
                case DIV -> divide(n.arg(0), n.arg(1));
                case POW -> power(n.arg(0), n.arg(1));
                case EXP -> {
                    Shape a = shape(n.arg(0));
                    yield a.affine() ? Shape.LOG_AFFINE : a.convex() ? Shape.CONVEX : Shape.UNKNOWN;
                }
                case LOG -> {
                    Node a = n.arg(0);
                    Shape s = shape(a);
                    if (s.logAffine()) yield Shape.AFFINE;
                    // log(logistic(η)) = −softplus(−η): concave for affine η.
                    if (a.op == Op.LOGISTIC && shape(a.arg(0)).affine()) yield Shape.CONCAVE;
                    yield s.concave() ? Shape.CONCAVE : Shape.UNKNOWN;
                }
                case LOG1P -> {
                    Node a = n.arg(0);
                    Shape s = shape(a);
                    if (s.logAffine()) yield Shape.CONVEX;   // log(1 + e^η) = softplus(η)
                    // log(1 − logistic(η)) = −softplus(η): concave for affine η.
                    if (a.op == Op.NEG && a.arg(0).op == Op.LOGISTIC && shape(a.arg(0).arg(0)).affine()) yield Shape.CONCAVE;
                    yield s.concave() ? Shape.CONCAVE : Shape.UNKNOWN;
                }
                case SOFTPLUS -> shape(n.arg(0)).convex() ? Shape.CONVEX : Shape.UNKNOWN;
                // log erfc is concave (Φ is log-concave): a probit model's log-likelihood is concave in η
                case LOG_ERFC -> shape(n.arg(0)).affine() ? Shape.CONCAVE : Shape.UNKNOWN;
                case ABS -> shape(n.arg(0)).affine() ? Shape.CONVEX : Shape.UNKNOWN;
                case SQRT -> shape(n.arg(0)).concave() ? Shape.CONCAVE : Shape.UNKNOWN;
                case ROW_SUM -> {
                    Shape s = shape(n.arg(0));
                    yield new Shape(s.curvature(), false);
                }
                default -> Shape.UNKNOWN;
            };
        }

        /** m[gᵢ] is, on each row, one of its elements: it has the shape they all have. */
        private Shape select(Node n) {
            boolean affine = true, convex = true, concave = true, logAffine = true;
            for (int k = 1; k < n.arity(); k++) {
                Shape s = shape(n.arg(k));
                affine &= s.affine();
                convex &= s.convex();
                concave &= s.concave();
                logAffine &= s.logAffine();
            }
            Curvature c = affine ? Curvature.AFFINE : convex ? Curvature.CONVEX : concave ? Curvature.CONCAVE : Curvature.UNKNOWN;
            return new Shape(c, logAffine);
        }

        private static Shape add(Shape a, Shape b) {
            if (a.curvature() == Curvature.CONSTANT) return new Shape(b.curvature(), false);
            if (b.curvature() == Curvature.CONSTANT) return new Shape(a.curvature(), false);
            if (a.affine() && b.affine()) return Shape.AFFINE;
            if (a.convex() && b.convex()) return Shape.CONVEX;
            if (a.concave() && b.concave()) return Shape.CONCAVE;
            return Shape.UNKNOWN;
        }

        private static Shape negate(Shape a) {
            return switch (a.curvature()) {
                case CONVEX -> Shape.CONCAVE;
                case CONCAVE -> Shape.CONVEX;
                default -> new Shape(a.curvature(), false);
            };
        }

        /** c·s for a parameter-free c of the given sign. */
        private static Shape scale(int sign, Shape s) {
            if (s.affine()) return new Shape(s.curvature(), sign == 1 && s.logAffine());
            if (sign == 1) return new Shape(s.curvature(), s.logAffine());
            if (sign == 0) return new Shape(s.curvature(), false);
            if (sign == -1 || sign == -2) return negate(s);
            return Shape.UNKNOWN;
        }

        private Shape multiply(Node a, Node b) {
            Shape sa = shape(a), sb = shape(b);
            if (sa.logAffine() && sb.logAffine()) return Shape.LOG_AFFINE;
            if (a.isParameterFree()) return scale(sign(a), sb);
            if (b.isParameterFree()) return scale(sign(b), sa);
            return Shape.UNKNOWN;
        }

        private Shape divide(Node a, Node b) {
            Shape sa = shape(a), sb = shape(b);
            if (sb.logAffine() && (sa.logAffine() || sa.curvature() == Curvature.CONSTANT && sign(a) == 1)) {
                return Shape.LOG_AFFINE;
            }
            if (sb.logAffine() && a.isParameterFree() && sign(a) == 0) return Shape.CONVEX;   // c·e^{−η}, c ≥ 0
            if (b.isParameterFree()) {
                int s = sign(b);
                return s == 1 || s == -2 ? scale(s, sa) : Shape.UNKNOWN;
            }
            return Shape.UNKNOWN;
        }

        private Shape power(Node base, Node exponent) {
            if (!exponent.isConst()) return Shape.UNKNOWN;
            double p = exponent.value;
            Shape s = shape(base);
            if (s.logAffine()) return Shape.LOG_AFFINE;
            if (p == 1) return s;
            if (p >= 1 && p == Math.rint(p) && p % 2 == 0 && s.affine()) return Shape.CONVEX;
            return Shape.UNKNOWN;
        }
    }
}
