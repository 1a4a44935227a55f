package org.nxm.compiler.encoding;

import java.util.Locale;
import org.nxm.model.io.InputException;

/** How a compressed N:M matrix is laid out in memory. */
public enum Layout {
    /**
     * nxm's general N:M format, any pattern and dtype: kept values in ascending index order, and
     * ⌈log2 m⌉-bit indices packed densely, LSB first, each row starting on a byte (see README).
     */
    NM("nm"),
    /**
     * The layout NVIDIA sparse tensor cores read, byte-exact with CUTLASS sparse GEMM and PyTorch's
     * semi-structured tensors: 2:4 for float16/bfloat16 (int16 metadata) and int8 (int32 metadata),
     * 1:2 for float32 (tf32, int16 metadata), with CUTLASS's metadata reordering.
     */
    CUTLASS("cutlass");

    private final String cliName;

    Layout(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** "nm" (alias "logical", DESIGN.md's name for it) or "cutlass". */
    public static Layout parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "nm", "logical", "general" -> NM;
            case "cutlass", "pytorch", "nvidia" -> CUTLASS;
            default -> throw new InputException("layout '" + text + "': expected cutlass or nm");
        };
    }

    @Override
    public String toString() {
        return cliName;
    }
}
