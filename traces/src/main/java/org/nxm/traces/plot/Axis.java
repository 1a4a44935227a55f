package org.nxm.traces.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maps data values to pixels, linearly or in log10, and picks readable tick values. */
final class Axis {
    final double min;
    final double max;
    final double pixelFrom;
    final double pixelTo;
    final boolean log;

    Axis(double min, double max, double pixelFrom, double pixelTo, boolean log) {
        if (log) {
            min = Math.max(min, 1e-12);
            max = Math.max(max, min * 10);
        } else if (max <= min) {
            max = min + 1;
        }
        this.min = min;
        this.max = max;
        this.pixelFrom = pixelFrom;
        this.pixelTo = pixelTo;
        this.log = log;
    }

    double px(double v) {
        double t = log ? (Math.log10(Math.max(v, 1e-300)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
        return pixelFrom + t * (pixelTo - pixelFrom);
    }

    /** Ticks: powers of ten for log axes, 1/2/5 x 10^k steps (about five) for linear ones. */
    List<Double> ticks() {
        List<Double> t = new ArrayList<>();
        if (log) {
            for (double p = Math.pow(10, Math.floor(Math.log10(min))); p <= max * 1.0001; p *= 10) if (p >= min * 0.9999) t.add(p);
            return t;
        }
        double raw = (max - min) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) t.add(v);
        return t;
    }

    static String label(double v) {
        double a = Math.abs(v);
        if (a == 0) return "0";
        if (a >= 1e9) return trim(v / 1e9) + "G";
        if (a >= 1e6) return trim(v / 1e6) + "M";
        if (a >= 1e3) return trim(v / 1e3) + "k";
        if (a >= 1) return trim(v);
        return String.format(Locale.ROOT, "%.2g", v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
