package org.nxm.compiler.encoding;

/** What a verifier can find wrong with an N:M matrix or its compressed form. */
public enum DefectKind {
    /** A group of m holds more than n non-zeros. */
    OVERFULL_GROUP,
    /** A metadata code the layout cannot mean: indices not strictly ascending, out of range, or a 1:2 code other than 0x4/0xE. */
    INVALID_CODE,
    /** A valid code, but not the one the layout's canonical rule gives for the decoded group (CUTLASS/PyTorch would write another). */
    NON_CANONICAL_CODE,
    /** Unused metadata bits at the end of an nm-layout row are not zero. */
    PADDING_BITS,
    /** A shape the layout does not allow (rows or k not a multiple of what it needs). */
    BAD_SHAPE,
    /** Values or metadata sizes/shapes that do not fit the dense shape. */
    SIZE_MISMATCH,
    /** Values, metadata or reference of a dtype that does not go together. */
    DTYPE_MISMATCH,
    /** The decoded matrix differs from the given dense reference. */
    DECODE_MISMATCH
}
