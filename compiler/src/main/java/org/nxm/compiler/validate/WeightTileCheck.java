package org.nxm.compiler.validate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nxm.compiler.weighttile.EncodingTileCodec;
import org.nxm.compiler.weighttile.TileCodec;
import org.nxm.compiler.weighttile.WeightFormat;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.EncodedWeight;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.Region;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

/**
 * Validation of the encoded weight tiles: every tile a load points at lies inside its weight's blobs and
 * decodes (metadata valid); when the masked dense weights are known (right after compilation), the
 * decoded tile equals the masked dense tile rounded to the element type, zero-padded at the edges.
 */
public final class WeightTileCheck {
    private WeightTileCheck() {}

    /** The weight format a program was encoded with. */
    public static WeightFormat format(Program p) {
        NmPattern pat = p.weightPattern();
        return new WeightFormat(p.layout(), pat, p.dtype());
    }

    /** @param masked masked dense weights by tensor name, or null when unknown (a program read from a file) */
    public static void check(Program p, HardwareConfig hw, Function<String, Matrix> masked) {
        if (!p.hasWeights()) return;
        WeightFormat fmt = format(p);
        TileCodec codec = EncodingTileCodec.of(fmt);
        Map<String, Long> metaOffsets = new HashMap<>();
        for (TileOp op : p.ops()) {
            if (op instanceof TileOp.LoadMetadata m) metaOffsets.put(key(m.tensor(), m.region()), m.blobOffset());
        }
        Set<String> done = new HashSet<>();
        for (TileOp op : p.ops()) {
            if (!(op instanceof TileOp.LoadWeightValues l)) continue;
            String key = key(l.tensor(), l.region());
            if (!done.add(key)) continue;
            String at = "op " + l.id() + " (load_weight_values, layer " + l.layer() + ", tensor " + p.tensor(l.tensor()).name() + ")";
            EncodedWeight w = p.weights().get(l.tensor());
            if (w == null || l.blobOffset() < 0) throw new InputException(at + ": the program carries weights but this tile has none");
            int rows = WeightFormat.pad(l.region().rows(), fmt.rowAlign());
            int k = WeightFormat.pad(l.region().cols(), fmt.kAlign());
            byte[] values = slice(w.values(), l.blobOffset(), fmt.valueBytes(rows, k), at + " values");
            byte[] meta = new byte[0];
            if (fmt.sparse()) {
                Long mo = metaOffsets.get(key);
                if (mo == null) throw new InputException(at + ": sparse tile without a load_metadata op");
                meta = slice(w.metadata(), mo, fmt.metadataBytes(rows, k), at + " metadata");
            }
            float[] decoded;
            try {
                decoded = codec.decode(values, meta, rows, k);
            } catch (InputException e) {
                throw new InputException(at + ": tile does not decode (" + e.getMessage() + ")");
            }
            if (masked != null) {
                Matrix dense = masked.apply(p.tensor(l.tensor()).name());
                float[] tile = new float[rows * k];
                Region r = l.region();
                for (int i = 0; i < r.rows(); i++) System.arraycopy(dense.data(), (r.row0() + i) * dense.cols() + r.col0(), tile, i * k, r.cols());
                float[] expect = tile;
                for (int i = 0; i < expect.length; i++) expect[i] = p.dtype().round(expect[i]);
                if (!Arrays.equals(expect, decoded)) {
                    int bad = Arrays.mismatch(expect, decoded);
                    throw new InputException(at + ": compressed tile decodes to " + decoded[bad] + " at tile element ("
                            + bad / k + ", " + bad % k + "), the masked dense weight is " + expect[bad]);
                }
            }
        }
    }

    private static String key(int tensor, Region r) {
        return tensor + ":" + r.row0() + ":" + r.col0() + ":" + r.rows() + ":" + r.cols();
    }

    private static byte[] slice(byte[] blob, long offset, long length, String what) {
        if (offset < 0 || offset + length > blob.length) {
            throw new InputException(what + ": bytes [" + offset + ", " + (offset + length) + ") outside the blob of " + blob.length + " bytes");
        }
        return Arrays.copyOfRange(blob, (int) offset, (int) (offset + length));
    }
}
