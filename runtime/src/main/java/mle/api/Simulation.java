package mle.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.LargeStack;
import mle.compiler.ast.Names;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;
import mle.compiler.ir.Evaluator;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.runtime.data.DataTable;
import org.apache.commons.math3.distribution.CauchyDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.LaplaceDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.LogisticDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.distribution.WeibullDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws the data of a model's likelihoods at given parameter values: each `~` statement's data, row by row, from its
 * distribution with the arguments computed from the covariates (and from data drawn by earlier statements). One
 * Mersenne Twister seeded once, drawn from in a fixed order (statement, row, element), so a seed gives the same
 * numbers on every machine. The draws are commons-math3's where they are exact, {@link CountSampler}'s and
 * {@link ContinuousSampler}'s where commons-math3's are not (large counts, extreme shapes).
 */
final class Simulation {
    private Simulation() {}

    /**
     * The draws at parameter values given by name (each parameter by its own name or its vector's), checked: every
     * parameter given, inside its constraint, and as many covariate rows as rows asked for.
     */
    static DataTable draw(Objective objective, Map<String, Double> parameters, DataTable covariates, int rows, long seed) {
        if (covariates != null && covariates.rowCount() != rows) {
            throw new OptionException("the covariates have " + covariates.rowCount() + " rows, not " + rows);
        }
        if (rows < 1) throw new OptionException("simulate needs at least one row, not " + rows);
        for (String name : parameters.keySet()) {
            String key = Names.canonical(name);
            if (objective.params().stream().noneMatch(p -> Names.canonical(p.name()).equals(key) || Names.canonical(p.baseName()).equals(key))) {
                throw new OptionException("the model has no parameter called `" + name + "`");
            }
        }
        double[] theta = new double[objective.params().size()];
        for (Objective.Parameter p : objective.params()) {
            Double v = Binding.valueFor(parameters, p);
            if (v == null) throw new OptionException("simulate needs a value for every parameter, and `" + p.name() + "` has none");
            if (!p.admits(v)) {
                throw new OptionException("the value " + IrPrinter.number(v) + " for `" + p.name() + "` is outside its constraint " + p.constraint());
            }
            theta[p.index()] = v;
        }
        return LargeStack.call(() -> draw(objective, theta, covariates, rows, seed));
    }

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
            // Which arguments come from the covariates alone (no parameter, no drawn column): a value there that cannot
            // be drawn from is the data file's, located by its line; the others are the parameters' (--set).
            boolean[] fromCovariates = new boolean[arguments.size()];
            for (int k = 0; k < arguments.size(); k++) {
                Node n = arguments.get(k);
                fromCovariates[k] = covariates != null && n.isParameterFree() && n.rowVarying
                        && !readsDrawn(n, drawn, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            }
            boolean[][] blame = new boolean[l.targets().size()][perElement + 1];
            for (int e = 0; e < blame.length; e++) {
                boolean anyParameter = false, anyCovariate = false;
                for (int a = 0; a < perElement; a++) {
                    blame[e][a] = fromCovariates[e * perElement + a];
                    anyCovariate |= blame[e][a];
                    anyParameter |= !arguments.get(e * perElement + a).isParameterFree();
                }
                blame[e][perElement] = anyCovariate && !anyParameter; // all of them together
            }
            for (int r = 0; r < rows; r++) {
                for (int e = 0; e < l.targets().size(); e++) {
                    double[] at = new double[perElement];
                    for (int a = 0; a < perElement; a++) at[a] = args[e * perElement + a][r];
                    columns[l.targets().get(e).index][r] = draw(l.distribution(), at, random, new Place(l, r, covariates, blame[e]));
                }
            }
        }
        Map<String, double[]> table = new LinkedHashMap<>();
        for (Objective.Column c : cols) table.put(c.name(), columns[c.index()]);
        return DataTable.of(table);
    }

    /** Whether an expression reads a column that an earlier `~` statement drew. */
    private static boolean readsDrawn(Node n, boolean[] drawn, java.util.Set<Node> seen) {
        if (!n.rowVarying || !seen.add(n)) return false;
        if (n.op == Op.DATA) return drawn[n.index];
        for (Node a : n.args()) if (readsDrawn(a, drawn, seen)) return true;
        return false;
    }

    /**
     * Where a draw is made, for the sentence that refuses it: the row and the statement, and whether each argument
     * (and, last, all of them together) comes from the covariates alone. A refusal blamed on the covariates is bad
     * data at the file's line; any other is a value given on the command line (or in the model).
     */
    private record Place(Objective.Likelihood likelihood, int row, DataTable covariates, boolean[] fromCovariates) {
        static final int ALL = -1;

        RuntimeException refuse(int argument, String before, String after) {
            String statement = "line " + likelihood.line() + ": " + likelihood.statement() + ")";
            if (fromCovariates[argument == ALL ? fromCovariates.length - 1 : argument]) {
                return new mle.runtime.data.DataException(mle.runtime.data.DataException.Kind.OUT_OF_SUPPORT, covariates.source(),
                        covariates.lineOf(row), null, before + " (model " + statement + after, null);
            }
            return new OptionException(before + " at row " + (row + 1) + " (" + statement + after);
        }
    }

    /**
     * One draw from a distribution at its arguments (in the language's parameterisation), refused with a sentence
     * that names the row and the statement when the arguments are outside the distribution's domain, or when the
     * draw would not be written as what it is: a number beyond the double's range, a value rounded onto the edge of
     * the support (a Gamma draw to 0, a Beta draw to 1), a count beyond 2⁵³.
     */
    private static double draw(Distribution d, double[] a, RandomGenerator random, Place place) {
        String distribution = d.name();
        for (int p = 0; p < a.length; p++) {
            if (!Double.isFinite(a[p])) {
                throw place.refuse(p, "an argument of " + distribution + " is " + a[p], ": give parameter values inside the distribution's domain");
            }
        }
        for (int p = 0; p < a.length; p++) {
            DistributionParameter parameter = d.parameters().get(p);
            Support domain = parameter.domain();
            // A probability of exactly 0 or 1, and a Poisson rate of 0, draw a constant: allowed, as they always were.
            boolean edge = domain == Support.UNIT_INTERVAL && (a[p] == 0 || a[p] == 1) || distribution.equals("Poisson") && a[p] == 0;
            if (!domain.contains(a[p]) && !edge) {
                throw place.refuse(p, "the " + parameter.role() + " " + parameter.name() + " of " + distribution + " is "
                        + IrPrinter.number(a[p]), ", but it must be " + domain.description);
            }
        }
        double x;
        try {
            x = switch (distribution) {
                case "Normal" -> new NormalDistribution(random, a[0], a[1]).sample();
                case "Laplace" -> new LaplaceDistribution(random, a[0], a[1]).sample();
                case "StudentT" -> a[1] + a[2] * ContinuousSampler.studentT(random, a[0]);
                case "Cauchy" -> new CauchyDistribution(random, a[0], a[1]).sample();
                case "Logistic" -> new LogisticDistribution(random, a[0], a[1]).sample();
                case "LogNormal" -> new LogNormalDistribution(random, a[0], a[1]).sample();
                case "Exponential" -> new ExponentialDistribution(random, 1 / a[0]).sample();
                case "Gamma" -> ContinuousSampler.gamma(random, a[0], a[1]);
                case "Beta" -> ContinuousSampler.beta(random, a[0], a[1]);
                case "Uniform" -> new UniformRealDistribution(random, a[0], a[1]).sample();
                case "Weibull" -> new WeibullDistribution(random, a[0], a[1]).sample();
                case "Bernoulli" -> random.nextDouble() < a[0] ? 1 : 0;
                case "BernoulliLogit" -> random.nextDouble() < mle.compiler.ir.Functions.logistic(a[0]) ? 1 : 0;
                case "Binomial" -> {
                    if (a[0] > CountSampler.MAX_EXACT) throw beyondExactCounts(place, 0, distribution, "its number of trials N is " + IrPrinter.number(a[0]));
                    yield CountSampler.binomial(random, (long) a[0], a[1]);
                }
                case "Poisson" -> poisson(random, a[0], place, 0, distribution, "its rate λ is " + IrPrinter.number(a[0]));
                case "PoissonLog" -> poisson(random, Math.exp(a[0]), place, 0, distribution, "its rate e^α is e^" + IrPrinter.number(a[0]));
                case "NegBinomial" -> {
                    if (a[0] > CountSampler.MAX_EXACT) throw beyondExactCounts(place, 0, distribution, "its mean μ is " + IrPrinter.number(a[0]));
                    // A negative binomial of mean μ and dispersion φ is a Poisson whose rate is Gamma(φ, rate φ/μ).
                    double rate = ContinuousSampler.gamma(random, a[1], a[1] / a[0]);
                    yield poisson(random, rate, place, Place.ALL, distribution, "the Poisson rate it drew (of mean μ, dispersion φ = "
                            + IrPrinter.number(a[1]) + ") is " + IrPrinter.number(rate));
                }
                default -> throw new IllegalStateException("no sampler for " + distribution);
            };
        } catch (org.apache.commons.math3.exception.MathIllegalArgumentException e) {
            throw place.refuse(Place.ALL, "the arguments of " + distribution, " are outside its domain: give parameter values inside it");
        }
        return representable(x, d, a, place);
    }

    /** The draw if it is what will be written: a finite number inside the support; else the sentence that says why not. */
    private static double representable(double x, Distribution d, double[] a, Place place) {
        String drew = d.name() + " drew a value";
        if (Double.isNaN(x)) throw place.refuse(Place.ALL, d.name() + " could not draw a number", " from arguments this extreme: give less extreme ones");
        if (Double.isInfinite(x)) {
            throw place.refuse(Place.ALL, drew, " beyond the largest double (±1.8e308): give arguments that keep the draws in range");
        }
        boolean onEdge = switch (d.support()) {
            case POSITIVE -> x <= 0;
            case UNIT_INTERVAL -> x <= 0 || x >= 1;
            case BETWEEN_ARGUMENTS -> x <= a[0] || x >= a[1];
            default -> false;
        };
        if (onEdge) {
            String edge = d.support() == Support.BETWEEN_ARGUMENTS ? "that rounds to its bound " + IrPrinter.number(x) + ", as the doubles between its bounds are too few"
                    : x >= 1 ? "nearer to 1 than the largest double below 1 (1 − 1.1e-16)" : "below the smallest positive double (4.9e-324)";
            throw place.refuse(Place.ALL, drew, " " + edge + ": it would be written as " + IrPrinter.number(x)
                    + ", outside its support; give arguments whose draws a double can hold");
        }
        return x;
    }

    /** A Poisson count of a rate up to 2⁵³ (blamed on {@code argument}), whose draw must be at most 2⁵³ too. */
    private static double poisson(RandomGenerator random, double rate, Place place, int argument, String distribution, String rateIs) {
        if (!(rate <= CountSampler.MAX_EXACT)) throw beyondExactCounts(place, argument, distribution, rateIs);
        long count = CountSampler.poisson(random, rate);
        if (count > CountSampler.MAX_EXACT) {
            throw place.refuse(Place.ALL, distribution + " drew a count", ", " + count + ", beyond 2⁵³ = " + CountSampler.MAX_EXACT
                    + ", the largest a double holds exactly: give a smaller rate");
        }
        return count;
    }

    private static RuntimeException beyondExactCounts(Place place, int argument, String distribution, String what) {
        return place.refuse(argument, distribution + " cannot be drawn", ": " + what + ", beyond 2⁵³ = "
                + CountSampler.MAX_EXACT + ", the largest count a double holds exactly; give a smaller one");
    }
}
