package org.nxm.compiler.weighttile;

import org.nxm.model.numeric.DType;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.target.Target;
import org.nxm.model.sparsity.NmPattern;

/**
 * How the target stores a weight tile, and what that costs in bytes. The byte counts follow the formats
 * of {@code org.nxm.compiler.encoding} (checked against it in tests):
 * <ul>
 *   <li>{@code cutlass}: 2:4 for fp16/bf16/int8, values {@code [rows, k/2]}, metadata int16 per 16 of k
 *       (16-bit types) or int32 per 32 of k (int8) — k/8 bytes per row either way; tiles must have rows a
 *       multiple of 32 (16 for int8) and k a multiple of 32 (64 for int8: the interleaved metadata
 *       columns come in pairs), as {@code CutlassEncoding} requires.</li>
 *   <li>{@code nm}: values {@code [rows, k·n/m]}, metadata ⌈(k·n/m)·⌈log2 m⌉/8⌉ bytes per row.</li>
 *   <li>{@code dense}: the weight as is.</li>
 * </ul>
 */
public record WeightFormat(String layout, NmPattern pattern, DType dtype) {
    public static final String CUTLASS = "cutlass";
    public static final String NM = "nm";
    public static final String DENSE = "dense";

    /**
     * The layout the hardware's target reads ({@link Target#weightFormat}): CUTLASS's for an NVIDIA-like
     * tensor-core target (2:4 its only sparse pattern, a 16-bit or int8 type), nxm's general N:M
     * otherwise; dense when the pattern is dense.
     */
    public static WeightFormat choose(HardwareConfig hw, NmPattern p) {
        return Target.of(hw).weightFormat(p);
    }

    public boolean sparse() { return pattern != null; }

    /** Tile rows must be a multiple of this. */
    public int rowAlign() {
        if (!CUTLASS.equals(layout)) return 1;
        return dtype == DType.I8 ? 16 : 32;
    }

    /** Tile K must be a multiple of this. */
    public int kAlign() {
        if (CUTLASS.equals(layout)) return dtype == DType.I8 ? 64 : 32;
        return sparse() ? pattern.m() : 1;
    }

    /** Bytes of kept values of a rows×k tile (k a multiple of m). */
    public long valueBytes(long rows, long k) {
        long kept = sparse() ? k / pattern.m() * pattern.n() : k;
        return rows * kept * dtype.bytes();
    }

    /** Bytes of metadata of a rows×k tile. */
    public long metadataBytes(long rows, long k) {
        if (!sparse()) return 0;
        if (CUTLASS.equals(layout)) return rows * (k / 8);
        long bits = k / pattern.m() * pattern.n() * pattern.indexBits();
        return rows * ((bits + 7) / 8);
    }

    /** Rounds a tile extent up to the alignment. */
    public static int pad(int x, int align) {
        return (x + align - 1) / align * align;
    }
}
