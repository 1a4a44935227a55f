package org.nxm.admm.finetune.sparse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nxm.admm.finetune.model.Param;
import org.nxm.model.sparsity.NmPattern;

/**
 * The NxMTransformer method (Holmes et al., NeurIPS 2021): N:M sparsity as a constraint on the task
 * loss, split by ADMM into min_W L(W) + Σ ρ/2‖W − Z + U‖² (solved by the optimiser's steps, so the
 * task loss shapes the weights while they are pulled towards the sparse set), the Z-step
 * Z = Π_{N:M}(W + U) and the dual step U += W − Z every {@code interval} steps, with ρ growing
 * geometrically. After the ADMM phase the weights are hard-pruned to Z's support and fine-tuned
 * under that mask for the rest of the budget.
 */
public final class AdmmTraining implements SparseTraining {
    /**
     * ADMM settings; {@code admmFraction} of the step budget goes to the ADMM phase.
     *
     * <p>{@code decoupled}: after each AdamW step on the task loss, the penalty takes its own
     * proximal step W ← (W + ηρ(Z − U)) / (1 + ηρ) with η the peak learning rate (as AdamW decouples
     * weight decay), instead of ρ(W − Z + U) being added to the gradient that Adam normalises. Added to
     * the gradient, Adam's per-coordinate normalisation caps the pull at about lr per step whatever ρ
     * is, too weak to move weights of |w| ≈ 0.03 to Z − U in a few hundred steps at fine-tuning
     * learning rates; and an inexact W-step that closes less than about half the gap W − (Z − U)
     * between dual updates makes the dual step U += W − Z overshoot (the pruned weights count twice in
     * W + U) and the support churn. The proximal form is stable for any ρ and ρ sets the pull.
     *
     * <p>{@code restartAtPrune}: the masked phase after the hard prune gets its own warm-up and decay
     * and fresh AdamW moments (ADMM papers retrain as a separate phase); otherwise one schedule and one
     * optimiser state run through the whole budget, as for ASP.
     *
     * <p>{@code trackKept}: on Z's current support the Z-subproblem is unconstrained (Z = W + U there,
     * which leaves U = 0 and the penalty term 0), so taking that part of the Z-step at every step costs
     * nothing and the penalty then acts only on the weights outside the support; the support itself is
     * re-chosen every {@code interval} steps. Without it Z stays fixed between Z-steps on every weight
     * and the pull drags each kept weight back to its value at the last Z-step: one AdamW step per
     * W-step then moves the kept weights only 1/(1 + ηρ) of their update (a proximal-point damping),
     * which at the large ρ that drive the residual to zero all but freezes the weights being trained.
     *
     * <p>{@code activationMetric}: the augmented Lagrangian's norm is ‖·‖_D with D the input-column
     * second moments of each Linear ({@link ActivationMetric}) instead of the Euclidean norm: the same
     * constraint and loss, a different splitting metric; the Z-step becomes the projection in that
     * metric (per group the n largest d_j·(w + u)²) and the pull on each weight scales with d_j.
     */
    public record Settings(double rho0, double rhoGrowth, double rhoMax, int interval, double admmFraction,
                           boolean decoupled, boolean restartAtPrune, boolean trackKept, boolean activationMetric) {
        public Settings {
            if (rho0 <= 0 || rhoGrowth < 1 || rhoMax < rho0 || interval < 1 || admmFraction <= 0 || admmFraction >= 1) {
                throw new IllegalArgumentException("bad ADMM settings " + rho0 + "/" + rhoGrowth + "/" + rhoMax + "/" + interval + "/" + admmFraction);
            }
        }

        /**
         * Decoupled, kept weights tracked, Euclidean. ρ = 1000 held fixed, Z/U every 25 steps: at peak lr
         * 1e-4 the pull closes ηρ/(1 + ηρ) ≈ 9% of the gap W − (Z − U) per step, 93% between two dual
         * updates, so the W-step is nearly solved before U moves (ηρ·interval ≈ 2.5). With a W-step that
         * closes much less (the earlier ρ0 = 100 ×1.3 every 5 steps) U piles up the not-yet-pulled
         * weights, W + U overstates them and 20–35% of the support churns at every Z-step for 100+
         * steps; with ρ growing to 1e5 and kept weights pulled, training all but stops (admm/README.md,
         * "NxMTransformer fine-tuning").
         */
        public static Settings defaults() {
            return new Settings(1000, 1, 1e5, 25, 0.6, true, true, true, false);
        }
    }

