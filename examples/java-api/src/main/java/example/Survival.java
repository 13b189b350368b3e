package example;

import java.util.List;
import mle.api.Estimate;
import mle.api.FitResult;
import mle.api.Model;
import mle.runtime.data.DataTable;

/** Fits exponential survival times, some censored, with mle's Java API, and prints the rate with its interval. */
public final class Survival {
    static final String MODEL = """
            data t, censored
            param λ > 0
            t ~ Exponential(λ, right_censored = censored)
            """;

    /** The fit of the times {@code t}, those with {@code censored[i] = 1} only known to be longer. */
    public static FitResult fit(double[] t, double[] censored) {
        Model model = Model.compile(MODEL);
        return model.fit(DataTable.of(List.of("t", "censored"), List.of(t, censored)));
    }

    public static void main(String[] args) {
        FitResult fit = fit(new double[] {2.1, 0.4, 3.3, 1.2, 5.0, 0.8, 5.0, 2.6}, new double[] {0, 0, 0, 0, 1, 0, 1, 0});
        Estimate rate = fit.estimate("λ");
        System.out.printf("λ = %.6f, 95%% interval [%.4f, %.4f]; %s%n", rate.value(), rate.lower(), rate.upper(), fit.message());
    }
}
