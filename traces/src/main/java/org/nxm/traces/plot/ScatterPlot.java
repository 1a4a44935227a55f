package org.nxm.traces.plot;

import java.util.List;
import java.util.Locale;

/**
 * A scatter plot of labelled points in several series, optionally joining a series' points with a
 * line (a Pareto front, say). Same frame, palette and legend as the trace plots.
 */
public final class ScatterPlot {
    private ScatterPlot() {}

    /** One labelled point; the label becomes the hover tooltip. */
    public record Point(double x, double y, String label) {}

    /**
     * A named set of points; {@code connect} draws them as a line in the given order; {@code colour}
     * (an SVG colour, e.g. a grey for dominated points) or null for the palette's next colour.
     */
    public record Series(String name, List<Point> points, boolean connect, String colour) {
        public Series(String name, List<Point> points, boolean connect) { this(name, points, connect, null); }
    }

    public static String render(String title, String xLabel, String yLabel, boolean logX, List<Series> series) {
        return render(title, xLabel, yLabel, logX, false, series);
    }

    public static String render(String title, String xLabel, String yLabel, boolean logX, boolean logY, List<Series> series) {
        double xMin = Double.MAX_VALUE, xMax = -Double.MAX_VALUE, yMax = -Double.MAX_VALUE, yMin = Double.MAX_VALUE;
        for (Series s : series) {
            for (Point p : s.points()) {
                xMin = Math.min(xMin, p.x());
                xMax = Math.max(xMax, p.x());
                yMin = Math.min(yMin, p.y());
                yMax = Math.max(yMax, p.y());
            }
        }
        if (xMin == Double.MAX_VALUE) {
            xMin = logX ? 1 : 0;
            xMax = 10;
            yMin = 0;
            yMax = 1;
        }
        if (logX) {
            xMin = Math.pow(10, Math.floor(Math.log10(Math.max(xMin, 1e-12))));
            xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(xMax, xMin * 10))));
        } else {
            double pad = (xMax - xMin) * 0.05 + 1e-9;
            xMin -= pad;
            xMax += pad;
        }
        double yPad = (yMax - yMin) * 0.08 + 1e-9;
        Svg svg = new Svg(Plots.W, Plots.H, title);
        Axis x = new Axis(xMin, xMax, Plots.LEFT, Plots.W - Plots.RIGHT, logX);
        Axis y = logY
                ? new Axis(Math.pow(10, Math.floor(Math.log10(Math.max(yMin, 1e-15)))),
                        Math.pow(10, Math.ceil(Math.log10(Math.max(yMax, Math.max(yMin, 1e-15) * 10)))), Plots.H - Plots.BOTTOM, Plots.TOP, true)
                : new Axis(Math.max(0, yMin - yPad), yMax + yPad, Plots.H - Plots.BOTTOM, Plots.TOP, false);
        Plots.frame(svg, x, y, title, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = s.colour() != null ? s.colour() : Plots.PALETTE[i % Plots.PALETTE.length];
            int n = s.points().size();
            if (s.connect() && n > 0) {
                double[] xs = new double[n];
                double[] ys = new double[n];
                for (int j = 0; j < n; j++) {
                    xs[j] = x.px(s.points().get(j).x());
                    ys[j] = y.px(s.points().get(j).y());
                }
                svg.path(xs, ys, n, colour, 2, null);
            }
            for (Point p : s.points()) {
                svg.circle(x.px(p.x()), y.px(p.y()), s.connect() ? 5 : 3.5, colour, String.format(Locale.ROOT,
                        "%s (%s, %s)", p.label(), Axis.label(p.x()), Axis.label(p.y())));
            }
            Plots.legend(svg, i, colour, s.name(), n + " points");
        }
        return svg.finish();
    }
}
