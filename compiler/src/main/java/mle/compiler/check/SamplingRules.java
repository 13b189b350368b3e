package mle.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Names;
import mle.compiler.ast.Statement;
import mle.compiler.ir.Distribution;
import mle.compiler.dist.Distributions;
import mle.compiler.ir.DistributionParameter;
import mle.compiler.ir.Support;
import mle.compiler.ir.IrPrinter;
import mle.compiler.source.Span;

import static mle.compiler.check.CheckScope.count;
import static mle.compiler.check.ExpressionTyping.ERROR;

/**
 * The rules of `~`, and of `target +=`, the other way to add to the log-density: a likelihood has data on its left, a
 * prior a parameter; the distribution's arguments, by position or name, of the right shape and in its domain; a prior
 * within its parameter's declared bounds; censoring, truncation and weights that make sense together.
 */
final class SamplingRules extends CheckerPart {
    /** The `~` statements and `target +=` terms checked without an error, in the order of the model. */
    final List<CheckedModel.Sampling> samplings = new ArrayList<>();
    final List<CheckedModel.Increment> increments = new ArrayList<>();
    /** The random effects that a `~` statement or `target +=` term gives a distribution. */
    final java.util.Set<Symbol.Param> distributedRandoms = new java.util.HashSet<>();
    /** Where each parameter's prior is, for the warning on a second one. */
    private final Map<Symbol.Param, Span> priors = new HashMap<>();

    private final ExpressionTyping types;
    private final NameHints hints;

    SamplingRules(CheckScope scope, ExpressionTyping types, NameHints hints) {
        super(scope);
        this.types = types;
        this.hints = hints;
    }

    /**
     * `target += value`: a term added to the log-density. One that reads data is part of the likelihood, summed over
     * the rows; one of parameters alone is part of the prior (MAP only), since it says nothing about the data.
     */
    void increment(Statement.Increment s) {
        if (!s.name().text().equals("target")) {
            diagnostics.error(s.name().span(), "only `target` can be added to with `+=`, not `" + s.name().text() + "`",
                    "write `target += …` to add a term to the log-density, or `let " + s.name().text() + " = …` to name a value");
            return;
        }
        Type t = types.type(s.value(), null);
        if (t == ERROR) return;
        if (!t.dependsOnParams()) {
            diagnostics.error(s.value().span(), "`" + s.value().span().text() + "` depends on no parameter, so adding it "
                    + "changes the objective by a constant", "add terms that depend on parameters; constants drop out of every fit");
            return;
        }
        scope.usedParams.addAll(t.params());
        // Of parameters alone: a prior, unless it reads random effects, whose density it then is (part of it).
        List<Symbol.Param> randoms = t.params().stream().filter(Symbol.Param::random).toList();
        CheckedModel.Kind kind = t.rowVarying() ? CheckedModel.Kind.LIKELIHOOD
                : randoms.isEmpty() ? CheckedModel.Kind.PRIOR : CheckedModel.Kind.RANDOM;
        if (kind == CheckedModel.Kind.RANDOM) distributedRandoms.addAll(randoms);
        increments.add(new CheckedModel.Increment(s, kind, t));
    }

