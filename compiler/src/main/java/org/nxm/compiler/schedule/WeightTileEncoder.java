package org.nxm.compiler.schedule;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nxm.compiler.program.EncodedWeight;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.weighttile.TileCodec;
import org.nxm.model.tensor.Matrix;

/**
 * Encodes each weight tile the schedule loads, once, into its tensor's value and metadata blobs, and
 * remembers where: the program's loads carry those offsets.
 */
final class WeightTileEncoder {
    private final List<TensorInfo> tensors;
    private final Function<String, Matrix> weights; // masked dense weights by tensor name, or null
    private final TileCodec codec;
    private final Map<Integer, Blob> blobs = new LinkedHashMap<>();
    private final Map<String, long[]> tileOffsets = new HashMap<>();

    private static final class Blob {
        final ByteArrayOutputStream values = new ByteArrayOutputStream();
        final ByteArrayOutputStream meta = new ByteArrayOutputStream();
    }

    WeightTileEncoder(List<TensorInfo> tensors, Function<String, Matrix> weights, TileCodec codec) {
        this.tensors = tensors;
        this.weights = weights;
        this.codec = codec;
    }

    /**
     * Encodes a weight tile once (when weights are given), zero-padded to padRows × padK, and returns
     * {valuesOffset, metadataOffset} (metadata -1 for a dense layout), or {-1, -1} for a shapes-only program.
     */
    long[] encode(int tensor, int m0, int bm, int k0, int bk, int padRows, int padK) {
        if (weights == null) return new long[] {-1, -1};
        String key = tensor + ":" + m0 + ":" + k0 + ":" + bm + ":" + bk;
        long[] known = tileOffsets.get(key);
        if (known != null) return known;
        Matrix w = weights.apply(tensors.get(tensor).name());
        float[] tile = new float[padRows * padK];
        for (int i = 0; i < bm; i++) System.arraycopy(w.data(), (m0 + i) * w.cols() + k0, tile, i * padK, bk);
        TileCodec.EncodedTile e = codec.encode(tile, padRows, padK);
        Blob b = blobs.computeIfAbsent(tensor, x -> new Blob());
        long[] offs = {b.values.size(), codec.format().sparse() ? b.meta.size() : -1};
        b.values.writeBytes(e.values());
        b.meta.writeBytes(e.metadata());
        tileOffsets.put(key, offs);
        return offs;
    }

    /** The encoded weights by tensor id. */
    Map<Integer, EncodedWeight> encodedWeights(String layout) {
        Map<Integer, EncodedWeight> out = new LinkedHashMap<>();
        blobs.forEach((t, b) -> out.put(t, new EncodedWeight(t, layout, b.values.toByteArray(), b.meta.toByteArray())));
        return out;
    }
}
