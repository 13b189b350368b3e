package mle.api;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Objective;
import mle.runtime.stats.InformationCriteria;

/**
 * Two maximum-likelihood fits of nested models to the same data, side by side: the likelihood-ratio statistic
 * 2·(NLL₀ − NLL₁) with its χ² p-value on the difference in parameters, and AIC and BIC. That the smaller model is
 * nested in the larger (a special case of it, fixing some parameters) cannot be proved from two model files: the test
 * is valid when it is, and where the smaller fits better the models cannot be nested and no p-value is given. The
 * χ² reference is also off where the smaller model fixes a parameter at the edge of its constraint (a variance at 0):
 * then the p-value is conservative.
 *
 * @param statistic 2·(NLL of the smaller − NLL of the larger)
 * @param df        the difference in the number of parameters
 * @param pValue    P(χ²_df > statistic), or NaN where the test does not apply (see {@code note})
 * @param note      what to make of it, or why there is no test
 */
public record Comparison(Side smaller, Side larger, double statistic, int df, double pValue, String note) {

    /** One model's fit: its name (as the caller knows it), parameters, NLL and information criteria. */
    public record Side(String name, int parameters, double nll, InformationCriteria criteria) {}

    /**
     * Compares the MLE fits of two models to the same data. Throws {@link OptionException} when they are not fits of
     * the same observations, not MLE fits, or did not converge.
     */
    public static Comparison of(String nameA, Model a, FitResult fitA, String nameB, Model b, FitResult fitB) {
        for (FitResult f : List.of(fitA, fitB)) {
            if (f.mode() != Objective.Mode.MLE) throw new OptionException("a likelihood-ratio test compares MLE fits, not MAP ones");
        }
        if (!fitA.converged() || !fitB.converged()) {
            String which = !fitA.converged() ? nameA + ": " + fitA.message() : nameB + ": " + fitB.message();
            throw new OptionException("both fits must converge to be compared, and this one did not: " + which);
        }
        List<String> seenA = observations(a), seenB = observations(b);
        if (!seenA.equals(seenB) || fitA.rows() != fitB.rows()) {
            throw new OptionException("the models describe different observations (" + nameA + ": " + describe(seenA, fitA)
                    + "; " + nameB + ": " + describe(seenB, fitB) + "), and likelihoods of different data cannot be compared");
        }
        boolean swap = fitA.estimates().size() > fitB.estimates().size();
        Side smaller = side(swap ? nameB : nameA, swap ? fitB : fitA), larger = side(swap ? nameA : nameB, swap ? fitA : fitB);
        int df = larger.parameters() - smaller.parameters();
        double statistic = 2 * (smaller.nll() - larger.nll());
        double tolerance = 1e-7 * Math.max(1, Math.abs(larger.nll()));
        if (df == 0) {
            return new Comparison(smaller, larger, statistic, 0, Double.NaN, "the models have as many parameters as each other, "
                    + "so neither is nested in the other: compare their AIC and BIC");
        }
        if (statistic < -2 * tolerance) {
            return new Comparison(smaller, larger, statistic, df, Double.NaN, "the smaller model fits better than the larger one, "
                    + "which a nested model cannot: they are not nested, or a fit stopped at a local optimum");
        }
        statistic = Math.max(statistic, 0);
        double p = org.apache.commons.math3.special.Gamma.regularizedGammaQ(df / 2.0, statistic / 2);
        String verdict = p < 0.05 ? "the larger model fits significantly better at the 5% level"
                : "the larger model does not fit significantly better at the 5% level";
        return new Comparison(smaller, larger, statistic, df, p, verdict);
    }

    private static Side side(String name, FitResult f) {
        return new Side(name, f.estimates().size(), f.nll(), f.criteria());
    }

    /** What a model's likelihood describes, per row: its `~` statements' data (`y`, `log(y)`), and `target +=` terms. */
    private static List<String> observations(Model m) {
        Objective o = m.objective();
        List<String> out = new ArrayList<>();
        for (Objective.Likelihood l : o.likelihoods()) {
            for (var t : l.targets()) out.add(IrPrinter.inline(t, o.naming()).replace("ᵢ", "") + (l.weight() == null ? "" : " (weighted)"));
        }
        if (o.terms().stream().anyMatch(t -> t.free() && t.kind() == Objective.Kind.LIKELIHOOD)) out.add("target += terms");
        out.sort(null);
        return out;
    }

    private static String describe(List<String> observations, FitResult f) {
        return String.join(", ", observations) + " on " + f.rows() + (f.rows() == 1 ? " row" : " rows");
    }
}