    void sampling(Statement.Sampling written) {
        Type target = types.type(written.target(), null);
        Distribution dist = Distributions.lookup(written.distribution().text());
        if (dist == null) {
            hints.unknownDistribution(written.distribution());
            written.arguments().forEach(a -> types.type(a.value(), null));
            return;
        }
        // Censoring, truncation and weights are named arguments of their own; the rest are the distribution's.
        Map<String, Expr> observed = new LinkedHashMap<>();
        List<Statement.Argument> own = new ArrayList<>();
        boolean givenTwice = false;
        for (Statement.Argument a : written.arguments()) {
            if (a.name() == null || !CheckedModel.Observation.NAMES.contains(a.name().text())) {
                own.add(a);
            } else if (observed.putIfAbsent(a.name().text(), a.value()) != null) {
                // The second would silently replace the first: refuse, as a distribution's own argument given twice is.
                diagnostics.error(a.name().span().to(a.value().span()), "`" + a.name().text() + "` is given twice",
                        givenTwiceHint(a.name().text()));
                givenTwice = true;
            }
        }
        Statement.Sampling s = observed.isEmpty() ? written
                : new Statement.Sampling(written.span(), written.target(), written.distribution(), own);
        List<Expr> args = arrangeArguments(s, dist);
        List<Type> argTypes = new ArrayList<>();
        boolean ok = args != null && target != ERROR;
        if (args != null) {
            for (Expr a : args) {
                Type t = types.type(a, null);
                argTypes.add(t);
                ok &= t != ERROR;
            }
        }
        if (!ok) return;
        CheckedModel.Kind kind = samplingKind(s, target);
        if (kind == null) return;
        for (int i = 0; i < args.size(); i++) {
            if (!argument(s, dist, dist.parameters().get(i), args.get(i), argTypes.get(i), target, kind)) ok = false;
        }
        if (kind != CheckedModel.Kind.LIKELIHOOD && !priorSupport(s, dist, target, argTypes, kind)) ok = false;
        CheckedModel.Observation observation = observed.isEmpty() ? CheckedModel.Observation.PLAIN
                : observation(written, dist, kind, target, observed);
        if (!ok || observation == null || givenTwice) return;
        scope.usedParams.addAll(target.params());
        for (Type t : argTypes) scope.usedParams.addAll(t.params());
        if (kind == CheckedModel.Kind.RANDOM) distributedRandoms.addAll(target.params());
        samplings.add(new CheckedModel.Sampling(written, kind, dist, args, target, List.copyOf(argTypes), observation));
    }

    /**
     * The censoring, truncation and weights of a likelihood, checked: a single value on the left, indicators, interval
     * bounds and weights free of parameters, and the distribution functions that they need; null after an error.
     */
    private CheckedModel.Observation observation(Statement.Sampling s, Distribution dist, CheckedModel.Kind kind, Type target,
                                                 Map<String, Expr> observed) {
        Expr first = observed.values().iterator().next();
        if (kind != CheckedModel.Kind.LIKELIHOOD || !target.isScalar()) {
            diagnostics.error(first.span(), kind != CheckedModel.Kind.LIKELIHOOD ? "only data can be censored, truncated or "
                    + "weighted, not a prior's parameter" : "censoring, truncation and weights take a single value on the left "
                    + "of `~`, not a vector",
                    kind != CheckedModel.Kind.LIKELIHOOD ? "remove it, or put data on the left" : "write one `~` statement per element");
            return null;
        }
        boolean ok = true;
        for (Map.Entry<String, Expr> e : observed.entrySet()) {
            Type t = types.type(e.getValue(), null);
            if (t == ERROR) { ok = false; continue; }
            boolean bound = e.getKey().startsWith("truncated");
            if (!t.isScalar() || (!bound && t.dependsOnParams())) {
                diagnostics.error(e.getValue().span(), "`" + e.getKey() + "` must be a single value" + (bound ? "" : " computed from data"),
                        bound ? "give one bound for every row" : e.getKey().equals("weight") ? "use a data column of weights ≥ 0"
                                : "use a data column, such as an indicator that is 1 where the row is censored");
                ok = false;
                continue;
            }
            scope.usedParams.addAll(t.params());
            if (!constantObservation(e.getKey(), e.getValue(), t)) { ok = false; continue; }
            if (e.getKey().equals("weight")) continue;
            Distributions.DensityFunction.Kind needed = e.getKey().equals("right_censored") || e.getKey().equals("truncated_below")
                    ? Distributions.DensityFunction.Kind.LCCDF : Distributions.DensityFunction.Kind.LCDF;
            if (!new Distributions.DensityFunction(dist, needed).exists()) {
                diagnostics.error(e.getValue().span(), "`" + e.getKey() + "` needs the distribution function of " + dist.name()
                        + ", which mle does not have yet", "these have one: " + Distributions.having(needed));
                ok = false;
            }
        }
        if (!censoredOneWayPerRow(observed)) ok = false;
        if (ok && !truncationLeavesARange(observed)) ok = false;
        if (observed.containsKey("interval_censored") != observed.containsKey("interval_upper")) {
            diagnostics.error(first.span(), "`interval_censored` and `interval_upper` go together: the rows marked by the first "
                    + "lie between the value on the left and the second", "give both, e.g. `interval_censored = c, interval_upper = u`");
            ok = false;
        }
        return ok ? CheckedModel.Observation.of(observed) : null;
    }

