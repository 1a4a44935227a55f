package org.nxm.compiler.encoding;

import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/**
 * A compressed format for one (layout, pattern, dtype): encodes a dense N:M matrix (a whole weight
 * or one tile) into values + metadata, decodes it back bit for bit, and checks a compressed matrix's
 * metadata. Obtain one with {@link #of}.
 */
public sealed interface Encoding permits NmEncoding, CutlassEncoding {

    Layout layout();

    NmPattern pattern();

    DType dtype();

    /** The dtype of the metadata tensor. */
    DType metaDtype();

    /** Metadata columns for a dense matrix of {@code cols} columns (k). */
    int metaCols(int cols);

    /** Null if the layout can hold a dense [rows, cols] matrix, else a one-line reason. */
    String shapeProblem(int rows, int cols);

    /**
     * Compresses a dense matrix that obeys the pattern. Groups with fewer than n non-zeros are padded
     * at canonical indices. Throws {@link InputException} for a group with more than n non-zeros
     * (run {@link Verifier#checkDense} first for the full report) or a shape the layout cannot hold.
     */
    CompressedMatrix encode(DenseMatrix dense);

    /** Restores the dense matrix (zeros where nothing was kept). Throws {@link InputException} on the first invalid code. */
    DenseMatrix decode(CompressedMatrix compressed);

    /** Checks every metadata code (validity, canonical form, padding bits) and logs each defect. */
    void checkCodes(CompressedMatrix compressed, DefectLog log);

    /**
     * The encoding for a layout: {@code nm} takes any pattern with float32, float16, bfloat16 or int8;
     * {@code cutlass} takes 2:4 with float16, bfloat16 or int8, and 1:2 with float32 (tf32).
     */
    static Encoding of(Layout layout, NmPattern pattern, DType dtype) {
        DenseMatrix.requireSupported(dtype);
        if (layout == Layout.NM) return new NmEncoding(pattern, dtype);
        String problem = CutlassEncoding.comboProblem(pattern, dtype);
        if (problem != null) throw new InputException(problem);
        return new CutlassEncoding(pattern, dtype);
    }

    /** Null if {@code of(layout, pattern, dtype)} exists, else why not. */
    static String unsupported(Layout layout, NmPattern pattern, DType dtype) {
        if (!DenseMatrix.supports(dtype)) return "dtype " + dtype + ": encodings support float32, float16, bfloat16 and int8";
        return layout == Layout.NM ? null : CutlassEncoding.comboProblem(pattern, dtype);
    }
}
