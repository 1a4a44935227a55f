package org.nxm.admm.finetune.optim;

/**
 * Learning rate with linear warm-up then linear decay to zero (BERT's schedule), over the steps
 * {@code [start, end)} of a run; a run may chain several (one per training phase).
 */
public record LinearSchedule(double peak, int start, int warmup, int end) {
    public LinearSchedule {
        if (end <= start || warmup < 0 || warmup > end - start) throw new IllegalArgumentException("bad schedule " + start + "+" + warmup + ".." + end);
    }

    /** Warm-up over {@code warmupFraction} of the phase. */
    public static LinearSchedule of(double peak, int start, int end, double warmupFraction) {
        return new LinearSchedule(peak, start, (int) Math.round(warmupFraction * (end - start)), end);
    }

    public boolean covers(int step) { return step >= start && step < end; }

    public double lr(int step) {
        int s = step - start;
        if (s < warmup) return peak * (s + 1) / warmup;
        return peak * Math.max(0.0, (double) (end - step) / (end - start - warmup));
    }
}
