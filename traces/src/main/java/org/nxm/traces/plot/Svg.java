package org.nxm.traces.plot;

import java.util.Locale;

/** A minimal SVG builder: the handful of elements the plots need, with attribute and text escaping. */
final class Svg {
    private final StringBuilder sb = new StringBuilder(1 << 14);
    private final int width;
    private final int height;

    Svg(int width, int height, String title) {
        this.width = width;
        this.height = height;
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        sb.append("<title>").append(escape(title)).append("</title>\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"white\"/>\n");
    }

    int width() { return width; }

    int height() { return height; }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth, String dash) {
        sb.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2))
                .append("\" y2=\"").append(f(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(f(strokeWidth)).append('"');
        if (dash != null) sb.append(" stroke-dasharray=\"").append(dash).append('"');
        sb.append("/>\n");
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
        sb.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(Math.max(0, w)))
                .append("\" height=\"").append(f(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
        if (tooltip != null) sb.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        else sb.append("/>\n");
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill, String tooltip) {
        sb.append("<circle cx=\"").append(f(cx)).append("\" cy=\"").append(f(cy)).append("\" r=\"").append(f(r))
                .append("\" fill=\"").append(fill).append("\" stroke=\"black\" stroke-width=\"0.5\"><title>")
                .append(escape(tooltip)).append("</title></circle>\n");
        return this;
    }

    /** A polyline as a path: "M x0 y0 L x1 y1 ...". Needs at least one point. */
    Svg path(double[] xs, double[] ys, int n, String stroke, double strokeWidth, String dash) {
        if (n == 0) return this;
        sb.append("<path fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(f(strokeWidth)).append('"');
        if (dash != null) sb.append(" stroke-dasharray=\"").append(dash).append('"');
        sb.append(" d=\"M").append(f(xs[0])).append(' ').append(f(ys[0]));
        for (int i = 1; i < n; i++) sb.append(" L").append(f(xs[i])).append(' ').append(f(ys[i]));
        sb.append("\"/>\n");
        return this;
    }

    Svg text(double x, double y, String text, String anchor, int size, String extra) {
        sb.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" font-size=\"").append(size).append('"');
        if (extra != null) sb.append(' ').append(extra);
        sb.append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    String finish() {
        sb.append("</svg>\n");
        return sb.toString();
    }

    static String f(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