    private final NmPattern pattern;
    private final Settings settings;
    private List<Param> weights;
    private final List<float[]> z = new ArrayList<>();
    private final List<float[]> u = new ArrayList<>();
    private final List<float[]> masks = new ArrayList<>();
    private Consumer<String> log;
    private int switchStep;
    private double rho;
    private double primalResidual = Double.NaN;
    private double supportChange = Double.NaN;
    private final List<double[]> history = new ArrayList<>();

    private final double stepSize;
    /** Per Linear, the metric's column weights d_j (null: Euclidean). */
    private List<float[]> metric;

    /** {@code stepSize}: η of the decoupled proximal step, the run's peak learning rate. */
    public AdmmTraining(NmPattern pattern, Settings settings, double stepSize) {
        this.pattern = pattern;
        this.settings = settings;
        this.stepSize = stepSize;
    }

    @Override public String name() { return "admm"; }

    /** Uses the metric ‖·‖_D (one column-weight vector per Linear, in order); call before {@link #start}. */
    public void useMetric(List<float[]> columnWeights) {
        this.metric = List.copyOf(columnWeights);
    }

    /** d_j of weight {@code i}'s column {@code j} (1 for the Euclidean metric). */
    private float d(int i, int col) {
        return metric == null ? 1f : metric.get(i)[col];
    }

    /** The projection onto N:M in the run's metric: the mask of the kept entries of {@code v}. */
    private float[] projectionMask(int i, float[] v, int cols) {
        if (metric == null) return NmMasks.magnitude(v, cols, pattern);
        float[] dcol = metric.get(i);
        if (dcol.length != cols) throw new IllegalArgumentException(weights.get(i).name() + ": metric has " + dcol.length + " columns, weight " + cols);
        float[] score = new float[v.length];
        for (int j = 0; j < v.length; j++) score[j] = v[j] * (float) Math.sqrt(dcol[j % cols]);
        return NmMasks.magnitude(score, cols, pattern);
    }

    @Override
    public List<Integer> phaseStarts(int totalSteps) {
        switchStep = Math.max(1, Math.min(totalSteps - 1, (int) Math.round(settings.admmFraction() * totalSteps)));
        return settings.restartAtPrune() ? List.of(switchStep) : List.of();
    }

    @Override
    public void start(List<Param> linearWeights, Consumer<String> log) {
        this.weights = linearWeights;
        this.log = log;
        this.rho = settings.rho0();
        for (int i = 0; i < weights.size(); i++) {
            Param w = weights.get(i);
            float[] zi = w.value().data().clone();
            NmMasks.applyInPlace(zi, projectionMask(i, zi, w.value().cols()));
            z.add(zi);
            u.add(new float[zi.length]);
        }
        primalResidual = residual();
        log.accept("admm: " + weights.size() + " Linear weights, " + (metric == null ? "Euclidean" : "activation-weighted") + " metric, penalty " + (settings.decoupled() ? "decoupled" : "in the gradient")
                + ", ρ0=" + rho + " ×" + settings.rhoGrowth() + " every "
                + settings.interval() + " steps (max " + settings.rhoMax() + "), hard prune at step " + switchStep);
    }

    private boolean admmPhase(int step) { return step < switchStep; }

    /** Whether the penalty acts on a weight whose Z entry is {@code z} (see {@link Settings#trackKept()}). */
    private boolean penalised(float z) { return !settings.trackKept() || z == 0f; }

    @Override
    public void afterBackward(int step) {
        if (admmPhase(step)) {
            if (settings.decoupled()) return;
            float r = (float) rho;
            for (int i = 0; i < weights.size(); i++) {
                float[] g = weights.get(i).grad().data(), w = weights.get(i).value().data(), zi = z.get(i), ui = u.get(i);
                int cols = weights.get(i).value().cols();
                for (int j = 0; j < g.length; j++) if (penalised(zi[j])) g[j] += r * d(i, j % cols) * (w[j] - zi[j] + ui[j]);
            }
        } else {
            for (int i = 0; i < weights.size(); i++) NmMasks.applyInPlace(weights.get(i).grad().data(), masks.get(i));
        }
    }

