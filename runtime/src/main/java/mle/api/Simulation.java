package mle.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.runtime.data.DataTable;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.CauchyDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.LaplaceDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.LogisticDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.distribution.WeibullDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws the data of a model's likelihoods at given parameter values: each `~` statement's data, row by row, from its
 * distribution with the arguments computed from the covariates (and from data drawn by earlier statements). One
 * Mersenne Twister seeded once, drawn from in a fixed order (statement, row, element), so a seed gives the same
 * numbers on every machine. The draws are commons-math3's.
 */
final class Simulation {
    private Simulation() {}

    static DataTable draw(Objective objective, double[] theta, DataTable covariates, int rows, long seed) {
        for (Objective.Term t : objective.terms()) {
            if (t.free()) {
                throw new OptionException("simulate draws from `~` statements alone, but line " + t.line() + " ("
                        + t.statement() + ") is more than one: leave out `target +=`, censoring, truncation and weights");
            }
        }
        List<Objective.Column> cols = objective.columns();
        double[][] columns = new double[cols.size()][];
        boolean[] drawn = new boolean[cols.size()];
        for (Objective.Likelihood l : objective.likelihoods()) {
            for (Node y : l.targets()) {
                if (y.op != Op.DATA) {
                    throw new OptionException("simulate draws data columns, but `" + l.statement() + "` has `"
                            + mle.compiler.ir.IrPrinter.inline(y, objective.naming()).replace("ᵢ", "") + "` on its left; write the column itself there");
                }
                drawn[y.index] = true;
            }
        }
        for (Objective.Column c : cols) {
            if (drawn[c.index()]) {
                columns[c.index()] = new double[rows];
            } else if (covariates == null || !covariates.hasColumn(c.name())) {
                throw new OptionException("`" + c.name() + "` is not drawn by any `~` statement, so it must come from the "
                        + "covariates (--data), which " + (covariates == null ? "were not given" : "have no such column"));
            } else {
                columns[c.index()] = covariates.column(c.name());
            }
        }
        RandomGenerator random = new MersenneTwister(seed);
        for (Objective.Likelihood l : objective.likelihoods()) {
            List<Node> arguments = new ArrayList<>();
            for (int e = 0; e < l.targets().size(); e++) for (int a = 0; a < l.arguments().size(); a++) arguments.add(l.argument(a, e));
            int perElement = l.arguments().size();
            double[][] args = new double[arguments.size()][rows];
            new Evaluator(new Schedule(arguments)).forEachRow(theta, columns, rows, (row, values) -> {
                for (int k = 0; k < values.length; k++) args[k][row] = values[k];
                return true;
            });
            for (int r = 0; r < rows; r++) {
                for (int e = 0; e < l.targets().size(); e++) {
                    double[] at = new double[perElement];
                    for (int a = 0; a < perElement; a++) at[a] = args[e * perElement + a][r];
                    columns[l.targets().get(e).index][r] = draw(l.distribution().name(), at, random, l, r);
                }
            }
        }
        Map<String, double[]> table = new LinkedHashMap<>();
        for (Objective.Column c : cols) table.put(c.name(), columns[c.index()]);
        return DataTable.of(table);
    }

    /** One draw from a distribution at its arguments (in the language's parameterisation). */
    private static double draw(String distribution, double[] a, RandomGenerator random, Objective.Likelihood l, int row) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                throw new OptionException("an argument of " + distribution + " is " + v + " at row " + (row + 1) + " (line "
                        + l.line() + ": " + l.statement() + "): give parameter values inside the distribution's domain");
            }
        }
        try {
            return switch (distribution) {
                case "Normal" -> new NormalDistribution(random, a[0], a[1]).sample();
                case "Laplace" -> new LaplaceDistribution(random, a[0], a[1]).sample();
                case "StudentT" -> a[1] + a[2] * new TDistribution(random, a[0]).sample();
                case "Cauchy" -> new CauchyDistribution(random, a[0], a[1]).sample();
                case "Logistic" -> new LogisticDistribution(random, a[0], a[1]).sample();
                case "LogNormal" -> new LogNormalDistribution(random, a[0], a[1]).sample();
                case "Exponential" -> new ExponentialDistribution(random, 1 / a[0]).sample();
                case "Gamma" -> new GammaDistribution(random, a[0], 1 / a[1]).sample();
                case "Beta" -> new BetaDistribution(random, a[0], a[1]).sample();
                case "Uniform" -> new UniformRealDistribution(random, a[0], a[1]).sample();
                case "Weibull" -> new WeibullDistribution(random, a[0], a[1]).sample();
                case "Bernoulli" -> random.nextDouble() < a[0] ? 1 : 0;
                case "BernoulliLogit" -> random.nextDouble() < mle.compiler.ir.Functions.logistic(a[0]) ? 1 : 0;
                case "Binomial" -> new BinomialDistribution(random, (int) a[0], a[1]).sample();
                case "Poisson" -> poisson(random, a[0]);
                case "PoissonLog" -> poisson(random, Math.exp(a[0]));
                // A negative binomial of mean μ and dispersion φ is a Poisson whose rate is Gamma(φ, scale μ/φ).
                case "NegBinomial" -> poisson(random, new GammaDistribution(random, a[1], a[0] / a[1]).sample());
                default -> throw new IllegalStateException("no sampler for " + distribution);
            };
        } catch (org.apache.commons.math3.exception.MathIllegalArgumentException e) {
            throw new OptionException("the arguments of " + distribution + " at row " + (row + 1) + " (line " + l.line() + ": "
                    + l.statement() + ") are outside its domain: give parameter values inside it");
        }
    }

    private static double poisson(RandomGenerator random, double rate) {
        if (rate == 0) return 0;
        return new PoissonDistribution(random, rate, PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }
}