    private static String givenTwiceHint(String name) {
        return switch (name) {
            case "weight" -> "give it once; for rows weighted by both, multiply them: `weight = w1 * w2`";
            case "truncated_below", "truncated_above", "interval_upper" -> "give one bound: the second would replace the first";
            default -> "give it once, with one indicator that is 1 on every row censored that way";
        };
    }

    /** The censoring indicators: on each row 0 (observed) or 1 (censored), at most one of them 1. */
    private static final List<String> CENSORING = List.of("right_censored", "left_censored", "interval_censored");

    /**
     * A censoring indicator or weight that is a constant is checked here, where its line is, rather than on every row:
     * an indicator is 0 or 1, a weight ≥ 0.
     */
    private boolean constantObservation(String name, Expr value, Type t) {
        if (!t.isConstant()) return true;
        double v = t.constant()[0];
        if (CENSORING.contains(name) && v != 0 && v != 1) {
            diagnostics.error(value.span(), "`" + name + "` is " + IrPrinter.number(v) + ", but a censoring indicator must be "
                    + "0 (observed) or 1 (censored)", "write 1 to censor every row, or a data column that marks the censored rows");
            return false;
        }
        if (name.equals("weight") && !(v >= 0)) {
            diagnostics.error(value.span(), "the weight is " + IrPrinter.number(v) + ", but a weight must be a number ≥ 0",
                    "give a weight ≥ 0; a row that should not count has weight 0");
            return false;
        }
        return true;
    }

    /**
     * Right, left and interval censoring can be combined (a Tobit model censored at both ends), each row censored one
     * way at most, as one status per row in R's `Surv`; the rows are checked when the data arrive. The same indicator
     * for two of them would make every censored row both.
     */
    private boolean censoredOneWayPerRow(Map<String, Expr> observed) {
        List<String> given = CENSORING.stream().filter(observed::containsKey).toList();
        for (int i = 0; i < given.size(); i++) {
            for (int j = 0; j < i; j++) {
                Expr first = observed.get(given.get(j)), second = observed.get(given.get(i));
                if (mle.compiler.ast.AstPrinter.print(first).equals(mle.compiler.ast.AstPrinter.print(second))) {
                    diagnostics.error(second.span(), "`" + given.get(j) + "` and `" + given.get(i) + "` are both `"
                            + second.span().text() + "`, so every censored row would be censored both ways",
                            "a row is censored one way at most: give each its own indicator");
                    return false;
                }
            }
        }
        return true;
    }

    /** Constant truncation bounds must leave values between them: `truncated_below = 5, truncated_above = 1` leaves none. */
    private boolean truncationLeavesARange(Map<String, Expr> observed) {
        Expr below = observed.get("truncated_below"), above = observed.get("truncated_above");
        if (below == null || above == null) return true;
        Type lo = types.type(below, null), hi = types.type(above, null);
        if (!lo.isConstant() || !hi.isConstant() || lo.constant()[0] < hi.constant()[0]) return true;
        diagnostics.error(below.span().to(above.span()), "the truncation leaves no values: `truncated_below` is "
                + IrPrinter.number(lo.constant()[0]) + " and `truncated_above` is " + IrPrinter.number(hi.constant()[0]),
                "give a lower bound below the upper one");
        return false;
    }

