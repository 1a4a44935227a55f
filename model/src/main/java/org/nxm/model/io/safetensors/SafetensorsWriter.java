package org.nxm.model.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.numeric.DType;

/**
 * Writes safetensors files: tensors in the given order, contiguous, and the JSON header padded with
 * spaces so the data section starts on an 8-byte boundary (as the Python writer does, which keeps
 * mapped data aligned). Goes through {@link AtomicOutput}: a failure leaves no partial file.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    public static void write(Path target, Collection<SafeTensor> tensors, Map<String, String> metadata) {
        List<Deferred> ready = new java.util.ArrayList<>();
        for (SafeTensor t : tensors) ready.add(new Deferred(t.name(), t.dtype(), t.shape(), () -> t));
        writeDeferred(target, ready, metadata);
    }

    public static void write(Path target, Collection<SafeTensor> tensors) {
        write(target, tensors, Map.of());
    }

    /**
     * A tensor whose bytes are produced only when the writer reaches it: a checkpoint converted from float32
     * arrays is then never held a second time as bytes (for BERT-base, 440 MB less heap).
     */
    public record Deferred(String name, DType dtype, int[] shape, java.util.function.Supplier<SafeTensor> data) {
        long byteSize() { return SafeTensor.elementCount(shape) * dtype.bytes(); }
    }

    /** Like {@link #write}, producing each tensor's data in turn; a produced tensor must match its declared dtype and shape. */
    public static void writeDeferred(Path target, List<Deferred> tensors, Map<String, String> metadata) {
        List<Entry> entries = new java.util.ArrayList<>();
        for (Deferred d : tensors) entries.add(new Entry(d.name(), d.dtype(), d.shape(), d.byteSize()));
        byte[] header = header(entries, metadata);
        AtomicOutput.write(target, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            out.write(len.array());
            out.write(header);
            byte[] chunk = new byte[1 << 16];
            for (Deferred d : tensors) {
                SafeTensor t = d.data().get();
                if (t.dtype() != d.dtype() || !java.util.Arrays.equals(t.shape(), d.shape())) {
                    throw new IllegalStateException("tensor '" + d.name() + "' produced as " + t + ", declared " + d.dtype()
                            + " " + java.util.Arrays.toString(d.shape()));
                }
                copy(t.data(), out, chunk);
            }
        });
    }

    private record Entry(String name, DType dtype, int[] shape, long bytes) {}

    /** The padded JSON header bytes (without the 8-byte length). */
    private static byte[] header(List<Entry> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (Entry t : tensors) {
            if (t.name().equals("__metadata__") || !seen.add(t.name())) {
                throw new IllegalArgumentException("duplicate or reserved tensor name '" + t.name() + "'");
            }
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = e.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            ArrayNode off = e.putArray("data_offsets");
            off.add(offset);
            offset += t.bytes();
            off.add(offset);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    private static void copy(ByteBuffer src, OutputStream out, byte[] chunk) throws IOException {
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            return;
        }
        while (src.hasRemaining()) {
            int n = Math.min(chunk.length, src.remaining());
            src.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }
}
