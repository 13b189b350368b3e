package mle.estimate;


import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Objective;
import mle.compiler.lower.Funnel;
import mle.compiler.lower.Unconstrained;
import mle.runtime.ObjectiveFunction;
import mle.runtime.optim.Minimizer;
import mle.runtime.optim.Result;
import mle.runtime.optim.Verdict;
import mle.runtime.stats.Direction;
import mle.runtime.stats.OptimumStatistics;

/**
 * The last word on a fit: "converged" only at a strict local minimum, i.e. the optimiser's own test passed, the
 * Hessian is positive definite, and every estimate is finite and inside its constraint with the objective rising
 * when it moves away. Otherwise the verdict names what is wrong: a saddle point (with its direction of negative
 * curvature), an estimate that runs off to ±∞ or to the edge of its constraint (with the likely cause), or a flat,
 * non-identifiable direction.
 *
 * <p>The edges come first: where an estimate sits at the edge of its constraint, the objective's gradient there is
 * not zero and its Hessian says nothing about a minimum. Running off is found by walking: from the optimum, along each coordinate of the optimiser's unconstrained
 * space, in steps of 1, 2, 4, … up to 32·max(1, |uᵢ|). At a strict minimum the first step already rises; where the
 * objective never rises along the whole ray, its infimum lies at infinity (separation, all-zero counts, a
 * probability of 1, a rate of 0, a constraint that binds). Only coordinates whose standard error on that scale is
 * undefined or larger than max(1, |uᵢ|) are walked (every runaway has one); a walk costs two evaluations where
 * the optimum is healthy.
 */
public final class Verification {
    /** How far a walk goes, in units of max(1, |uᵢ|). */
    private static final double REACH = 32;
    /** The flat directions walked to see whether the objective keeps falling along one. */
    private static final int WALKED_DIRECTIONS = 8;
    /** Walks along single coordinates are made for models up to this size (beyond it, only the weakest direction). */
    private static final int MAX_COORDINATE_WALKS = 200;

    /** The final verdict, its sentence, and the parameters whose Wald intervals mean nothing. */
    public record Conclusion(Verdict verdict, String sentence, Set<Integer> meaningless) {
        public boolean converged() { return verdict.converged(); }
    }

    private Verification() {}

