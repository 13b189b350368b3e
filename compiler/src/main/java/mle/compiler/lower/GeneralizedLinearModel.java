package mle.compiler.lower;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;

/**
 * A generalised linear model with its canonical link: binary outcomes with log-odds η (BernoulliLogit(η), or
 * Bernoulli(logistic(η))) or counts with log-rate η (PoissonLog(η), or Poisson(exp(η))), where η = offset + Xβ is
 * linear in every parameter of the model. Its negative log-likelihood is convex with gradient Xᵀ(μ − y) and Hessian
 * XᵀWX, so Newton's method (iteratively reweighted least squares) solves it in a few steps on the design itself,
 * with Gaussian priors on the coefficients as a ridge penalty and Laplace priors as a lasso (MAP mode).
 *
 * @param family    logistic (binary) or log (counts)
 * @param location  the coefficients, the columns of X in order
 * @param targets   y, per element of the likelihood's vector
 * @param offsets   η at β = 0, per element
 * @param columns   columns[e][j] = ∂ηₑ/∂β_{location[j]}
 * @param penalties Gaussian and Laplace priors on the coefficients (MAP mode)
 */
public record GeneralizedLinearModel(Family family, int[] location, List<Node> targets, List<Node> offsets,
                                     List<Node[]> columns, LinearModel.Penalties penalties) {

    /** The canonical-link families: each knows its mean μ(η) and the weight ∂μ/∂η (its variance) that Newton uses. */
    public enum Family {
        LOGISTIC, LOG;

        /** μ = 1/(1 + e^−η) or e^η. */
        public double mean(double eta) {
            return this == LOGISTIC ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta);
        }

        /** W = ∂μ/∂η at the mean μ: μ(1 − μ) or μ. */
        public double weight(double mu) {
            return this == LOGISTIC ? mu * (1 - mu) : mu;
        }

        /** "logistic" or "Poisson": the regression's name, for accounts of the method. */
        public String regression() { return this == LOGISTIC ? "logistic" : "Poisson"; }
    }

    public static Optional<GeneralizedLinearModel> of(Objective o, Objective.Mode mode) {
        // With random effects the likelihood is of θ and u, and u is integrated out: none of these structures holds.
        if (o.hasRandomEffects()) return Optional.empty();
        Optional<Predictors> found = Predictors.of(o);
        if (found.isEmpty()) return Optional.empty();
        Family family = found.get().family();
        List<Node> predictors = found.get().etas();
        Objective.Likelihood like = o.likelihoods().getFirst();
        // A grouping with many levels is eliminated by its own solver, never a column per level here.
        if (Grouped.of(o, mode).isPresent()) return Optional.empty();
        BitSet used = new BitSet();
        for (Node eta : predictors) used.or(eta.parameters());
        int[] location = used.stream().toArray();
        if (location.length == 0 || location.length != o.params().size()) return Optional.empty();
        for (int j : location) {
            if (o.params().get(j).isConstrained()) return Optional.empty();
        }
        LinearModel.Penalties penalties = mode == Objective.Mode.MAP ? LinearModel.penalties(o, location)
                : LinearModel.none(location.length);
        if (penalties == null) return Optional.empty();
        Optional<LinearPredictor> linear = LinearPredictor.of(o, predictors, location);
        if (linear.isEmpty()) return Optional.empty();
        return Optional.of(new GeneralizedLinearModel(family, location, like.targets(), linear.get().offsets(),
                linear.get().columns(), penalties));
    }

    /** The family and the linear predictor η of each element, of a model whose one likelihood has a canonical link. */
    record Predictors(Family family, List<Node> etas) {
        static Optional<Predictors> of(Objective o) {
            if (o.likelihoods().size() != 1 || o.hasFreeTerms()) return Optional.empty();
            Objective.Likelihood like = o.likelihoods().getFirst();
            String name = like.distribution().name();
            Family family = switch (name) {
                case "BernoulliLogit", "Bernoulli" -> Family.LOGISTIC;
                case "PoissonLog", "Poisson" -> Family.LOG;
                default -> null;
            };
            if (family == null) return Optional.empty();
            List<Node> predictors = new ArrayList<>();
            for (int e = 0; e < like.targets().size(); e++) {
                Node argument = like.argument(0, e);
                Node eta = switch (name) {
                    case "Bernoulli" -> argument.op == Op.LOGISTIC ? argument.arg(0) : null;
                    case "Poisson" -> argument.op == Op.EXP ? argument.arg(0) : null;
                    default -> argument;
                };
                if (eta == null) return Optional.empty();
                predictors.add(eta);
            }
            return Optional.of(new Predictors(family, List.copyOf(predictors)));
        }
    }

    /**
     * A canonical-link GLM with the effects of one or two groupings, η = offset + Xβ + α[g] (+ γ[h]), where a grouping
     * has more levels than a design with a column per level should hold ({@link GroupedLinearModel#DENSE_LEVELS}): the
     * shared part a model of its own, the effects factors a solver eliminates level by level. The same limits as
     * {@link GroupedLinearModel}.
     */
    public record Grouped(GeneralizedLinearModel shared, List<GroupEffects.Factor> factors) {
        public static Optional<Grouped> of(Objective o, Objective.Mode mode) {
            // With random effects the likelihood is of θ and u, and u is integrated out: none of these structures holds.
            if (o.hasRandomEffects()) return Optional.empty();
            if (!o.derived().isEmpty() || (mode == Objective.Mode.MAP && o.hasPriors())) return Optional.empty();
            Optional<Predictors> found = Predictors.of(o);
            if (found.isEmpty() || found.get().etas().size() != 1) return Optional.empty();
            Optional<GroupEffects> effects = GroupEffects.of(o, o.objective(mode), found.get().etas().getFirst());
            if (effects.isEmpty() || !GroupedLinearModel.eliminated(effects.get().factors())) return Optional.empty();
            List<GroupEffects.Factor> factors = effects.get().factors();
            int[] shared = effects.get().shared();
            int levels = factors.stream().mapToInt(GroupEffects.Factor::levels).sum();
            if (shared.length == 0 || shared.length + levels != o.params().size()) return Optional.empty();
            for (int j : shared) if (o.params().get(j).isConstrained()) return Optional.empty();
            Optional<LinearPredictor> linear = LinearPredictor.of(o, List.of(effects.get().rest()), shared);
            if (linear.isEmpty()) return Optional.empty();
            return Optional.of(new Grouped(new GeneralizedLinearModel(found.get().family(), shared,
                    o.likelihoods().getFirst().targets(), linear.get().offsets(), linear.get().columns(),
                    LinearModel.none(shared.length)), factors));
        }

        /** The one grouping's factor, or the first of two. */
        public GroupEffects.Factor factor() { return factors.getFirst(); }

        /** The levels of every grouping together. */
        public int levels() { return factors.stream().mapToInt(GroupEffects.Factor::levels).sum(); }
    }
}
