package mle.compiler.explain;

import java.util.List;
import mle.compiler.ir.Objective;

/** `mle derive` for a model with random effects: the joint objective of θ and u, and the marginal one a fit maximises. */
final class MarginalDerivation {
    private final Derivation d;
    private final Objective objective;

    MarginalDerivation(Derivation d) {
        this.d = d;
        this.objective = d.objective;
    }

    /**
     * A model with random effects: the joint objective of θ and u, and the marginal one a fit maximises, with u
     * integrated out by the Laplace approximation (exact when the joint is quadratic in u).
     */
    String render() {
        d.header();
        List<Objective.Parameter> randoms = objective.randoms();
        int k = objective.params().size();
        String theta = d.args();
        String u = d.names(java.util.stream.IntStream.range(k, k + randoms.size()).toArray(), false);
        d.out.append("random effects (integrated out, not estimated): ").append(u).append('\n');
        d.out.append("  each is a latent variable with the distribution its `~` statement gives; the fit maximises the\n")
                .append("  likelihood of the data with them integrated out, and reports their conditional modes.\n\n");
        d.out.append("negative log-likelihood given the random effects:\n");
        d.out.append("  NLL(").append(theta).append(" | u) = ").append(d.sumOfTerms(Objective.Kind.LIKELIHOOD)).append("\n\n");
        d.out.append("negative log-density of the random effects:\n");
        d.out.append("  −log p(u | ").append(theta).append(") = ").append(d.sumOfTerms(Objective.Kind.RANDOM)).append("\n\n");
        boolean exact;
        try {
            exact = mle.compiler.lower.RandomEffects.of(objective, Objective.Mode.MLE, List.of()).isQuadratic();
        } catch (mle.compiler.lower.RandomEffects.Unsupported unsupported) {
            d.out.append("marginal negative log-likelihood: cannot be formed: ").append(unsupported.getMessage()).append('\n');
            return d.out.toString();
        }
        d.out.append("marginal negative log-likelihood (the MLE objective), u integrated out:\n");
        d.out.append("  NLL(").append(theta).append(") = −log ∫ exp(−NLL(").append(theta).append(" | u) + log p(u | ")
                .append(theta).append(")) du\n");
        d.out.append("      ").append(exact ? "=" : "≈").append(" NLL(").append(theta).append(" | û) − log p(û | ").append(theta)
                .append(") + ½·log det H(û) − (").append(randoms.size()).append("/2)·log(2π)\n");
        d.out.append("  where û minimises the joint objective NLL(").append(theta).append(" | u) − log p(u | ").append(theta)
                .append(") over u for each θ, and H is its Hessian in u there.\n");
        d.out.append("  ").append(exact ? "Exact here (not an approximation): the joint objective is quadratic in u, a linear mixed model."
                : "The Laplace approximation: the joint density is treated as Gaussian in u around û; it is exact only when "
                        + "the joint objective is quadratic in u (a Gaussian likelihood linear in u).").append("\n\n");
        if (objective.hasPriors()) {
            d.out.append("negative log-posterior (the MAP objective): the marginal NLL + ").append(d.sumOfTerms(Objective.Kind.PRIOR))
                    .append("\n\n");
        }
        d.terms();
        d.reported();
        d.out.append("\nsolver (what `mle fit` does, chosen from the structure):\n");
        d.bullet("the Laplace approximation: for each θ, Newton's method on the random effects (the Hessian in u has a block "
                + "for each level of a grouping, factored level by level), then L-BFGS and Newton on θ with the exact "
                + "gradient of the approximation (implicit differentiation through û); standard errors from its Hessian");
        return d.out.toString();
    }

}
