package org.nxm.model.io.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Matrix;

/**
 * A safetensors file opened for reading: the header is parsed and fully validated on {@link #open},
 * the data stays memory-mapped (nothing is copied until a caller converts a tensor).
 *
 * <p>Layout: 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data section.
 * The JSON maps each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}
 * (offsets relative to the data section) and may hold {@code "__metadata__"}: a string→string map.
 * As in the reference implementation, tensors must tile the data section exactly: sorted by offset
 * they start at 0, follow each other without gap or overlap, and end at the end of the file.
 * Every defect is an {@link InputException} naming the file and the field.
 */
public final class SafetensorsFile {
    /** The reference implementation refuses headers above 100 MB; so do we (a corrupt length would OOM). */
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path path;
    private final Map<String, SafeTensor> tensors; // in data order
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Map<String, SafeTensor> tensors, Map<String, String> metadata) {
        this.path = path;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    public static SafetensorsFile open(Path path) {
        org.nxm.model.io.InputFiles.refuseNonRegular(path, "safetensors file");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(path, "truncated: " + size + " bytes, expected at least the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.getLong(0);
            if (n < 2 || n > MAX_HEADER_BYTES) {
                throw bad(path, "header length " + Long.toUnsignedString(n) + " at byte 0, expected 2.."
                        + MAX_HEADER_BYTES + " (not a safetensors file?)");
            }
            if (n > size - 8) {
                throw bad(path, "header length " + n + " runs past the end of the file (" + size
                        + " bytes): truncated header");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8);
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(path, header.array(), metadata);
            checkTiling(path, entries, dataSize);

            Map<String, SafeTensor> tensors = new LinkedHashMap<>();
            ByteBuffer whole = dataSize <= Integer.MAX_VALUE
                    ? ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataSize) : null;
            for (Entry e : entries) {
                long bytes = e.end - e.begin;
                if (bytes > Integer.MAX_VALUE) {
                    throw bad(path, "tensor '" + e.name + "' has " + bytes + " bytes; tensors above 2 GiB are not supported");
                }
                ByteBuffer view;
                if (whole != null) {
                    view = whole.duplicate().position((int) e.begin).limit((int) e.end).slice();
                } else {
                    view = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, bytes);
                }
                tensors.put(e.name, new SafeTensor(e.name, e.dtype, e.shape, view));
            }
            return new SafetensorsFile(path, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
        } catch (NoSuchFileException e) {
            throw new InputException(path + ": no such file");
        } catch (IOException e) {
            throw new InputException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }

    private static List<Entry> parseHeader(Path path, byte[] json, Map<String, String> metadata) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            String msg = e.getOriginalMessage() == null ? "unparseable" : e.getOriginalMessage().split("\n")[0];
            throw bad(path, "bad header JSON" + (at >= 0 ? " at header byte " + at + " (file byte " + (8 + at) + ")" : "")
                    + ": " + msg);
        } catch (IOException e) {
            throw bad(path, "bad header JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(path, "header: expected a JSON object of tensors, found " + (root == null ? "nothing" : root.getNodeType()));
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) throw bad(path, "header: __metadata__ must be an object of strings");
                v.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw bad(path, "header: __metadata__." + m.getKey() + " must be a string, found " + m.getValue().getNodeType());
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            entries.add(parseEntry(path, name, v));
        }
        return entries;
    }

    private static Entry parseEntry(Path path, String name, JsonNode v) {
        String where = "header: tensor '" + name + "'";
        if (!v.isObject()) throw bad(path, where + ": expected an object with dtype, shape, data_offsets");
        JsonNode dt = v.get("dtype");
        if (dt == null || !dt.isTextual()) throw bad(path, where + ": missing string field dtype");
        DType dtype;
        try {
            dtype = DType.valueOf(dt.asText());
        } catch (IllegalArgumentException e) {
            throw bad(path, where + ": unknown dtype \"" + dt.asText() + "\", expected one of " + Arrays.toString(DType.values()));
        }
        JsonNode sh = v.get("shape");
        if (sh == null || !sh.isArray()) throw bad(path, where + ": missing array field shape");
        int[] shape = new int[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0) {
                throw bad(path, where + ": shape[" + i + "] = " + d + ", expected a non-negative integer");
            }
            shape[i] = d.asInt();
        }
        JsonNode off = v.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw bad(path, where + ": data_offsets must be [begin, end] integers, found " + off);
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw bad(path, where + ": data_offsets [" + begin + ", " + end + "], expected 0 <= begin <= end");
        }
        long expected;
        try {
            expected = Math.multiplyExact(SafeTensor.elementCount(shape), (long) dtype.bytes());
        } catch (ArithmeticException e) {
            throw bad(path, where + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (end - begin != expected) {
            throw bad(path, where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin) + " bytes, expected "
                    + expected + " for " + dtype + " " + Arrays.toString(shape));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void checkTiling(Path path, List<Entry> entries, long dataSize) {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String prev = null;
        for (Entry e : entries) {
            if (e.end > dataSize) {
                throw bad(path, "header: tensor '" + e.name + "' data_offsets [" + e.begin + ", " + e.end
                        + "] run past the end of the data section (" + dataSize + " bytes): file truncated or offsets wrong");
            }
            if (e.begin < expected) {
                throw bad(path, "header: tensor '" + e.name + "' data_offsets [" + e.begin + ", " + e.end
                        + "] overlap tensor '" + prev + "' (which ends at " + expected + ")");
            }
            if (e.begin > expected) {
                throw bad(path, "header: tensor '" + e.name + "' starts at data offset " + e.begin + ", expected " + expected
                        + (prev == null ? " (data must start at 0)" : " right after tensor '" + prev + "' (no gaps allowed)"));
            }
            expected = e.end;
            prev = e.name;
        }
        if (expected != dataSize) {
            throw bad(path, (dataSize - expected) + " bytes after the last tensor's data (data section " + dataSize
                    + " bytes, tensors cover " + expected + ")");
        }
    }

    private static InputException bad(Path path, String what) {
        return new InputException(path + ": " + what);
    }

    public Path path() { return path; }

    /** Tensor names in data order. */
    public List<String> names() { return List.copyOf(tensors.keySet()); }

    public List<SafeTensor> tensors() { return List.copyOf(tensors.values()); }

    /** The {@code __metadata__} map (empty if absent). */
    public Map<String, String> metadata() { return metadata; }

    public boolean contains(String name) { return tensors.containsKey(name); }

    public SafeTensor get(String name) {
        SafeTensor t = tensors.get(name);
        if (t == null) {
            throw bad(path, "no tensor named '" + name + "' (it has " + tensors.size() + ": "
                    + abbreviate(tensors.keySet()) + ")");
        }
        return t;
    }

    /** The tensor, checked to have this dtype (null = any) and shape (null = any). */
    public SafeTensor require(String name, DType dtype, int[] shape) {
        SafeTensor t = get(name);
        if (dtype != null && t.dtype() != dtype) {
            throw bad(path, "tensor '" + name + "' has dtype " + t.dtype() + ", expected " + dtype);
        }
        if (shape != null && !Arrays.equals(shape, t.shape())) {
            throw bad(path, "tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(shape));
        }
        return t;
    }

    /** A rank-1 or rank-2 tensor as a float32 matrix, with errors naming this file. */
    public Matrix matrix(String name) {
        try {
            return get(name).toMatrix();
        } catch (InputException e) {
            throw bad(path, e.getMessage());
        }
    }

    private static String abbreviate(java.util.Collection<String> names) {
        List<String> l = new ArrayList<>(names);
        return l.size() <= 5 ? l.toString() : l.subList(0, 5) + "...";
    }
}