    /** The arguments in the distribution's parameter order, resolving names; null after an error. */
    private List<Expr> arrangeArguments(Statement.Sampling s, Distribution dist) {
        List<DistributionParameter> params = dist.parameters();
        String signature = dist.name() + "(" + String.join(", ", params.stream().map(DistributionParameter::name).toList()) + ")";
        Expr[] arranged = new Expr[params.size()];
        boolean ok = true;
        int position = 0;
        Statement.Argument named = null;
        for (Statement.Argument a : s.arguments()) {
            int slot;
            if (a.name() == null && named != null) {
                // R would give it the first parameter still free, Python refuses it: which one was meant is not clear.
                diagnostics.error(a.value().span(), "`" + a.value().span().text() + "` is given by position after the named argument `"
                        + named.name().text() + "`, so it is not clear which argument of " + dist.name() + " it is",
                        "name it too, or give the arguments by position first: " + signature);
                ok = false;
                continue;
            }
            if (a.name() == null) {
                slot = position++;
                if (slot >= params.size()) {
                    Span extra = a.value().span().to(s.arguments().getLast().value().span());
                    diagnostics.error(extra, dist.name() + " takes " + count(params.size(), "argument") + ", but is given "
                            + s.arguments().size(), "write it as " + signature);
                    return null;
                }
            } else {
                named = a;
                slot = -1;
                for (int i = 0; i < params.size(); i++) {
                    if (Names.canonical(params.get(i).name()).equals(a.name().key())) slot = i;
                }
                if (slot < 0) {
                    // Compare with the ASCII spellings too: `sigm` is a typo of `sigma`, that is of `σ`.
                    Map<String, String> spellings = new HashMap<>();
                    for (DistributionParameter p : params) {
                        spellings.put(p.name(), p.name());
                        NameHints.greekSpellings().forEach((ascii, greek) -> { if (greek.equals(p.name())) spellings.put(ascii, p.name()); });
                    }
                    String suggestion = spellings.get(Suggestions.closest(a.name().text(), spellings.keySet()));
                    for (DistributionParameter p : params) {
                        // `sd = …` or `scale = …`: the role of a parameter, or its common name, also finds it.
                        if (p.role().equals(a.name().text()) || (a.name().text().equals("sd") && p.role().equals("scale"))
                                || (a.name().text().equals("mean") && p.role().equals("location"))) suggestion = p.name();
                    }
                    diagnostics.error(a.name().span(), dist.name() + " has no argument called `" + a.name().text() + "`",
                            suggestion != null ? "did you mean `" + suggestion + "`? It is " + signature : "it is " + signature);
                    ok = false;
                    continue;
                }
            }
            if (arranged[slot] != null) {
                Span where = a.name() != null ? a.name().span().to(a.value().span()) : a.value().span();
                diagnostics.error(where, "the argument " + params.get(slot).name() + " of " + dist.name()
                        + " is given twice", "give each argument once: " + signature);
                ok = false;
                continue;
            }
            arranged[slot] = a.value();
        }
        if (!ok) return null;
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < arranged.length; i++) if (arranged[i] == null) missing.add(params.get(i).name());
        if (!missing.isEmpty()) {
            // From the distribution's name to the closing parenthesis: where the arguments go.
            Span where = s.span().file().span(s.distribution().span().start(), s.span().end());
            int n = s.arguments().size();
            diagnostics.error(where, dist.name() + " takes " + count(params.size(), "argument") + ", but is given "
                    + (n == 0 ? "none" : n + ": " + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing"),
                    "write it as " + signature);
            return null;
        }
        return List.of(arranged);
    }

