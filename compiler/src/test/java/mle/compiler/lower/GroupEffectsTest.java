package mle.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import mle.compiler.Compiler;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Objective;
import mle.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** Which predictors have group effects a solver can eliminate level by level, and which do not. */
class GroupEffectsTest {

    @Test
    void aGroupInterceptBesideASlopeIsOneFactor() {
        Objective o = objective("data x, y, g\nparam a[5], b\nparam σ > 0\ny ~ Normal(a[g] + b * x, σ)\n");
        GroupEffects effects = found(o, Objective.Mode.MLE).orElseThrow();
        assertEquals(1, effects.factors().size());
        GroupEffects.Factor f = effects.factors().getFirst();
        assertEquals(5, f.levels());
        for (int k = 0; k < 5; k++) assertEquals("a[" + (k + 1) + "]", o.params().get(f.parameters()[k]).name());
        assertEquals("g", o.columns().get(f.index().index).name());
        assertArrayEquals(new int[] {index(o, "b")}, effects.shared());
        assertTrue(IrPrinter.inline(effects.rest(), o.naming()).contains("x"), IrPrinter.inline(effects.rest(), o.naming()));
    }

    @Test
    void twoGroupingsAreTwoFactorsAndACountModelHasThemToo() {
        Objective twoWay = objective("data x, y, g, h\nparam a[4], c[3], b\nparam σ > 0\ny ~ Normal(a[g] + c[h] + b * x, σ)\n");
        assertEquals(2, found(twoWay, Objective.Mode.MLE).orElseThrow().factors().size());
        Objective counts = objective("data x, k, g\nparam a[6], b\nk ~ PoissonLog(a[g] + b * x)\n");
        GroupEffects e = GroupEffects.of(counts, counts.objective(Objective.Mode.MLE),
                counts.likelihoods().getFirst().argument(0, 0)).orElseThrow();
        assertEquals(6, e.factors().getFirst().levels());
        assertEquals(6, e.groupParameters().length);
    }

    @Test
    void effectsUsedAnywhereElseOrNotAddedAreNotSeparable() {
        // A prior on the effects (in MAP mode) ties them together: a random effect's MAP, not a fixed effect.
        Objective prior = objective("data x, y, g\nparam a[5], b\nparam σ > 0\ny ~ Normal(a[g] + b * x, σ)\na ~ Normal(0, 1)\n");
        assertFalse(found(prior, Objective.Mode.MAP).isPresent());
        assertTrue(found(prior, Objective.Mode.MLE).isPresent(), "in MLE mode the prior is not part of the objective");
        // A group's slope a[g]·x is not an additive effect.
        assertFalse(found(objective("data x, y, g\nparam a[5]\nparam σ > 0\ny ~ Normal(a[g] * x, σ)\n"), Objective.Mode.MLE).isPresent());
        // The same vector in the mean twice.
        assertFalse(found(objective("data x, y, g\nparam a[5], b\nparam σ > 0\ny ~ Normal(a[g] + b * exp(a[1] * x), σ)\n"),
                Objective.Mode.MLE).isPresent());
        // A constrained effect is not free to move.
        assertFalse(found(objective("data x, y, g\nparam a[5] > 0\nparam b\nparam σ > 0\ny ~ Normal(a[g] + b * x, σ)\n"),
                Objective.Mode.MLE).isPresent());
    }

    @Test
    void aGroupingIsEliminatedAboveTwoHundredLevelsAndIsADesignBelow() {
        String gaussian = "data x, y, g\nparam a[%d], b\nparam σ > 0\ny ~ Normal(a[g] + b * x, σ)\n";
        Objective many = objective(gaussian.formatted(GroupedLinearModel.DENSE_LEVELS + 1));
        assertTrue(GroupedLinearModel.of(many, Objective.Mode.MLE).isPresent());
        assertFalse(LinearModel.of(many, Objective.Mode.MLE).isPresent(), "never also a column per level");
        Objective few = objective(gaussian.formatted(GroupedLinearModel.DENSE_LEVELS));
        assertFalse(GroupedLinearModel.of(few, Objective.Mode.MLE).isPresent());
        assertTrue(LinearModel.of(few, Objective.Mode.MLE).isPresent());
        Objective counts = objective("data x, k, g\nparam a[500], b\nk ~ PoissonLog(a[g] + b * x)\n");
        assertTrue(GeneralizedLinearModel.Grouped.of(counts, Objective.Mode.MLE).isPresent());
        assertFalse(GeneralizedLinearModel.of(counts, Objective.Mode.MLE).isPresent());
        // A prior on the effects (MAP) or a `report` quantity keeps the design with a column per level.
        Objective prior = objective(gaussian.formatted(500) + "a ~ Normal(0, 1)\n");
        assertFalse(GroupedLinearModel.of(prior, Objective.Mode.MAP).isPresent());
        Objective reported = objective(gaussian.formatted(500) + "report d = b * 2\n");
        assertFalse(GroupedLinearModel.of(reported, Objective.Mode.MLE).isPresent());
    }

    @Test
    void twoGroupingsAreEliminatedTogetherWhenOneIsLargeAndNeverOnOneColumnOrThree() {
        String twoWay = "data x, y, g, h\nparam a[%d], c[%d], b\nparam σ > 0\ny ~ Normal(a[g] + c[%s] + b * x, σ)\n";
        Objective large = objective(twoWay.formatted(500, 12, "h"));
        assertEquals(2, GroupedLinearModel.of(large, Objective.Mode.MLE).orElseThrow().factors().size());
        assertEquals(512, GroupedLinearModel.of(large, Objective.Mode.MLE).orElseThrow().levels());
        assertFalse(LinearModel.of(large, Objective.Mode.MLE).isPresent());
        // Both small: a column per level; one column twice: not two groupings.
        assertFalse(GroupedLinearModel.of(objective(twoWay.formatted(150, 12, "h")), Objective.Mode.MLE).isPresent());
        assertFalse(GroupedLinearModel.of(objective(twoWay.formatted(500, 500, "g")), Objective.Mode.MLE).isPresent());
        Objective three = objective("data x, y, g, h, j\nparam a[500], c[12], d[3], b\nparam σ > 0\n"
                + "y ~ Normal(a[g] + c[h] + d[j] + b * x, σ)\n");
        assertFalse(GroupedLinearModel.of(three, Objective.Mode.MLE).isPresent());
        Objective counts = objective("data x, k, g, h\nparam a[500], c[12], b\nk ~ PoissonLog(a[g] + c[h] + b * x)\n");
        assertEquals(2, GeneralizedLinearModel.Grouped.of(counts, Objective.Mode.MLE).orElseThrow().factors().size());
        // `derive` says what `fit` will do.
        Compiler.Compilation c = Compiler.compile(new SourceFile("model.mle", twoWay.formatted(500, 12, "h")), Map.of());
        String derived = mle.compiler.explain.Derivation.explain(c.checked(), c.objective());
        assertTrue(derived.contains("least squares with the 500 effects of `g` and the 12 of `h` eliminated"), derived);
    }

    private static Optional<GroupEffects> found(Objective o, Objective.Mode mode) {
        return GroupEffects.of(o, o.objective(mode), LocationScale.of(o).orElseThrow().location(0));
    }

    private static int index(Objective o, String name) {
        return o.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().index();
    }

    private static Objective objective(String text) {
        Compiler.Compilation c = Compiler.compile(new SourceFile("model.mle", text), Map.of());
        assertFalse(c.diagnostics().hasErrors(), () -> c.diagnostics().sorted().toString());
        return c.objective();
    }
}
