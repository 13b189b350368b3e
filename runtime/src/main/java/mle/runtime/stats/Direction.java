package mle.runtime.stats;

import java.util.List;

/**
 * A direction in parameter space along which the objective is not curved upwards at the optimum: the data do not
 * determine that combination of parameters (flat), or the point is not a minimum along it (negative).
 *
 * @param curvature       flat or negative
 * @param scaledEigenvalue the eigenvalue of the correlation-scaled Hessian D⁻¹HD⁻¹ (D = sqrt of the diagonal),
 *                        scale-free: 1 means "as well determined as a lone parameter", 0 means "not at all"
 * @param vector          the direction in the model's parameters θ (unit length)
 * @param description     a sentence, e.g. "flat direction: 0.707·a − 0.707·b (the data do not determine this
 *                        combination)"
 */
public record Direction(Curvature curvature, double scaledEigenvalue, double[] vector, String description) {

    /** How the objective bends along the direction. */
    public enum Curvature {
        /** Zero curvature (to rounding): not identifiable. */
        FLAT,
        /** Negative curvature: a saddle point or a maximum, not a minimum. */
        NEGATIVE
    }

    public Direction {
        vector = vector.clone();
    }

    @Override
    public double[] vector() {
        return vector.clone();
    }

    /** At most this many terms of a combination are shown; a direction of thousands of parameters says how many more. */
    static final int SHOWN_TERMS = 8;

    /**
     * "0.707·a − 0.707·b" from the components of at least 5% of the largest: the {@value #SHOWN_TERMS} largest of them
     * in the parameters' order, and "+ … (12 more terms)" for the rest.
     */
    public static String combination(double[] v, List<String> names) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        List<Integer> terms = new java.util.ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) >= 0.05 * max) terms.add(i);
        }
        List<Integer> shown = terms.stream().sorted((a, b) -> Double.compare(Math.abs(v[b]), Math.abs(v[a])))
                .limit(SHOWN_TERMS).sorted().toList();
        StringBuilder sb = new StringBuilder();
        for (int i : shown) {
            double c = v[i];
            if (sb.isEmpty()) {
                sb.append(c < 0 ? "−" : "");
            } else {
                sb.append(c < 0 ? " − " : " + ");
            }
            sb.append(String.format("%.3g·%s", Math.abs(c), names.get(i)));
        }
        int more = terms.size() - shown.size();
        if (more > 0) sb.append(" + … (").append(more).append(more == 1 ? " more term)" : " more terms)");
        return sb.toString();
    }
}
