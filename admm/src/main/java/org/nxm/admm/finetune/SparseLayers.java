package org.nxm.admm.finetune;

import java.util.List;
import org.nxm.admm.finetune.model.Param;
import org.nxm.model.io.InputException;

/**
 * Which Linear weights a sparse method makes N:M: all 36 (Q, K, V, attention output, FFN1, FFN2 of
 * every layer), or the FFN pair only (intermediate.dense = FFN1, output.dense = FFN2: two thirds of the
 * encoder's Linear MACs, the layers NxMTransformer emphasises).
 */
public enum SparseLayers {
    ALL("all"), FFN("ffn");

    private final String cliName;

    SparseLayers(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() { return cliName; }

    public static SparseLayers parse(String name) {
        for (SparseLayers l : values()) if (l.cliName.equalsIgnoreCase(name)) return l;
        throw new InputException("layers '" + name + "': expected all or ffn");
    }

    public boolean includes(String weightName) {
        return this == ALL || !weightName.contains(".attention.")
                && (weightName.endsWith(".intermediate.dense.weight") || weightName.endsWith(".output.dense.weight"));
    }

    /** The selected weights, in order. */
    public List<Param> select(List<Param> linearWeights) {
        return linearWeights.stream().filter(p -> includes(p.name())).toList();
    }
}
