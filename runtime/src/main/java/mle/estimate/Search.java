package mle.estimate;

import java.util.List;
import java.util.Locale;

/**
 * How the optimum was sought: the methods and why, whether the objective is proved to have a single minimum (then
 * one start suffices and the optimum is global), and otherwise what a multi-start found.
 *
 * @param method    the methods that ran and why, e.g. "Levenberg–Marquardt on the residual sum of squares, …"
 * @param convexity why the optimum is global (the objective is proved convex or unimodal), or null
 * @param planned   the starts asked for (1 when convexity is proved)
 * @param run       the starts that ran within the time budget
 * @param bestStart the start the reported optimum came from (0: the given start)
 * @param optima    the distinct optima the converged runs reached, lowest first, by objective value
 * @param account   how a direct solver searched, in its own words (null: the sentence is made from the above)
 */
public record Search(String method, String convexity, int planned, int run, int bestStart, List<Double> optima,
                     String account) {

    public Search {
        optima = List.copyOf(optima);
    }

    public Search(String method, String convexity, int planned, int run, int bestStart, List<Double> optima) {
        this(method, convexity, planned, run, bestStart, optima, null);
    }

    public boolean global() { return convexity != null; }

    /** One sentence: "convex: this optimum is global (…)" or what the starts found. */
    public String sentence() {
        if (account != null) return account;
        if (convexity != null) return "one start: the optimum is global, since " + convexity;
        if (planned == 1) return "one start (more with --starts N): the objective is not proved to have a single minimum";
        StringBuilder s = new StringBuilder();
        s.append(run).append(" starts (the given one and ").append(run - 1).append(" spread around it");
        if (run < planned) s.append("; ").append(planned - run).append(" more did not fit in the time budget");
        s.append("): ");
        if (optima.size() <= 1) {
            s.append(optima.isEmpty() ? "none converged" : "every start that converged reached this optimum");
        } else {
            s.append(optima.size()).append(" distinct optima; the lowest is reported, the others are higher by ");
            List<String> gaps = optima.stream().skip(1).limit(6)
                    .map(v -> String.format(Locale.ROOT, "%.4g", v - optima.getFirst())).toList();
            s.append(String.join(", ", gaps)).append(optima.size() > 7 ? ", …" : "");
        }
        if (bestStart != 0) s.append("; the given start led to a higher optimum or did not converge");
        s.append("; not proved to be the global optimum");
        return s.toString();
    }
}
