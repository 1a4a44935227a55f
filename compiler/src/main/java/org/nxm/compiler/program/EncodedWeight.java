package org.nxm.compiler.program;

/**
 * The encoded bytes of one weight tensor: its tiles' values (and metadata, when sparse) concatenated in
 * the order the compiler laid them out; {@link TileOp.LoadWeightValues#blobOffset()} and
 * {@link TileOp.LoadMetadata#blobOffset()} point into them. Each tile is encoded on its own in
 * {@code layout} (so a tile load is one contiguous read).
 *
 * @param tensor weight tensor id
 * @param layout "cutlass-2:4" (PyTorch/CUTLASS semi-structured), "nm" (general N:M) or "dense"
 * @param values value bytes, little-endian elements of the program's element type
 * @param metadata metadata bytes (empty for dense)
 */
public record EncodedWeight(int tensor, String layout, byte[] values, byte[] metadata) {}
