package org.nxm.traces.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nxm.traces.EventKind;

/**
 * Compares two traces of the same model (e.g. dense A against 2:4 B), layer by layer (matched by name), and says
 * where the speedup came from: whether MMA time shrank, whether DRAM time and bytes shrank, and whether the
 * layer in B is memory-bound so that a shorter MMA could not pay off.
 *
 * <p>Ratios are A over B, so values above 1 mean B is faster or moves fewer bytes. MMA and DRAM time are the
 * summed durations of MMA events and of transfers on DRAM units.
 */
public record TraceDiff(String a, String b, long cyclesA, long cyclesB, Double speedup, long macsA, long macsB,
                        long dramBytesA, long dramBytesB, Double dramBytesRatio, long mmaCyclesA, long mmaCyclesB,
                        Double mmaRatio, long dramCyclesA, long dramCyclesB, Double dramCyclesRatio, String verdict,
                        List<LayerDiff> layers, List<String> onlyInA, List<String> onlyInB) {

    public record LayerDiff(String name, long cyclesA, long cyclesB, Double speedup, long dramBytesA, long dramBytesB,
                            Double dramBytesRatio, long mmaCyclesA, long mmaCyclesB, Double mmaRatio, long dramCyclesA,
                            long dramCyclesB, Double dramCyclesRatio, long stallCyclesA, long stallCyclesB,
                            String boundA, String boundB, String explanation) {}

    /** Below this relative change a quantity "did not change": simulators round, and 5% is within noise of tiling. */
    static final double SAME = 0.05;

    public static TraceDiff of(String nameA, TraceStats a, String nameB, TraceStats b) {
        LayerBreakdown la = LayerBreakdown.of(a);
        LayerBreakdown lb = LayerBreakdown.of(b);
        Map<String, LayerBreakdown.LayerRow> byNameB = new LinkedHashMap<>();
        for (LayerBreakdown.LayerRow r : lb.layers()) byNameB.put(r.name(), r);
        List<LayerDiff> layers = new ArrayList<>();
        List<String> onlyA = new ArrayList<>();
        for (LayerBreakdown.LayerRow ra : la.layers()) {
            LayerBreakdown.LayerRow rb = byNameB.remove(ra.name());
            if (rb == null) {
                onlyA.add(ra.name());
                continue;
            }
            Double speed = Ratios.of(ra.cycles(), rb.cycles());
            Double mma = Ratios.of(ra.mmaCycles(), rb.mmaCycles());
            Double dramC = Ratios.of(ra.dramCycles(), rb.dramCycles());
            Double bytes = Ratios.of(ra.dramBytes(), rb.dramBytes());
            layers.add(new LayerDiff(ra.name(), ra.cycles(), rb.cycles(), speed, ra.dramBytes(), rb.dramBytes(),
                    bytes, ra.mmaCycles(), rb.mmaCycles(), mma, ra.dramCycles(), rb.dramCycles(), dramC,
                    ra.stallCycles(), rb.stallCycles(), ra.bound(), rb.bound(),
                    explain(nameB, speed, mma, dramC, bytes, rb.bound(), ra.mmaCycles() == 0 && rb.mmaCycles() == 0,
                            ra.dramCycles() == 0 && rb.dramCycles() == 0)));
        }
        List<String> onlyB = new ArrayList<>(byNameB.keySet());
        long mmaA = a.kindCycles(EventKind.MMA_DENSE) + a.kindCycles(EventKind.MMA_SPARSE);
        long mmaB = b.kindCycles(EventKind.MMA_DENSE) + b.kindCycles(EventKind.MMA_SPARSE);
        long dramA = dramCycles(la), dramB = dramCycles(lb);
        Double speed = Ratios.of(a.cycles(), b.cycles());
        Double mma = Ratios.of(mmaA, mmaB);
        Double dramC = Ratios.of(dramA, dramB);
        Double bytes = Ratios.of(a.dramBytes(), b.dramBytes());
        long memBoundB = lb.layers().stream().filter(r -> r.bound().equals("memory")).count();
        String verdict = explain(nameB, speed, mma, dramC, bytes, memBoundB * 2 > lb.layers().size() ? "memory" : "compute",
                mmaA == 0 && mmaB == 0, dramA == 0 && dramB == 0);
        return new TraceDiff(nameA, nameB, a.cycles(), b.cycles(), speed, a.macs(), b.macs(), a.dramBytes(),
                b.dramBytes(), bytes, mmaA, mmaB, mma, dramA, dramB, dramC, verdict, layers, onlyA, onlyB);
    }

    private static long dramCycles(LayerBreakdown l) {
        long sum = 0;
        // the layers partition the DRAM transfers TraceStats summed exactly, so this sum is exact too
        for (LayerBreakdown.LayerRow r : l.layers()) sum = Math.addExact(sum, r.dramCycles());
        return sum;
    }

    /** One sentence: faster/slower/unchanged, then which time shrank and which did not, then the cap. */
    static String explain(String nameB, Double speedup, Double mma, Double dramCycles, Double dramBytes, String boundB,
                          boolean noMma, boolean noDram) {
        StringBuilder sb = new StringBuilder();
        if (speedup == null) return nameB + " has no cycles";
        if (speedup > 1 + SAME) sb.append(String.format(Locale.ROOT, "%.2fx faster", speedup));
        else if (speedup < 1 - SAME) sb.append(String.format(Locale.ROOT, "%.2fx slower", 1 / speedup));
        else sb.append("about the same");
        sb.append(": ").append(noMma ? "no MMA" : change(nameB, "MMA time", mma)).append(", ")
                .append(noDram ? "no DRAM traffic" : change(nameB, "DRAM time", dramCycles));
        if (dramBytes != null && dramBytes > 1 + SAME) sb.append(String.format(Locale.ROOT, " (DRAM bytes %.2fx fewer)", dramBytes));
        else if (dramBytes != null && dramBytes < 1 - SAME) sb.append(String.format(Locale.ROOT, " (DRAM bytes %.2fx more)", 1 / dramBytes));
        else if (dramBytes != null) sb.append(" (DRAM bytes about the same)");
        boolean mmaShrank = mma != null && mma > 1 + SAME;
        if (mmaShrank && "memory".equals(boundB) && speedup < mma * (1 - SAME))
            sb.append("; the MMA gain is capped because ").append(nameB).append(" is memory-bound");
        return sb.toString();
    }

    private static String change(String nameB, String what, Double ratio) {
        if (ratio == null) return what + " is 0 in " + nameB;
        if (ratio > 1 + SAME) return String.format(Locale.ROOT, "%s shrank %.2fx", what, ratio);
        if (ratio < 1 - SAME) return String.format(Locale.ROOT, "%s grew %.2fx", what, 1 / ratio);
        return what + " did not shrink";
    }
}