    /**
     * @param gradientAt the gradient of the objective in the model's parameters θ at a given θ (used at the edge of
     *                   a constraint, where the optimiser's coordinates cannot say how steep it is)
     */
    public static Conclusion verify(Objective objective, ObjectiveFunction f, Result result, double[] u, double value,
                          OptimumStatistics stats, java.util.function.UnaryOperator<double[]> gradientAt) {
        List<String> names = objective.params().stream().map(Objective.Parameter::name).toList();
        Verdict v = result.verdict();
        if (v == Verdict.NON_FINITE || v == Verdict.TIME_LIMIT || v == Verdict.INTERRUPTED
                || v == Verdict.MAX_EVALUATIONS || !Double.isFinite(value)) {
            return new Conclusion(v, result.message(), Set.of());
        }
        // Whatever the optimiser concluded: its values there are rounding, and so would be any walk from that point.
        Conclusion belowItsBound = belowItsBound(objective, u, value, names);
        if (belowItsBound != null) return belowItsBound;
        List<String> causes = new ArrayList<>();
        java.util.Set<Integer> off = new java.util.TreeSet<>();
        for (int i = 0; i < u.length; i++) {
            if (!Double.isFinite(u[i])) {
                off.add(i);
                causes.add("`" + names.get(i) + "` is not finite");
            }
        }
        if (off.isEmpty() && u.length <= MAX_COORDINATE_WALKS) {
            for (int i = 0; i < u.length; i++) {
                if (off.contains(i) || !suspect(objective.params().get(i), u[i], stats.standardErrors()[i])) continue;
                for (int sign : new int[] {+1, -1}) {
                    if (runsOff(objective, f, u, value, i, sign, gradientAt)) {
                        off.add(i);
                        causes.add(cause(objective, i, u, sign, gradientAt));
                        break;
                    }
                    // With correlated estimates (a slope and an intercept of predictors that are not centred) the
                    // way out is a combination: θᵢ moving with the others following its profile, Cov·eᵢ.
                    double[] profile = profileDirection(objective, u, stats, i);
                    if (profile != null && leadsOff(f, u, value, profile, sign * (int) Math.signum(profile[i]),
                            REACH * Math.max(1, Minimizer.normInf(u)))) {
                        off.add(i);
                        List<String> with = new ArrayList<>();
                        for (int k = 0; k < u.length; k++) {
                            if (k != i && Math.abs(profile[k]) >= 1e-3) {
                                off.add(k);
                                with.add(names.get(k));
                            }
                        }
                        causes.add(cause(objective, i, u, sign, gradientAt)
                                + (with.isEmpty() ? "" : ", with " + String.join(", ", with) + " moving along"));
                        break;
                    }
                }
            }
        }
        if (off.isEmpty() && u.length <= MAX_COORDINATE_WALKS) {
            Conclusion together = runOffTogether(objective, f, u, value, stats, names);
            if (together != null) return together;
        }
        if (off.isEmpty()) {
            Conclusion undetermined = undetermined(objective, u, stats, names);
            if (undetermined != null) return undetermined;
        }
        if (!off.isEmpty()) {
            // A shape heading for the limit that is a simpler model says so itself; the family's usual causes do not apply.
            boolean limits = off.stream().allMatch(i -> limitOfTheModel(objective, i) != null);
            return new Conclusion(Verdict.AT_BOUNDARY, Verdict.AT_BOUNDARY.sentence() + ": " + String.join("; ", causes)
                    + (limits ? "" : hint(objective)) + ". The Wald intervals of " + list(off, names) + " mean nothing here.", off);
        }
        for (Direction d : stats.problems()) {
            if (d.curvature() == Direction.Curvature.NEGATIVE) {
                Conclusion funnel = funnel(objective, u, d, names);
                if (funnel != null) return funnel;
                return new Conclusion(Verdict.SADDLE_POINT, String.format(Locale.ROOT,
                        "%s: the objective falls along %s (scaled Hessian eigenvalue %.3g), so a lower point lies "
                                + "that way; try other starting values.",
                        Verdict.SADDLE_POINT.sentence(), Direction.combination(d.vector(), names),
                        d.scaledEigenvalue()), allOf(u.length));
            }
        }
        // The flattest few: a model with thousands of flat directions would walk each (they are sorted flattest first).
        for (Direction d : stats.problems().subList(0, Math.min(WALKED_DIRECTIONS, stats.problems().size()))) {
            if (d.curvature() != Direction.Curvature.FLAT) continue;
            // A flat combination along which the objective keeps falling runs off (a group whose counts are all
            // zero sends its intercept to −∞ and the shared one with it); one that stays flat is not identifiable.
            double[] along = inUnconstrained(objective, u, d.vector());
            double reach = REACH * Math.max(1, Minimizer.normInf(u));
            for (int sign : new int[] {+1, -1}) {
                if (walk(f, u, value, along, sign, reach) == Walk.FALLS) {
                    double[] way = d.vector();
                    if (sign < 0) for (int i = 0; i < way.length; i++) way[i] = -way[i];
                    return new Conclusion(Verdict.AT_BOUNDARY, Verdict.AT_BOUNDARY.sentence() + ": the combination "
                            + Direction.combination(way, names) + " runs off to +∞ (the objective keeps falling that way)"
                            + hint(objective) + ". The Wald intervals mean nothing here.", allOf(u.length));
                }
            }
        }
        for (Direction d : stats.problems()) {
            if (d.curvature() == Direction.Curvature.FLAT) {
                return new Conclusion(Verdict.NOT_IDENTIFIABLE, String.format(Locale.ROOT,
                        "%s: the data do not determine %s (scaled Hessian eigenvalue %.3g); fix one of these "
                                + "parameters, add a prior, or reparameterise.",
                        Verdict.NOT_IDENTIFIABLE.sentence(), Direction.combination(d.vector(), names),
                        d.scaledEigenvalue()), allOf(u.length));
            }
        }
        // A Hessian that is not positive definite at a converged point is the final check's to judge (finalCheck).
        return new Conclusion(v, result.message(), Set.of());
    }

