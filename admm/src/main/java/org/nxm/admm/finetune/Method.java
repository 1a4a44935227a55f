package org.nxm.admm.finetune;

import org.nxm.admm.finetune.sparse.AdmmTraining;
import org.nxm.admm.finetune.sparse.MaskedTraining;
import org.nxm.admm.finetune.sparse.SparseTraining;
import org.nxm.admm.finetune.sparse.SrSteTraining;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;

/** The fine-tuning methods compared, by their command-line names. */
public enum Method {
    DENSE("dense"), ASP("asp"), SRSTE("srste"), ADMM("admm"),
    /**
     * Layer-wise ADMM, then masked fine-tuning: the run starts from weights already pruned by the
     * layer-wise ADMM pruner ({@code nxm prune --method admm}) and fine-tunes under their support.
     */
    LWADMM("lwadmm");

    private final String cliName;

    Method(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() { return cliName; }

    public static Method parse(String name) {
        for (Method m : values()) if (m.cliName.equalsIgnoreCase(name)) return m;
        throw new InputException("method '" + name + "': expected dense, asp, srste, admm or lwadmm");
    }

    /** A fresh (stateful) sparse-training strategy for one run. */
    public SparseTraining training(NmPattern pattern, FineTuneOptions o) {
        return switch (this) {
            case DENSE -> new SparseTraining.Dense();
            case ASP -> MaskedTraining.asp(pattern);
            case LWADMM -> new MaskedTraining(pattern, "lwadmm");
            case SRSTE -> new SrSteTraining(pattern, o.srsteDecay());
            case ADMM -> new AdmmTraining(pattern, o.admm(), o.train().learningRate());
        };
    }
}
