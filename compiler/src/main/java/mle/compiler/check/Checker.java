package mle.compiler.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.ParsedModel;
import mle.compiler.ast.Names;
import mle.compiler.ast.Statement;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.Span;

/**
 * AST → checked model: scopes and kinds (data, param, const, let, function), shapes, and what can be
 * proved before any data is read (a scale is > 0, a prior's parameter lies in its support). Reports
 * every problem it finds, each with a hint; returns null when there was an error.
 *
 * <p>This class reads the statements in order and hands each to the part that owns its concern, all sharing one
 * {@link CheckScope}: {@link Declarations}, {@link SamplingRules} for `~` and `target +=`, {@link ExpressionTyping}
 * and {@link CallTyping} for the expressions in them, {@link NameHints} for names that are not what they seem, and at
 * the end {@link UsageLint}.
 */
public final class Checker {
    /** The most elements a declared vector may have. */
    public static final int MAX_SIZE = 100_000;

    private final ParsedModel model;
    private final Diagnostics diagnostics;
    private final CheckScope scope;
    private final NameHints hints;
    private final UsageLint usage;
    private final ExpressionTyping types;
    private final Declarations declarations;
    private final SamplingRules samplingRules;
    private final List<Statement> failed = new ArrayList<>();

    private Checker(ParsedModel model, Map<String, double[]> overrides, Diagnostics diagnostics) {
        this.model = model;
        this.diagnostics = diagnostics;
        this.scope = new CheckScope(model, diagnostics);
        this.hints = new NameHints(scope);
        this.usage = new UsageLint(scope);
        this.types = new ExpressionTyping(scope, hints);
        this.declarations = new Declarations(scope, types, hints, overrides);
        this.samplingRules = new SamplingRules(scope, types, hints);
    }

    /** The checked model, and the `--set` names the model has no constant for. */
    public record Checked(CheckedModel model, List<String> unknownOverrides) {}

    /** @param overrides values for constants given outside the model (`--set s=0.5`), by name */
    public static Checked check(ParsedModel model, Map<String, double[]> overrides, Diagnostics diagnostics) {
        Checker checker = new Checker(model, overrides, diagnostics);
        CheckedModel checked = checker.run();
        List<String> unknown = overrides.keySet().stream()
                .filter(k -> !checker.declarations.usedOverrides.contains(Names.canonical(k))).sorted().toList();
        return new Checked(checked, unknown);
    }

    private CheckedModel run() {
        for (Statement s : model.statements()) {
            for (Identifier id : Declarations.declaredNames(s)) scope.declaredAnywhere.putIfAbsent(id.key(), id);
        }
        for (Statement s : model.statements()) {
            mle.compiler.interrupt.Interruption.checkCompiling();
            int before = diagnostics.errorCount(), sampled = samplingRules.samplings.size();
            statement(s);
            // A statement can also fail quietly, on a name whose declaration failed: it counts as failed too.
            boolean quiet = s instanceof Statement.Sampling ? samplingRules.samplings.size() == sampled
                    : Declarations.declaredNames(s).stream().anyMatch(id -> !scope.containsKey(id.key()));
            if (diagnostics.errorCount() > before || quiet) failed.add(s);
        }
        finish();
        return diagnostics.hasErrors() ? null : new CheckedModel(model, List.copyOf(scope.symbols()), scope.byKey(),
                List.copyOf(samplingRules.samplings), List.copyOf(samplingRules.increments), List.copyOf(declarations.reports));
    }

    private void statement(Statement s) {
        switch (s) {
            case Statement.DataDeclaration d -> declarations.data(d);
            case Statement.ParamDeclaration p -> declarations.params(p);
            case Statement.RandomDeclaration r -> declarations.randoms(r);
            case Statement.ConstDeclaration c -> c.items().forEach(declarations::constant);
            case Statement.LetDeclaration l -> declarations.let(l);
            case Statement.FunctionDeclaration f -> declarations.function(f);
            case Statement.Sampling sampling -> samplingRules.sampling(sampling);
            case Statement.Increment increment -> samplingRules.increment(increment);
            case Statement.Report report -> declarations.report(report);
        }
    }

    /**
     * Each random effect has a distribution (`u ~ Normal(0, τ)`): without one, the likelihood integrated over it has no
     * finite value. One that no likelihood reads integrates out to nothing, which is allowed but said.
     */
    private void randomsDistributed() {
        for (Symbol s : scope.symbols()) {
            if (!(s instanceof Symbol.Param p) || !p.random() || !scope.usedParams.contains(p)) continue;
            if (!samplingRules.distributedRandoms.contains(p)) {
                diagnostics.error(p.id().span(), "the random effect `" + p.name() + "` has no distribution, so the likelihood "
                        + "cannot be integrated over it", "give it one, e.g. `" + p.name() + " ~ Normal(0, τ)` with `param τ > 0`");
                continue;
            }
            boolean inLikelihood = samplingRules.samplings.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD
                    && x.params().contains(p))
                    || samplingRules.increments.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD
                    && x.valueType().params().contains(p));
            if (!inLikelihood) {
                diagnostics.warning(p.id().span(), "no likelihood uses the random effect `" + p.name() + "`, so integrating it "
                        + "out changes nothing", "use it in a `~` statement of the data, e.g. `y ~ Normal(a + " + p.name()
                        + (p.isVector() ? "[g]" : "") + ", σ)`, or remove it");
            }
        }
    }

    private void finish() {
        hints.lookAlikeNames();
        usage.unused(failed);
        if (failed.stream().noneMatch(s -> s instanceof Statement.Sampling || s instanceof Statement.Increment)) randomsDistributed();
        List<CheckedModel.Sampling> samplings = samplingRules.samplings;
        List<CheckedModel.Increment> increments = samplingRules.increments;
        boolean likelihood = samplings.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD)
                || increments.stream().anyMatch(x -> x.kind() == CheckedModel.Kind.LIKELIHOOD);
        if (!likelihood && !diagnostics.hasErrors()) {
            if (!samplings.isEmpty()) {
                diagnostics.error(samplings.getFirst().statement().target().span(), "the model has no likelihood: every `~` statement "
                        + "is a prior on a parameter", "add a `~` statement with data on its left, e.g. `y ~ Normal(μ, σ)` with `data y`");
                return;
            }
            Span where = model.name() != null ? model.name().span()
                    : model.statements().isEmpty() ? model.source().span(0, Math.min(1, model.source().text().length()))
                    : model.statements().getFirst().span();
            diagnostics.error(where, "the model has no likelihood: no `~` statement has data on its left, and no `target +=` reads data",
                    "add one, e.g. `y ~ Normal(μ, σ)` with `data y`");
        }
    }
}