    /** The verdict for a least-squares fit whose residuals are at the rounding level of the data. */
    static Conclusion exactFit(int parameters) {
        return new Conclusion(Verdict.AT_BOUNDARY, Verdict.AT_BOUNDARY.sentence() + ": the model fits the "
                + "data exactly (the residuals are at the rounding level of the data), so the scale's optimum is 0 and "
                + "the likelihood grows without bound; the mean's estimates are the exact fit, but no standard error "
                + "means anything.", allOf(parameters));
    }

    /**
     * The last check of every fit, whichever method found it (the searches, and the direct solvers that do not go
     * through {@link #verify}: least squares, least absolute deviations, the lasso, IRLS): a converged verdict stands
     * only where every estimate, the objective, the NLL and each standard error the fit claims are finite numbers and
     * the Hessian is positive definite. Otherwise the verdict becomes NON_FINITE or
     * NOT_IDENTIFIABLE, with what is not a number. Any other verdict is returned as it is.
     */
    public static Conclusion finalCheck(Conclusion outcome, List<String> names, double[] theta, double value, double nll,
                              OptimumStatistics stats) {
        if (!outcome.converged()) return outcome;
        List<String> notNumbers = new ArrayList<>();
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) notNumbers.add("the estimate of " + names.get(i) + " is " + shown(theta[i]));
        }
        if (!Double.isFinite(value)) notNumbers.add("the objective is " + shown(value));
        if (!Double.isFinite(nll) && Double.isFinite(value)) notNumbers.add("the NLL is " + shown(nll));
        java.util.BitSet claimed = new java.util.BitSet(theta.length);
        for (int i = 0; i < theta.length; i++) if (!outcome.meaningless().contains(i)) claimed.set(i);
        boolean finiteHessian = true;
        for (double[] row : stats.hessian()) for (double h : row) finiteHessian &= Double.isFinite(h);
        if (!finiteHessian) notNumbers.add("the Hessian has entries that are not finite");
        if (!notNumbers.isEmpty()) {
            return new Conclusion(Verdict.NON_FINITE, Verdict.NON_FINITE.sentence() + " where the method stopped: "
                    + String.join(", ", notNumbers) + ", so this is no optimum to trust; data of extreme magnitude (whose "
                    + "squares leave the range of a double, beyond about 10¹⁵⁰ or below 10⁻¹⁵⁰) do this: rescale them. "
                    + "No standard error means anything here.", allOf(theta.length));
        }
        // A lasso's statistics are those of its nonzero coefficients (Inference.conditionalOn), whose Hessian this is.
        if (!claimed.isEmpty() && !stats.positiveDefinite()) {
            return new Conclusion(Verdict.NOT_IDENTIFIABLE, Verdict.NOT_IDENTIFIABLE.sentence() + ": " + stats.diagnosis(),
                    allOf(theta.length));
        }
        double[] standardErrors = stats.standardErrors();   // a copy: taken once, not once per parameter
        for (int i = claimed.nextSetBit(0); i >= 0; i = claimed.nextSetBit(i + 1)) {
            if (!(standardErrors[i] >= 0) || Double.isInfinite(standardErrors[i])) {
                return new Conclusion(Verdict.NON_FINITE, Verdict.NON_FINITE.sentence() + ": the standard error of "
                        + names.get(i) + " is " + shown(standardErrors[i]) + " at a positive definite Hessian, "
                        + "so its inverse was not computed to any accuracy. No standard error means anything here.",
                        allOf(theta.length));
            }
        }
        return outcome;
    }

    /**
     * A posterior with a funnel ({@link Funnel}) has no maximum, so a point that an optimiser certified is a local mode
     * of it, never an estimate: a converged outcome becomes unbounded, with the reason. (One that ran into the funnel's
     * neck is already not converged, and says why at the boundary.)
     */
    public static Conclusion funnels(Conclusion outcome, List<Funnel> funnels, int parameters) {
        if (funnels.isEmpty() || !outcome.converged()) return outcome;
        StringBuilder why = new StringBuilder();
        for (Funnel f : funnels) why.append(why.isEmpty() ? "" : " Also, ").append(f.sentence());
        return new Conclusion(Verdict.UNBOUNDED, Verdict.UNBOUNDED.sentence() + ": " + why, allOf(parameters));
    }

    /**
     * Whether the suspect estimates run off together, scaled up along their own values: u ↦ u + t·(u restricted to
     * them). That is how completely separated outcomes escape (every margin of the linear predictor grows with its
     * scale, however the separating combination mixes slopes and intercept), where no single coordinate and no profile
     * direction need fall.
     */
    private static Conclusion runOffTogether(Objective objective, ObjectiveFunction f, double[] u, double value,
                                          OptimumStatistics stats, List<String> names) {
        double[] radial = new double[u.length];
        java.util.Set<Integer> suspects = new java.util.TreeSet<>();
        double[] standardErrors = stats.standardErrors();
        for (int i = 0; i < u.length; i++) {
            if (suspect(objective.params().get(i), u[i], standardErrors[i]) && u[i] != 0) {
                radial[i] = u[i];
                suspects.add(i);
            }
        }
        double max = Minimizer.normInf(radial);
        if (suspects.size() < 2 || !(max > 0) || !Double.isFinite(max)) return null;
        for (int i = 0; i < u.length; i++) radial[i] /= max;
        Walk outwards = walk(f, u, value, radial, +1, REACH * Math.max(1, Minimizer.normInf(u)));
        if (outwards == Walk.RISES) return null;
        if (outwards == Walk.FLAT) {
            // Flat outwards can be saturation (every probability already rounds to 1, so f is exactly its floor):
            // it is a runaway if f rises when the estimates are scaled back to half, which a flat valley does not.
            double[] half = u.clone();
            for (int i : suspects) half[i] = u[i] / 2;
            if (!(f.value(half) > value + tolerance(value))) return null;
        }
        List<String> now = new ArrayList<>();
        for (int i : suspects) now.add(names.get(i) + " = " + shown(u[i]));
        return new Conclusion(Verdict.AT_BOUNDARY, Verdict.AT_BOUNDARY.sentence() + ": " + list(suspects, names)
                + " run off together, each scaled up from where it is now (" + String.join(", ", now)
                + "; the objective keeps falling that way)" + hint(objective) + ". The Wald intervals of "
                + list(suspects, names) + " mean nothing here.", suspects);
    }

    /**
     * The direction in u in which θᵢ moves while the others follow its profile to first order, the i-th column of the
     * covariance; null where the covariance is not finite or gives θᵢ no room.
     */
    private static double[] profileDirection(Objective objective, double[] u, OptimumStatistics stats, int i) {
        double[][] cov = stats.covariance();
        if (cov == null) return null;
        double[] column = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            column[k] = cov[k][i];
            if (!Double.isFinite(column[k])) return null;
        }
        if (!(column[i] > 0)) return null;
        double[] along = inUnconstrained(objective, u, column);
        return Double.isFinite(Minimizer.normInf(along)) && along[i] != 0 ? along : null;
    }

    /** A direction in θ as one in u (dθᵢ/duᵢ divided out), scaled to a largest component of 1. */
    private static double[] inUnconstrained(Objective objective, double[] u, double[] theta) {
        double[] v = new double[u.length];
        for (Objective.Parameter p : objective.params()) {
            int i = p.index();
            v[i] = theta[i] / Unconstrained.transform(p, u[i])[1];
        }
        double max = Minimizer.normInf(v);
        if (max > 0 && Double.isFinite(max)) for (int i = 0; i < v.length; i++) v[i] /= max;
        return v;
    }

    /** A standard error, on the log or logit scale of a constrained parameter, beyond which the data do not determine it. */
    private static final double UNDETERMINED_SE = 1e3;

    /**
     * An objective below what it can be: a sum of −log probabilities of counts (every likelihood over an integer
     * support, no priors, no `target +=` terms) is never below 0, however censored, truncated or weighted. An optimiser
     * that took it below 0 (and called it unbounded below, or stalled there) found rounding, at parameter values so
     * extreme that the computation broke down (as lgamma(k + φ) − lgamma(φ) did at φ = 10¹⁵⁰, before it was one
     * operation): the parameters that ran off head for a limit of the model, which the data do not determine.
     */
    static Conclusion belowItsBound(Objective objective, double[] u, double value, List<String> names) {
        boolean counts = !objective.likelihoods().isEmpty() && !objective.hasPriors() && !objective.hasFreeTerms()
                && objective.likelihoods().stream().allMatch(l -> l.distribution().support().integer);
        if (!counts || !(value < 0)) return null;
        double largest = Minimizer.normInf(u);
        Set<Integer> off = new java.util.TreeSet<>();
        List<String> what = new ArrayList<>();
        for (Objective.Parameter p : objective.params()) {
            int i = p.index();
            if (!(Math.abs(u[i]) >= 0.5 * largest)) continue;
            off.add(i);
            what.add("`" + p.name() + "` (reached " + shown(Unconstrained.transform(p, u[i])[0]) + ")");
        }
        return new Conclusion(Verdict.NOT_IDENTIFIABLE, Verdict.NOT_IDENTIFIABLE.sentence() + ": the data do not determine "
                + String.join(", ", what) + ": the search went so far that the objective, a sum of −log probabilities "
                + "that is never below 0, was computed as " + String.format(Locale.ROOT, "%.3g", value) + " — rounding, not "
                + "a better fit. A parameter heading for a limit of the model does this (a negative binomial's φ → ∞ is "
                + "the Poisson); fix it, give it a prior, or use the simpler model. The Wald intervals of " + list(off, names)
                + " mean nothing here.", off);
    }

    /**
     * A constrained parameter that the data do not determine: on its optimiser's scale (log σ, logit θ), which has no
     * units, its standard error exceeds 1000, so its Wald interval spans factors of e^±2000 and the objective is flat
     * along it to rounding. That is where a parameter heads for a limit of the model that no finite value attains (a
     * Student-t's ν → ∞ is the normal distribution, a negative binomial's φ → ∞ the Poisson) while rounding in the
     * log-density keeps the walks from seeing the slope. Null when there is none.
     */
    private static Conclusion undetermined(Objective objective, double[] u, OptimumStatistics stats, List<String> names) {
        Set<Integer> flat = new java.util.TreeSet<>();
        List<String> what = new ArrayList<>();
        double[] standardErrors = stats.standardErrors();
        for (Objective.Parameter p : objective.params()) {
            int i = p.index();
            if (!p.isConstrained()) continue;
            double seU = standardErrors[i] / Math.abs(Unconstrained.transform(p, u[i])[1]);
            if (!(seU > UNDETERMINED_SE)) continue;
            flat.add(i);
            what.add("`" + p.name() + "` (now " + shown(Unconstrained.transform(p, u[i])[0]) + ", standard error "
                    + String.format(Locale.ROOT, "%.3g", seU) + " on the scale " + Unconstrained.name(p) + ")");
        }
        if (flat.isEmpty()) return null;
        return new Conclusion(Verdict.NOT_IDENTIFIABLE, Verdict.NOT_IDENTIFIABLE.sentence() + ": the data do not determine "
                + String.join(", ", what) + ": the objective is flat along " + (flat.size() == 1 ? "it" : "them")
                + " to rounding, as where a parameter heads for a limit of the model (a Student-t's ν → ∞ is the normal "
                + "distribution, a negative binomial's φ → ∞ the Poisson); fix it, give it a prior, or use the simpler model. "
                + "The Wald intervals of " + list(flat, names) + " mean nothing here.", flat);
    }

    /**
     * Whether a coordinate may be running off: its standard error on the optimiser's scale is undefined or larger
     * than max(1, |uᵢ|). Every estimate that runs off has one (a separating slope of 280 has a standard error near
     * 10⁶; a rate pinned at 0 has no curvature left in log-rate); a well-determined one does not need the walk.
     */
    private static boolean suspect(Objective.Parameter p, double u, double standardError) {
        double seU = standardError / Math.abs(Unconstrained.transform(p, u)[1]);
        return !(seU <= Math.max(1, Math.abs(u)));
    }

    /** How far f must move from its value at the optimum to count as having risen or fallen, not as rounding. */
    private static double tolerance(double value) { return 1e-12 * Math.max(1, Math.abs(value)); }

    /** An estimate in a message: six significant digits and a true minus sign. */
    private static String shown(double x) { return String.format(Locale.ROOT, "%.6g", x).replaceFirst("^-", "−"); }

    /** How f behaves along a walk away from the optimum. */
    private enum Walk { RISES, FLAT, FALLS }

    /**
     * Walks along u + sign·t·direction for t = 1, 2, 4, … up to {@code reach}: RISES as soon as f exceeds its value
     * at u, else FALLS if it fell clearly below it somewhere, else FLAT. A walk ends early where f stops being
     * finite (a probability that rounds to 1 makes 0·log 0); it counts as falling only if f was falling there.
     */
    private static Walk walk(ObjectiveFunction f, double[] u, double value, double[] direction, int sign, double reach) {
        double tolerance = tolerance(value);
        double[] x = new double[u.length];
        double last = value;
        boolean fell = false;
        for (double t = 1; t <= reach; t *= 2) {
            for (int i = 0; i < u.length; i++) x[i] = u[i] + sign * t * direction[i];
            double fx = f.value(x);
            if (Double.isNaN(fx) || fx == Double.POSITIVE_INFINITY) return fell && last < value - tolerance ? Walk.FALLS : Walk.RISES;
            if (!(fx <= value + tolerance)) return Walk.RISES;
            fell |= fx < value - tolerance;
            last = fx;
        }
        return fell ? Walk.FALLS : Walk.FLAT;
    }

    /**
     * Whether the objective's infimum lies out along sign·direction: it falls that way, or it stays flat to rounding
     * over the whole walk while it rises the other way. The second is an asymptote, not a minimum: a quadratic bowl,
     * however wide, rises alike on both sides, but a log-rate of 0 counts at −27.8 has left ∑eᵘ below f's rounding on
     * its way to −∞ and rises only on the way back.
     */
    private static boolean leadsOff(ObjectiveFunction f, double[] u, double value, double[] direction, int sign, double reach) {
        Walk w = walk(f, u, value, direction, sign, reach);
        return w == Walk.FALLS || w == Walk.FLAT && walk(f, u, value, direction, -sign, reach) == Walk.RISES;
    }

    /**
     * Whether parameter i runs off along sign: its walk falls; or it stays flat, and either rises the other way (an
     * asymptote, see {@link #leadsOff}) or, towards the finite edge of a constraint, the objective's slope at the edge
     * itself still points outwards (a parameter pinned at the edge, where moving u no longer moves θ).
     */
    private static boolean runsOff(Objective objective, ObjectiveFunction f, double[] u, double value, int i, int sign,
                                   java.util.function.UnaryOperator<double[]> gradientAt) {
        double[] axis = new double[u.length];
        axis[i] = 1;
        double reach = REACH * Math.max(1, Math.abs(u[i]));
        Walk w = walk(f, u, value, axis, sign, reach);
        if (w == Walk.FALLS) return true;
        double edge = edge(objective.params().get(i), sign);
        if (w == Walk.RISES) return false;
        if (Double.isNaN(edge)) return walk(f, u, value, axis, -sign, reach) == Walk.RISES;
        double slope = slopeAtEdge(objective, u, i, edge, gradientAt);
        Objective.Parameter p = objective.params().get(i);
        return edge == p.lower() ? slope > 0 : slope < 0;
    }

    /** The finite edge that θᵢ approaches as uᵢ moves along sign, or NaN (unconstrained, or the infinite side). */
    private static double edge(Objective.Parameter p, int sign) {
        // θ = lo + eᵘ, hi − eᵘ or lo + (hi − lo)·logistic(u): u → −∞ is the finite edge of a one-sided constraint.
        boolean lo = p.lower() != Double.NEGATIVE_INFINITY, hi = p.upper() != Double.POSITIVE_INFINITY;
        if (!lo && !hi) return Double.NaN;
        if (lo && hi) return sign > 0 ? p.upper() : p.lower();
        return sign < 0 ? (lo ? p.lower() : p.upper()) : Double.NaN;
    }

    /**
     * What to do about a constraint that binds. One written once for several names, `param a, b, σ > 0`, constrains
     * every one of them, which reads to some as "σ > 0" alone: then say so, and how to write what was meant.
     */
    private static String wayOut(Objective.Parameter p) {
        List<String> shared = p.sharedWith();
        if (shared.isEmpty()) return "if " + p.name() + " may lie beyond it, drop or widen the constraint";
        return "it comes from `param " + String.join(", ", shared) + " " + p.constraint() + "`, which constrains every one of "
                + String.join(", ", shared) + ": if only " + shared.getLast() + " must be " + p.constraint()
                + ", declare it on a line of its own (`param " + String.join(", ", shared.subList(0, shared.size() - 1))
                + "` and `param " + shared.getLast() + " " + p.constraint() + "`)";
    }

    /** ∂objective/∂θᵢ with θᵢ at its edge and the other parameters where they are. */
    private static double slopeAtEdge(Objective objective, double[] u, int i, double edge,
                                      java.util.function.UnaryOperator<double[]> gradientAt) {
        double[] theta = new double[u.length];
        for (Objective.Parameter q : objective.params()) theta[q.index()] = Unconstrained.transform(q, u[q.index()])[0];
        theta[i] = edge;
        return gradientAt.apply(theta)[i];
    }

    /** "`b` runs off to +∞ (now 280)" or "`θ` runs to the edge 1 of its constraint in (0, 1) (now 1)". */
    private static String cause(Objective objective, int i, double[] u, int sign,
                                java.util.function.UnaryOperator<double[]> gradientAt) {
        Objective.Parameter p = objective.params().get(i);
        double theta = Unconstrained.transform(p, u[i])[0];
        double edge = edge(p, sign);
        if (Double.isNaN(edge)) {
            boolean up = p.isConstrained() ? p.lower() != Double.NEGATIVE_INFINITY : sign > 0;
            String limit = up ? limitOfTheModel(objective, i) : null;
            return "`" + p.name() + "` runs off to " + (up ? "+∞" : "−∞") + " (now " + shown(theta)
                    + "; the objective keeps falling that way)" + (limit == null ? "" : ": " + limit);
        }
        String s = "`" + p.name() + "` runs to the edge " + IrPrinter.number(edge) + " of its constraint "
                + p.constraint() + " (now " + IrPrinter.number(theta) + ")";
        if (edge == 0 && isScale(objective, i)) {
            s += ": a scale that falls to 0 means the model fits the data exactly, so the likelihood grows without bound";
        }
        double slope = slopeAtEdge(objective, u, i, edge, gradientAt);
        if (Double.isFinite(slope) && slope != 0) {
            s += String.format(Locale.ROOT, ", where the objective still falls towards the edge (∂/∂%s = %.3g there): "
                    + "the constraint binds; ", p.name(), slope) + wayOut(p);
        }
        return s;
    }

    /**
     * What a parameter running to +∞ means when it is a shape whose limit is a simpler model: a negative binomial's
     * dispersion (the Poisson) or a Student-t's degrees of freedom (the normal); null for any other parameter.
     */
    static String limitOfTheModel(Objective objective, int i) {
        for (Objective.Likelihood l : objective.likelihoods()) {
            String name = l.distribution().name();
            int shape = name.equals("NegBinomial") ? 1 : name.equals("StudentT") ? 0 : -1;
            if (shape < 0 || l.arguments().get(shape).stream().noneMatch(n -> n.dependsOn(i))) continue;
            return shape == 1
                    ? "a negative binomial whose dispersion grows without bound is the Poisson, so these counts are no more "
                    + "spread than a Poisson's: fit the Poisson model, or fix the dispersion"
                    : "a Student-t whose degrees of freedom grow without bound is the normal, so these data have tails no "
                    + "heavier than a normal's: fit the normal model, or fix the degrees of freedom";
        }
        return null;
    }

    /** Whether parameter i is (in) the scale argument of a likelihood. */
    private static boolean isScale(Objective objective, int i) {
        for (Objective.Likelihood l : objective.likelihoods()) {
            int a = l.distribution().argumentWithRole("scale");
            if (a < 0) continue;
            for (mle.compiler.ir.Node n : l.arguments().get(a)) if (n.dependsOn(i)) return true;
        }
        return false;
    }

    /** The usual cause, by the likelihood's family. */
    private static String hint(Objective objective) {
        Set<String> families = new java.util.HashSet<>();
        for (Objective.Likelihood l : objective.likelihoods()) families.add(l.distribution().name());
        if (families.stream().anyMatch(n -> n.startsWith("Bernoulli") || n.equals("Binomial"))) {
            return " (with binary or binomial outcomes: separation, a combination of predictors that predicts the "
                    + "outcome perfectly, or outcomes that are all failures or all successes)";
        }
        if (families.stream().anyMatch(n -> n.startsWith("Poisson") || n.equals("NegBinomial"))) {
            return " (with counts: counts that are all zero, overall or in a group)";
        }
        return "";
    }

    /**
     * A prior's scale that is itself estimated (`m ~ Normal(0, τ)`, `param τ > 0`) falling to 0 with the effects it
     * scales: the posterior density grows without bound there (a funnel), so there is no mode to find. Seen as falling
     * curvature along a scale sitting at the edge 0 of its constraint; null when the direction is anything else.
     */
    private static Conclusion funnel(Objective objective, double[] u, Direction d, List<String> names) {
        int largest = 0;
        for (int i = 1; i < d.vector().length; i++) if (Math.abs(d.vector()[i]) > Math.abs(d.vector()[largest])) largest = i;
        Objective.Parameter p = objective.params().get(largest);
        double theta = Unconstrained.transform(p, u[largest])[0];
        if (p.lower() != 0 || !(theta < 1e-8)) return null;
        boolean priorScale = false;
        for (Objective.Prior prior : objective.priors()) {
            for (List<mle.compiler.ir.Node> argument : prior.arguments()) {
                for (mle.compiler.ir.Node a : argument) priorScale |= a.op == mle.compiler.ir.Op.PARAM && a.index == largest;
            }
        }
        if (!priorScale) return null;
        return new Conclusion(Verdict.AT_BOUNDARY, Verdict.AT_BOUNDARY.sentence() + ": `" + p.name() + "` (now " + shown(theta)
                + ") falls to 0 together with what its prior scales: a prior whose scale is estimated lets the posterior "
                + "density grow without bound as both shrink (a funnel), so it has no mode; fix " + p.name() + ", give it a prior "
                + "that keeps it away from 0 (a Gamma or log-normal one), or fit the model with the effects integrated out. "
                + "The Wald intervals mean nothing here.", allOf(u.length));
    }

    private static String list(Set<Integer> indices, List<String> names) {
        return mle.compiler.ast.Names.listed(indices.stream().map(names::get).toList());
    }

    static Set<Integer> allOf(int n) {
        Set<Integer> all = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) all.add(i);
        return all;
    }
}