    private CheckedModel.Kind samplingKind(Statement.Sampling s, Type target) {
        Expr t = s.target();
        Symbol targetSymbol = t instanceof Expr.Name n ? scope.get(n.name().key())
                : t instanceof Expr.Index i ? scope.get(i.base().key()) : null;
        if (targetSymbol instanceof Symbol.Param p && target.rowVarying()) {
            String what = p.random() ? "the distribution of random effects" : "a prior";
            diagnostics.error(t.span(), what + " cannot be on `" + t.span().text() + "`, which picks a different element of `"
                    + p.name() + "` on each row", (p.random() ? "give it for" : "put the prior on") + " the whole vector: `" + p.name() + " ~ …`");
            return null;
        }
        if (targetSymbol instanceof Symbol.Param p) return p.random() ? CheckedModel.Kind.RANDOM : CheckedModel.Kind.PRIOR;
        if (target.dependsOnParams()) {
            if (target.rowVarying()) {
                diagnostics.error(t.span(), "the left of `~` mixes data and parameters",
                        "put the data on the left and move the parameters into the distribution's arguments");
            } else {
                String what = targetSymbol instanceof Symbol.Let ? "`" + t.span().text() + "`, which is computed from parameters"
                        : "a function of parameters";
                String hint = target.params().size() == 1
                        ? "put the prior on `" + target.params().iterator().next().name() + "` itself, or declare a parameter for `"
                                + t.span().text() + "` and compute `" + target.params().iterator().next().name() + "` from it"
                        : "put priors on the parameters themselves";
                diagnostics.error(t.span(), "the left of `~` is " + what + "; a prior on it would need a Jacobian correction", hint);
            }
            return null;
        }
        if (target.rowVarying()) return CheckedModel.Kind.LIKELIHOOD;
        String what = targetSymbol == null ? "a constant expression" : "the " + targetSymbol.kind() + " `" + targetSymbol.name() + "`";
        diagnostics.error(t.span(), "the left of `~` must be data or a parameter, but it is " + what,
                "write data on the left for a likelihood (`y ~ …`) or a parameter for a prior (`σ ~ …`)");
        return null;
    }

    /** Checks one distribution argument's shape and domain; false after an error. */
    private boolean argument(Statement.Sampling s, Distribution dist, DistributionParameter p, Expr arg, Type t, Type target,
                             CheckedModel.Kind kind) {
        String what = "the " + p.role() + " " + p.name() + " of " + dist.name();
        if (!t.isScalar() && t.size() != target.size()) {
            diagnostics.error(arg.span(), what + " is a vector of " + t.size() + " elements, but the left of `~` "
                    + (target.isScalar() ? "is a single value" : "has " + target.size()), target.isScalar()
                    ? "give a single value, e.g. `" + arg.span().text() + "[1]`, `sum(" + arg.span().text() + ")` or `dot(X, "
                            + arg.span().text() + ")`" : "make their sizes agree");
            return false;
        }
        if (kind != CheckedModel.Kind.LIKELIHOOD && t.rowVarying()) {
            String statement = kind == CheckedModel.Kind.RANDOM ? "the distribution of random effects" : "a prior";
            diagnostics.error(arg.span(), statement + " cannot depend on data rows, but " + what + " does",
                    "use constants or parameters in " + (kind == CheckedModel.Kind.RANDOM ? "its" : "a prior's") + " arguments");
            return false;
        }
        if (kind == CheckedModel.Kind.LIKELIHOOD && dist.support() == Support.BETWEEN_ARGUMENTS && t.dependsOnParams()) {
            diagnostics.error(arg.span(), what + " depends on a parameter: its maximum-likelihood value is the data's extreme, "
                    + "where the likelihood jumps and no gradient vanishes",
                    "estimate such a bound as the sample minimum or maximum, or give " + dist.name() + " constant bounds");
            return false;
        }
        if (t.rowVarying()) return true;   // depends on the data: checked when the data are read
        Range domain = switch (p.domain()) {
            case POSITIVE -> Range.POSITIVE;
            case UNIT_INTERVAL -> Range.UNIT;
            case COUNT -> new Range(0, false, Double.POSITIVE_INFINITY, true);
            default -> null;
        };
        if (domain == null) return true;
        if (p.domain() == Support.COUNT) {
            if (t.dependsOnParams()) {
                diagnostics.error(arg.span(), what + " must be a whole number from the data or a constant, not a parameter",
                        "declare `" + arg.span().text() + "` as `data` (a column of counts) or as a `const`");
                return false;
            }
            for (double v : t.constant()) {
                if (!Support.COUNT.contains(v)) {
                    diagnostics.error(arg.span(), what + " must be a whole number ≥ 0, but it is " + IrPrinter.number(v), null);
                    return false;
                }
            }
            return true;
        }
        if (t.range().within(domain)) return true;
        String need = p.domain() == Support.POSITIVE ? "> 0" : "in (0, 1)";
        if (t.isConstant()) {
            Symbol constant = arg instanceof Expr.Name n ? scope.get(n.name().key()) : null;
            diagnostics.error(arg.span(), what + " must be " + need + ", but it is " + t.range(),
                    constant instanceof Symbol.Const ? "give `const " + constant.name() + "` a value " + need : "give a value " + need);
            return false;
        }
        diagnostics.error(arg.span(), what + " must be " + need + ", but `" + arg.span().text() + "` can be "
                + (p.domain() == Support.POSITIVE ? "≤ 0" : "outside (0, 1)"), domainHint(arg, p.domain()));
        return false;
    }

