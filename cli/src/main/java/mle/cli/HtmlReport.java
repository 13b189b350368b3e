package mle.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mle.api.Estimate;
import mle.api.FitResult;
import mle.api.Predictions;
import mle.api.ProfileInterval;
import mle.runtime.optim.Progress;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * `mle fit … --report FILE.html`: one self-contained HTML page (no network when it is viewed) with the estimates,
 * the verdict, and the plots a statistician looks at after a fit: residuals against fitted values, a normal Q–Q plot
 * of the standardized residuals, observed against fitted, the profile likelihood of each parameter (with --profile),
 * and the optimiser's trace.
 */
final class HtmlReport {
    /** More rows than this are plotted as every k-th row, so that a page of a large fit stays small. */
    static final int MAX_POINTS = 4000;

    private HtmlReport() {}

    /** @param title the model's name, or its file's where it has none */
    static String of(FitResult r, String title, String modelText, String data, Predictions predictions, List<Progress> trace,
                     List<ProfileInterval> profile) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(SvgPlot.escape(title)).append(" — mle fit</title>\n<style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1>").append(SvgPlot.escape(title)).append("</h1>\n");
        h.append("<p class=\"data\">").append(r.mode() == mle.compiler.ir.Objective.Mode.MLE ? "Maximum likelihood" : "Maximum a posteriori")
                .append(" fit of ").append(r.estimates().size()).append(" parameters to ").append(r.rows()).append(" rows of ")
                .append(SvgPlot.escape(data)).append(".</p>\n");
        h.append("<p class=\"verdict ").append(r.converged() ? "ok" : "warn").append("\">").append(SvgPlot.escape(r.message())).append("</p>\n");
        h.append(estimates(r, profile));
        h.append("<p class=\"objective\">NLL = ").append(Numbers.sig(r.nll(), 12));
        if (r.criteria() != null) {
            h.append(" · AIC = ").append(Numbers.sig(r.criteria().aic(), 10)).append(" · BIC = ").append(Numbers.sig(r.criteria().bic(), 10));
        }
        h.append("</p>\n<details><summary>Model</summary><pre>").append(SvgPlot.escape(modelText)).append("</pre></details>\n");
        h.append("<h2>Plots</h2>\n<div class=\"plots\">\n");
        for (String plot : plots(predictions, trace, profile)) h.append("<figure>").append(plot).append("</figure>\n");
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    private static String estimates(FitResult r, List<ProfileInterval> profile) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>parameter</th><th>estimate</th><th>std. error</th>"
                + "<th>95% interval</th>" + (profile != null ? "<th>profile 95% interval</th>" : "") + "</tr></thead><tbody>\n");
        for (Estimate e : r.estimates()) {
            t.append("<tr><td>").append(SvgPlot.escape(e.name())).append("</td><td>").append(Numbers.sig(e.value(), 9))
                    .append("</td><td>").append(Numbers.sig(e.standardError(), 4)).append("</td><td>[")
                    .append(Numbers.sig(e.lower(), 6)).append(", ").append(Numbers.sig(e.upper(), 6)).append("]</td>");
            if (profile != null) {
                ProfileInterval p = profile.stream().filter(q -> q.name().equals(e.name())).findFirst().orElse(null);
                t.append("<td>").append(p == null ? "" : "[" + Numbers.sig(p.lower(), 6) + ", " + Numbers.sig(p.upper(), 6) + "]").append("</td>");
            }
            t.append("</tr>\n");
        }
        return t.append("</tbody></table>\n").toString();
    }

    private static List<String> plots(Predictions p, List<Progress> trace, List<ProfileInterval> profile) {
        List<String> plots = new ArrayList<>();
        if (p != null && p.header().contains("fitted") && p.header().contains("std_residual")) {
            double[] observed = p.column(p.header().get(1)), fitted = p.column("fitted"), standardized = p.column("std_residual");
            int n = fitted.length, every = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
            String sampled = every > 1 ? " (every " + every + "th row)" : "";
            SvgPlot residuals = new SvgPlot("Standardized residuals against fitted values" + sampled, "fitted value",
                    "standardized residual");
            SvgPlot versus = new SvgPlot("Observed against fitted" + sampled, "fitted value", "observed " + p.header().get(1));
            for (int i = 0; i < n; i += every) {
                residuals.point(fitted[i], standardized[i]);
                versus.point(fitted[i], observed[i]);
            }
            residuals.reference(residuals.xMin(), 0, residuals.xMax(), 0);
            double lo = Math.min(versus.xMin(), versus.yMin()), hi = Math.max(versus.xMax(), versus.yMax());
            versus.reference(lo, lo, hi, hi);
            plots.add(residuals.svg());
            plots.add(qq(standardized, every).svg());
            plots.add(versus.svg());
        }
        if (profile != null) {
            for (ProfileInterval q : profile) {
                if (q.curve().length < 2) continue;
                SvgPlot plot = new SvgPlot("Profile likelihood of " + q.name(), q.name(), "2·(NLL − min NLL)");
                for (double[] point : q.curve()) plot.lineTo(point[0], point[1]).point(point[0], point[1]);
                plot.include(plot.xMin(), 4.2);
                plot.reference(plot.xMin(), 3.8415, plot.xMax(), 3.8415);
                if (Double.isFinite(q.lower())) plot.reference(q.lower(), 0, q.lower(), 3.8415);
                if (Double.isFinite(q.upper())) plot.reference(q.upper(), 0, q.upper(), 3.8415);
                plots.add(plot.svg());
            }
        }
        if (trace.isEmpty()) {
            plots.add(new SvgPlot("Optimiser's trace", "iteration", "objective").include(0, 0).include(1, 1)
                    .note("solved directly: no iterations to show").svg());
        } else {
            double last = trace.getLast().value();
            SvgPlot plot = new SvgPlot("Optimiser's trace (" + trace.size() + " iterations, "
                    + String.join(" then ", trace.stream().map(Progress::phase).distinct().toList()) + ")", "iteration",
                    "log₁₀(objective − final objective)");
            for (int i = 0; i < trace.size(); i++) plot.lineTo(i + 1, Math.log10(Math.max(trace.get(i).value() - last, 1e-16)));
            plots.add(plot.svg());
        }
        return plots;
    }

    /** Sorted standardized residuals against the standard normal's quantiles at (i − ½)/n, with the line y = x. */
    private static SvgPlot qq(double[] standardized, int every) {
        double[] sorted = Arrays.stream(standardized).filter(Double::isFinite).sorted().toArray();
        int n = sorted.length;
        SvgPlot plot = new SvgPlot("Normal Q–Q plot of the standardized residuals", "normal quantile", "standardized residual");
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        for (int i = 0; i < n; i += every) plot.point(normal.inverseCumulativeProbability((i + 0.5) / n), sorted[i]);
        double lo = Math.min(plot.xMin(), plot.yMin()), hi = Math.max(plot.xMax(), plot.yMax());
        return plot.reference(lo, lo, hi, hi);
    }

    private static final String STYLE = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1400px;color:#222;padding:0 1em}",
            "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.5em}",
            ".verdict{padding:.6em .8em;border-radius:4px}.verdict.ok{background:#e8f5e9}.verdict.warn{background:#fff3e0}",
            "table{border-collapse:collapse;margin:1em 0}th,td{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}",
            "th:first-child,td:first-child{text-align:left}pre{background:#f6f6f6;padding:.8em;overflow:auto}",
            ".plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}",
            "svg.plot{background:#fff;border:1px solid #e0e0e0}",
            "svg .title{font-size:12px;font-weight:600;fill:#222}svg .tick{font-size:10px;fill:#555}",
            "svg .label{font-size:11px;fill:#333}svg .frame{fill:none;stroke:#999}svg .grid{stroke:#eee}",
            "svg .point{fill:#1f77b4;fill-opacity:.6}svg .line{fill:none;stroke:#1f77b4;stroke-width:1.5}",
            "svg .reference{stroke:#d62728;stroke-dasharray:4 3}");
}
