package org.nxm.model.transformer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.numeric.DType;

/**
 * How a checkpoint named and stored an encoder's tensors, so a model read from it is written back the
 * same way: the name prefix of the encoder tensors ({@code "bert."} in {@code BertForSequenceClassification},
 * {@code ""} in {@code BertModel}), every source tensor name in file order, each encoder tensor's dtype,
 * and the tensors that are not the encoder's (pooler, {@code cls.*}, {@code classifier.*}, int64 buffers)
 * as they were read — possibly memory-mapped — so they are written back byte for byte.
 *
 * @param prefix  prepended to an encoder tensor's Hugging Face BERT name to get its source name
 * @param order   every source tensor name in the order the checkpoint listed them
 * @param dtypes  encoder tensor name (without prefix) → the dtype it was stored in
 * @param extras  source name → tensor kept aside, untouched
 */
public record CheckpointLayout(String prefix, List<String> order, Map<String, DType> dtypes, Map<String, SafeTensor> extras) {
    /** Weights built in memory: no prefix, float32, encoder tensors only. */
    public static final CheckpointLayout NONE = new CheckpointLayout("", List.of(), Map.of(), Map.of());

    public CheckpointLayout {
        order = List.copyOf(order);
        dtypes = Collections.unmodifiableMap(new LinkedHashMap<>(dtypes));
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** A layout that only adds a prefix (e.g. to write a model as {@code BertFor...} would). */
    public static CheckpointLayout prefixed(String prefix) {
        return new CheckpointLayout(prefix, List.of(), Map.of(), Map.of());
    }

    public boolean isEmpty() { return prefix.isEmpty() && order.isEmpty() && extras.isEmpty(); }

    /** The source name of an encoder tensor. */
    public String sourceName(String encoderName) { return prefix + encoderName; }

    /** The encoder name of a source name, or null if the name is not under the prefix. */
    public String encoderName(String sourceName) {
        return sourceName.startsWith(prefix) ? sourceName.substring(prefix.length()) : null;
    }

    /** The dtype an encoder tensor was stored in (float32 when unknown). */
    public DType dtype(String encoderName) { return dtypes.getOrDefault(encoderName, DType.F32); }
}
