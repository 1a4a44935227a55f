package org.nxm.compiler.weighttile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.Encoding;
import org.nxm.compiler.encoding.Layout;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Matrix;

/** A sparse tile codec backed by {@code org.nxm.compiler.encoding} (CUTLASS 2:4 or general N:M). */
public final class EncodingTileCodec implements TileCodec {
    private final WeightFormat format;
    private final Encoding encoding;
    private final DType dtype;

    public EncodingTileCodec(WeightFormat format) {
        if (!format.sparse()) throw new IllegalArgumentException("dense format: use DenseTileCodec");
        this.format = format;
        this.dtype = format.dtype();
        Layout layout = WeightFormat.CUTLASS.equals(format.layout()) ? Layout.CUTLASS : Layout.NM;
        String problem = Encoding.unsupported(layout, format.pattern(), dtype);
        if (problem != null) throw new InputException(problem);
        this.encoding = Encoding.of(layout, format.pattern(), dtype);
    }

    /** The codec for a format: dense or sparse. */
    public static TileCodec of(WeightFormat f) {
        return f.sparse() ? new EncodingTileCodec(f) : new DenseTileCodec(f);
    }

    @Override
    public WeightFormat format() { return format; }

    public Encoding encoding() { return encoding; }

    @Override
    public EncodedTile encode(float[] dense, int rows, int k) {
        CompressedMatrix c = encoding.encode(DenseMatrix.of(new Matrix(rows, k, dense), dtype));
        return new EncodedTile(bytes(c.values()), bytes(c.meta()));
    }

    @Override
    public float[] decode(byte[] values, byte[] metadata, int rows, int k) {
        CompressedMatrix c = new CompressedMatrix(encoding.layout(), format.pattern(), dtype, rows, k,
                ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN), encoding.metaDtype(), encoding.metaCols(k),
                ByteBuffer.wrap(metadata).order(ByteOrder.LITTLE_ENDIAN));
        return encoding.decode(c).toMatrix().data();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        d.rewind();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
