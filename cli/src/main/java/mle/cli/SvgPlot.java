package mle.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scatter or line plot as inline SVG, for the HTML report: axes with round ticks, points or a line, and reference
 * lines. Written here rather than drawn by a charting library because the report needs only these two kinds of plot,
 * as text inside one self-contained HTML file: SVG from a library (XChart needs VectorGraphics2D for it) would be a
 * Java2D drawing translated, larger and with fonts embedded by path.
 */
final class SvgPlot {
    private static final int WIDTH = 440, HEIGHT = 300, LEFT = 62, RIGHT = 14, TOP = 30, BOTTOM = 44;

    private final String title, xLabel, yLabel;
    private final List<double[]> points = new ArrayList<>();
    private final List<double[]> line = new ArrayList<>();
    private final List<double[]> references = new ArrayList<>();   // {x1, y1, x2, y2}, in data units
    private double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
    private double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
    private String note;

    SvgPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    SvgPlot point(double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            points.add(new double[] {x, y});
            include(x, y);
        }
        return this;
    }

    /** The next vertex of the plot's line. */
    SvgPlot lineTo(double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            line.add(new double[] {x, y});
            include(x, y);
        }
        return this;
    }

    /** A dashed reference line between two points; it does not widen the axes. */
    SvgPlot reference(double x1, double y1, double x2, double y2) {
        references.add(new double[] {x1, y1, x2, y2});
        return this;
    }

    /** Widens the axes to include this point. */
    SvgPlot include(double x, double y) {
        if (Double.isFinite(x)) {
            xMin = Math.min(xMin, x);
            xMax = Math.max(xMax, x);
        }
        if (Double.isFinite(y)) {
            yMin = Math.min(yMin, y);
            yMax = Math.max(yMax, y);
        }
        return this;
    }

    /** A sentence in the middle of the frame, for a plot with nothing to draw. */
    SvgPlot note(String text) {
        this.note = text;
        return this;
    }

    double xMin() { return xMin; }

    double xMax() { return xMax; }

    double yMin() { return yMin; }

    double yMax() { return yMax; }

    String svg() {
        double[] xs = range(xMin, xMax), ys = range(yMin, yMax);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        s.append("<title>").append(escape(title)).append("</title>");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>", LEFT, escape(title)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"frame\"/>",
                LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        for (double t : ticks(xs[0], xs[1])) {
            double px = px(t, xs);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>", px, TOP, px, HEIGHT - BOTTOM));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    px, HEIGHT - BOTTOM + 15, label(t)));
        }
        for (double t : ticks(ys[0], ys[1])) {
            double py = py(t, ys);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>", LEFT, py, WIDTH - RIGHT, py));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
                    LEFT - 5, py + 4, label(t)));
        }
        for (double[] r : references) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"reference\"/>",
                    px(clamp(r[0], xs), xs), py(clamp(r[1], ys), ys), px(clamp(r[2], xs), xs), py(clamp(r[3], ys), ys)));
        }
        if (!line.isEmpty()) {
            s.append("<polyline class=\"line\" points=\"");
            for (double[] p : line) s.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p[0], xs), py(p[1], ys)));
            s.append("\"/>");
        }
        for (double[] p : points) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" class=\"point\"/>", px(p[0], xs), py(p[1], ys)));
        }
        if (note != null) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">%s</text>",
                    (LEFT + WIDTH - RIGHT) / 2, (TOP + HEIGHT - BOTTOM) / 2, escape(note)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">%s</text>",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, escape(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" class=\"label\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %d)\">%s</text>", (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, escape(yLabel)));
        return s.append("</svg>").toString();
    }

    /** The axis range: the data's, widened by 5%, or a unit around a single value. */
    private static double[] range(double min, double max) {
        if (!(min <= max)) return new double[] {0, 1};
        if (min == max) return new double[] {min - Math.max(1, Math.abs(min)) * 0.5, max + Math.max(1, Math.abs(max)) * 0.5};
        double pad = 0.05 * (max - min);
        return new double[] {min - pad, max + pad};
    }

    private static double clamp(double v, double[] r) { return Math.max(r[0], Math.min(r[1], v)); }

    private static double px(double x, double[] r) { return LEFT + (x - r[0]) / (r[1] - r[0]) * (WIDTH - LEFT - RIGHT); }

    private static double py(double y, double[] r) { return HEIGHT - BOTTOM - (y - r[0]) / (r[1] - r[0]) * (HEIGHT - TOP - BOTTOM); }

    /** Round values (1, 2 or 5 times a power of ten apart) inside the range, about five of them. */
    static List<Double> ticks(double min, double max) {
        double raw = (max - min) / 5, power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power : 10 * power;
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(min / step) * step; t <= max + 1e-9 * step && ticks.size() < 20; t += step) {
            ticks.add(Math.abs(t) < 1e-12 * step ? 0 : t);
        }
        return ticks;
    }

    private static String label(double v) {
        String text = Numbers.sig(v, 4);
        return escape(text);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