    @Override
    public void afterStep(int step, double lr) {
        if (!admmPhase(step)) {
            for (int i = 0; i < weights.size(); i++) NmMasks.applyInPlace(weights.get(i).value().data(), masks.get(i));
            return;
        }
        if (settings.decoupled()) {
            // The proximal step of ηρ/2·Σ d_j(w − z + u)²: each weight closes ηρd_j/(1 + ηρd_j) of its gap.
            for (int i = 0; i < weights.size(); i++) {
                float[] w = weights.get(i).value().data(), zi = z.get(i), ui = u.get(i);
                int cols = weights.get(i).value().cols();
                float[] pull = new float[cols];
                for (int c = 0; c < cols; c++) {
                    double a = stepSize * rho * d(i, c);
                    pull[c] = (float) (a / (1 + a));
                }
                for (int j = 0; j < w.length; j++) if (penalised(zi[j])) w[j] -= pull[j % cols] * (w[j] - zi[j] + ui[j]);
            }
        }
        if ((step + 1) % settings.interval() == 0 || step + 1 == switchStep) updateZu();
        if (step + 1 == switchStep) hardPrune();
    }

    /** Z = Π(W + U), U += W − Z; then ρ grows. */
    private void updateZu() {
        long changed = 0, total = 0;
        for (int i = 0; i < weights.size(); i++) {
            float[] w = weights.get(i).value().data(), zi = z.get(i), ui = u.get(i);
            float[] next = new float[w.length];
            for (int j = 0; j < w.length; j++) next[j] = w[j] + ui[j];
            NmMasks.applyInPlace(next, projectionMask(i, next, weights.get(i).value().cols()));
            for (int j = 0; j < w.length; j++) {
                if ((next[j] != 0f) != (zi[j] != 0f)) changed++;
                ui[j] += w[j] - next[j];
            }
            total += w.length;
            z.set(i, next);
        }
        primalResidual = residual();
        supportChange = (double) changed / total;
        history.add(new double[] {rho, primalResidual, supportChange});
        double next = Math.min(settings.rhoMax(), rho * settings.rhoGrowth());
        // U is the scaled dual y/ρ: when ρ changes, U must be rescaled so y stays the same (Boyd et al.,
        // "Distributed Optimization ... ADMM", §3.4.1). Without it the dual's pull ρU grows with ρ on top
        // of its own accumulation, pushes pruned weights past zero and churns the support.
        float scale = (float) (rho / next);
        if (scale != 1f) for (float[] ui : u) for (int j = 0; j < ui.length; j++) ui[j] *= scale;
        rho = next;
    }

    /** ‖W − Z‖ / ‖W‖ over all Linear weights. */
    private double residual() {
        double diff = 0, norm = 0;
        for (int i = 0; i < weights.size(); i++) {
            float[] w = weights.get(i).value().data(), zi = z.get(i);
            for (int j = 0; j < w.length; j++) {
                double d = w[j] - zi[j];
                diff += d * d;
                norm += (double) w[j] * w[j];
            }
        }
        return Math.sqrt(diff / Math.max(norm, 1e-300));
    }

    private void hardPrune() {
        double lost = 0, norm = 0;
        for (int i = 0; i < weights.size(); i++) {
            float[] zi = z.get(i), w = weights.get(i).value().data();
            float[] mask = new float[zi.length];
            for (int j = 0; j < zi.length; j++) {
                mask[j] = zi[j] != 0f ? 1f : 0f;
                if (mask[j] == 0f) lost += (double) w[j] * w[j];
                norm += (double) w[j] * w[j];
            }
            masks.add(mask);
            NmMasks.applyInPlace(w, mask);
        }
        log.accept(String.format("admm: hard prune to Z's support (pruned weight energy %.4f of ‖W‖², primal residual %.4f), "
                + "masked fine-tuning from here", lost / norm, primalResidual));
    }

    @Override
    public String status() {
        return masks.isEmpty() ? String.format("primal %.4f ρ %.3g support-change %.4f", primalResidual, rho, supportChange) : "masked";
    }

    /** Per Z-update: ρ used, primal residual after, fraction of the support that changed. */
    public List<double[]> history() { return List.copyOf(history); }
}
