package org.nxm.compiler.weighttile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nxm.model.numeric.DType;

/** A dense weight tile: its elements in the program's element type, little-endian, row-major. */
public final class DenseTileCodec implements TileCodec {
    private final WeightFormat format;
    private final DType dtype;

    public DenseTileCodec(WeightFormat format) {
        this.format = format;
        this.dtype = format.dtype();
    }

    @Override
    public WeightFormat format() { return format; }

    @Override
    public EncodedTile encode(float[] dense, int rows, int k) {
        ByteBuffer b = ByteBuffer.allocate(rows * k * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows * k; i++) dtype.writeFloat(b, i, dense[i]);
        return new EncodedTile(b.array(), new byte[0]);
    }

    @Override
    public float[] decode(byte[] values, byte[] metadata, int rows, int k) {
        ByteBuffer b = ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[rows * k];
        for (int i = 0; i < out.length; i++) out[i] = dtype.readFloat(b, i);
        return out;
    }
}