    private String domainHint(Expr arg, Support domain) {
        Symbol s = arg instanceof Expr.Name n ? scope.get(n.name().key()) : arg instanceof Expr.Index i ? scope.get(i.base().key()) : null;
        String constraint = domain == Support.POSITIVE ? "> 0" : "in (0, 1)";
        if (s instanceof Symbol.Param param) {
            return "declare it as `param " + param.name() + (param.isVector() ? "[" + param.size() + "]" : "") + " " + constraint + "`";
        }
        if (s instanceof Symbol.Let) return "constrain the parameters it is computed from, e.g. `param … " + constraint + "`";
        return domain == Support.POSITIVE ? "write it so that it is > 0 for every parameter value, e.g. exp(…) or a parameter declared `> 0`"
                : "write it so that it is in (0, 1) for every parameter value, e.g. logistic(…) or a parameter declared `in (0, 1)`";
    }

    /** A prior's parameter must be declared within the distribution's support. */
    private boolean priorSupport(Statement.Sampling s, Distribution dist, Type target, List<Type> argTypes, CheckedModel.Kind kind) {
        if (kind == CheckedModel.Kind.RANDOM && dist.support() != Support.REAL) {
            diagnostics.error(s.distribution().span(), "random effects are integrated over the whole real line, but " + dist.name()
                    + " is a distribution of " + dist.support().description, "use a distribution on the whole line, e.g. "
                    + "`Normal(0, τ)`; for an effect that must be positive write exp(" + s.target().span().text() + "[g]) where it is used");
            return false;
        }
        Range bounds = target.range();
        String name = s.target().span().text();
        Support support = dist.support();
        if (support.integer) {
            diagnostics.error(s.distribution().span(), "`" + name + "` is a continuous parameter, but " + dist.name()
                    + " is a distribution of counts (" + support.description + ")",
                    "use a continuous distribution for a prior, e.g. Gamma or Exponential for a parameter > 0");
            return false;
        }
        Range needed = switch (support) {
            case POSITIVE -> Range.POSITIVE;
            case UNIT_INTERVAL -> Range.UNIT;
            case BETWEEN_ARGUMENTS -> {
                Type lo = argTypes.get(0), hi = argTypes.get(1);
                yield lo.isConstant() && hi.isConstant() && lo.isScalar() && hi.isScalar()
                        ? new Range(lo.constant()[0], false, hi.constant()[0], false) : null;
            }
            default -> Range.REAL;
        };
        if (needed == null) {
            diagnostics.error(s.span(), dist.name() + "'s bounds must be constants when it is a prior", null);
            return false;
        }
        if (bounds.within(needed)) {
            Symbol.Param param = target.params().iterator().next();
            Span previous = priors.put(param, s.span());
            if (previous != null && s.target() instanceof Expr.Name) {
                diagnostics.warning(s.target().span(), "`" + param.name() + "` already has a prior on line " + previous.line()
                        + "; both apply", "remove one unless you mean their product");
            }
            return true;
        }
        String declare = switch (support) {
            case POSITIVE -> "> 0";
            case UNIT_INTERVAL -> "in (0, 1)";
            default -> "in (" + IrPrinter.number(needed.lo()) + ", " + IrPrinter.number(needed.hi()) + ")";
        };
        String base = target.params().iterator().next().name();
        diagnostics.error(s.target().span(), "`" + name + "` is declared " + (bounds.equals(Range.REAL) ? "without bounds" : "in " + bounds)
                        + ", but " + dist.name() + " needs it to be " + support.description,
                "declare it as `param " + base + " " + declare + "`");
        return false;
    }
}
