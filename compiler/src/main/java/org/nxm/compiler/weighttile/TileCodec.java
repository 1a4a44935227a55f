package org.nxm.compiler.weighttile;

/**
 * Encodes one weight tile into the bytes a target loads and decodes them back. Sparse layouts are
 * implemented by {@code org.nxm.compiler.encoding} (see {@link EncodingTileCodec}); {@link DenseTileCodec}
 * stores a dense tile as plain elements.
 */
public interface TileCodec {
    /** The encoded bytes of one tile. */
    record EncodedTile(byte[] values, byte[] metadata) {}

    WeightFormat format();

    /** Encodes a rows×k row-major tile (already obeying the pattern; rows, k aligned to the format). */
    EncodedTile encode(float[] dense, int rows, int k);

    /** Decodes a tile's bytes back to a rows×k row-major float tile (zeros where nothing was kept). */
    float[] decode(byte[] values, byte[] metadata, int rows, int k);
}
