package org.nxm.admm.finetune.optim;

import java.util.ArrayList;
import java.util.List;
import org.nxm.admm.finetune.model.Param;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with bias correction and weight decay decoupled from the
 * gradient, applied only to parameters marked {@link Param#decayed()}. The update of all parameters
 * is split into chunks that run on all cores.
 */
public final class AdamW {
    private static final int CHUNK = 1 << 16;

    private final List<Param> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final List<float[]> m = new ArrayList<>();
    private final List<float[]> v = new ArrayList<>();
    private int t;

    public AdamW(List<Param> params, double beta1, double beta2, double eps, double weightDecay) {
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (Param p : params) {
            m.add(new float[p.size()]);
            v.add(new float[p.size()]);
        }
    }

    /** BERT's fine-tuning defaults: β = (0.9, 0.999), ε = 1e-6, weight decay 0.01. */
    public static AdamW bertDefaults(List<Param> params) {
        return new AdamW(params, 0.9, 0.999, 1e-6, 0.01);
    }

    public int steps() { return t; }

    /** Forgets the moment estimates (a new training phase after weights jumped, e.g. a hard prune). */
    public void reset() {
        t = 0;
        for (float[] a : m) java.util.Arrays.fill(a, 0f);
        for (float[] a : v) java.util.Arrays.fill(a, 0f);
    }

    public void step(double lr) {
        t++;
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        float b1 = (float) beta1, b2 = (float) beta2;
        List<int[]> chunks = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            for (int from = 0; from < params.get(i).size(); from += CHUNK) {
                chunks.add(new int[] {i, from, Math.min(params.get(i).size(), from + CHUNK)});
            }
        }
        // float32 throughout, so the JIT vectorises the loop (sqrt and division included).
        float ic1 = (float) (1 / c1), ic2 = (float) (1 / c2), epsf = (float) eps, lrf = (float) lr;
        chunks.parallelStream().forEach(ch -> {
            Param p = params.get(ch[0]);
            float[] w = p.value().data(), g = p.grad().data(), mm = m.get(ch[0]), vv = v.get(ch[0]);
            float decay = p.decayed() ? (float) (lr * weightDecay) : 0f;
            for (int j = ch[1]; j < ch[2]; j++) {
                float gj = g[j];
                float mj = b1 * mm[j] + (1 - b1) * gj;
                float vj = b2 * vv[j] + (1 - b2) * gj * gj;
                mm[j] = mj;
                vv[j] = vj;
                w[j] = w[j] - lrf * (mj * ic1) / ((float) Math.sqrt(vj * ic2) + epsf) - decay * w[j];
            }
        });
    }
}
