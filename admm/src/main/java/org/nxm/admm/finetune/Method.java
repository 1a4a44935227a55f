package org.nxm.admm.finetune;

import org.nxm.admm.finetune.sparse.AdmmTraining;
import org.nxm.admm.finetune.sparse.MaskedTraining;
import org.nxm.admm.finetune.sparse.SparseTraining;
import org.nxm.admm.finetune.sparse.SrSteTraining;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/** The fine-tuning methods compared, by their command-line names. */
public enum Method {
    DENSE("dense", null), ASP("asp", null), SRSTE("srste", null), ADMM("admm", null),
    /**
     * Layer-wise ADMM, then masked fine-tuning: the run starts from weights already pruned by the
     * layer-wise ADMM pruner ({@code nxm prune --method admm}) and fine-tunes under their support.
     */
    LWADMM("lwadmm", "admm"),
    /** The same from SparseGPT's layer-wise pruning ({@code nxm prune --method sparsegpt}): mask and values by OBS. */
    LWSPARSEGPT("lwsparsegpt", "sparsegpt"),
    /** The same from Wanda's ({@code nxm prune --method wanda}): a calibration-weighted mask, the pretrained values. */
    LWWANDA("lwwanda", "wanda");

    private final String cliName;
    private final String layerwisePruner;

    Method(String cliName, String layerwisePruner) {
        this.cliName = cliName;
        this.layerwisePruner = layerwisePruner;
    }

    public String cliName() { return cliName; }

    /**
     * The {@code nxm prune --method} whose output this method starts from (and fine-tunes under its
     * support), or null for a method that starts from the pretrained weights.
     */
    public String layerwisePruner() { return layerwisePruner; }

    /** The layer-wise method that starts from {@code pruner}'s output, or null if there is none. */
    public static Method startingFrom(String pruner) {
        for (Method m : values()) if (pruner.equals(m.layerwisePruner)) return m;
        return null;
    }

    public static Method parse(String name) {
        for (Method m : values()) if (m.cliName.equalsIgnoreCase(name)) return m;
        throw new InputException("method '" + name + "': expected dense, asp, srste, admm, lwadmm, lwsparsegpt or lwwanda");
    }

    /** A fresh (stateful) sparse-training strategy for one run. */
    public SparseTraining training(NmPattern pattern, FineTuneOptions o) {
        return switch (this) {
            case DENSE -> new SparseTraining.Dense();
            case ASP -> MaskedTraining.asp(pattern);
            case LWADMM, LWSPARSEGPT, LWWANDA -> new MaskedTraining(pattern, cliName);
            case SRSTE -> new SrSteTraining(pattern, o.srsteDecay());
            case ADMM -> new AdmmTraining(pattern, o.admm(), o.train().learningRate());
        };
    }
}
