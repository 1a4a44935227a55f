package org.nxm.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Format-aware edits of safetensors files. Byte edits of a whole file mostly land in the data or break the 8-byte
 * header length, so they rarely reach what a header declares; these edits change the header itself and keep the file
 * consistent around the change, so a hostile shape or dtype reaches the code that loops or allocates by it:
 * <ul>
 *   <li>{@link #reshape}: a tensor gets a hostile shape ([2^31-1, 0], [0, 2^31-4], [46341, 46341], rank 0 or 3, ...)
 *       or another dtype, and every tensor's data_offsets are laid out again for the bytes now declared (the data
 *       cut or zero-padded to match), so the header's own checks pass where the declared size fits in 16 MiB;</li>
 *   <li>{@link #repair}: after text edits of the header, the 8-byte length is made to agree with it again.</li>
 * </ul>
 */
final class SafetensorsHeader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_RETILED_BYTES = 16L << 20;
    private static final int[][] SHAPES = {
        {2147483647, 0}, {0, 2147483647}, {0, 2147483644}, {2147483644, 0}, {65536, 0}, {0, 0}, {1, 0}, {0, 4}, {46341, 46341},
        {2147483647, 2147483647}, {1, 2147483647}, {1, 1}, {1, 4}, {4, 1}, {3, 5}, {32, 31}, {31, 32}, {1, 65536}, {}, {4},
        {0}, {2147483647}, {2, 2, 2}, {1, 0, 2147483647}, {1, 32, 32}};
    private static final String[] DTYPES = {"F32", "F16", "BF16", "F64", "I8", "U8", "I16", "I32", "I64", "BOOL", "F8_E4M3"};

    private SafetensorsHeader() {}

    /** One to three header edits (a hostile shape or another dtype), or one shape for all tensors; the data laid out again to match. */
    static byte[] reshape(Mutator m, byte[] file) {
        ObjectNode header = header(file);
        if (header == null) return m.mutate(file, false);
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(n -> { if (!n.equals("__metadata__")) names.add(n); });
        if (names.isEmpty()) return file;
        if (m.nextInt(4) == 0) { // one hostile shape for every tensor: work per tensor adds up
            int[] shape = SHAPES[m.nextInt(SHAPES.length)];
            for (String n : names) {
                ArrayNode a = ((ObjectNode) header.get(n)).putArray("shape");
                for (int d : shape) a.add(d);
            }
            return retile(header, file);
        }
        int edits = 1 + m.nextInt(3);
        for (int e = 0; e < edits; e++) {
            ObjectNode t = (ObjectNode) header.get(names.get(m.nextInt(names.size())));
            if (m.nextInt(4) == 0) {
                t.put("dtype", DTYPES[m.nextInt(DTYPES.length)]);
            } else {
                ArrayNode shape = t.putArray("shape");
                for (int d : SHAPES[m.nextInt(SHAPES.length)]) shape.add(d);
            }
        }
        return retile(header, file);
    }

    /** The file's header as JSON, or null if it is not a readable safetensors header. */
    private static ObjectNode header(byte[] file) {
        if (file.length < 8) return null;
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 2 || n > file.length - 8) return null;
        try {
            JsonNode root = JSON.readTree(Arrays.copyOfRange(file, 8, 8 + (int) n));
            return root instanceof ObjectNode o ? o : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Lays the tensors out again, in their old data order, each with the bytes its dtype and shape declare. */
    private static byte[] retile(ObjectNode header, byte[] file) {
        long dataStart = 8 + ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        List<Map.Entry<String, JsonNode>> tensors = new ArrayList<>();
        header.fields().forEachRemaining(f -> { if (!f.getKey().equals("__metadata__")) tensors.add(f); });
        tensors.sort(Comparator.comparingLong(f -> f.getValue().path("data_offsets").path(0).asLong()));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long total = 0;
        for (Map.Entry<String, JsonNode> f : tensors) {
            ObjectNode t = (ObjectNode) f.getValue();
            long bytes = declaredBytes(t);
            if (bytes < 0 || (total += bytes) > MAX_RETILED_BYTES) return write(header, file, dataStart); // offsets left as they were
        }
        for (Map.Entry<String, JsonNode> f : tensors) {
            ObjectNode t = (ObjectNode) f.getValue();
            long oldBegin = t.path("data_offsets").path(0).asLong(), bytes = declaredBytes(t);
            long begin = data.size();
            for (long i = 0; i < bytes; i++) {
                long src = dataStart + oldBegin + i;
                data.write(src < file.length ? file[(int) src] : 0);
            }
            t.putArray("data_offsets").add(begin).add(begin + bytes);
        }
        return assemble(header, data.toByteArray());
    }

    private static long declaredBytes(ObjectNode t) {
        int width = switch (t.path("dtype").asText()) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3" -> 1;
            default -> -1;
        };
        if (width < 0) return -1;
        long n = width;
        for (JsonNode d : t.path("shape")) {
            if (d.asLong() < 0) return -1;
            try {
                n = Math.multiplyExact(n, d.asLong());
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    private static byte[] write(ObjectNode header, byte[] file, long dataStart) {
        return assemble(header, Arrays.copyOfRange(file, (int) Math.min(dataStart, file.length), file.length));
    }

    private static byte[] assemble(ObjectNode header, byte[] data) {
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) b.put((byte) ' ');
        b.put(data);
        return b.array();
    }

    /**
     * Makes a mutated file's 8-byte header length agree with its (text-edited) JSON header again. The data section
     * is taken to be a seed's, unedited: of the seeds' data sizes, the one after which the header ends in '}' and
     * padding spaces is used; if none fits, the input is left alone.
     */
    static byte[] repair(byte[] in, long... dataSizes) {
        for (long d : dataSizes) {
            long end = in.length - d; // one past the header's last byte
            if (end <= 9) continue;
            int i = (int) end - 1;
            while (i > 8 && in[i] == ' ') i--;
            if (in[i] != '}') continue;
            byte[] b = in.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, end - 8);
            return b;
        }
        return in;
    }

    /** The data section's size of a well-formed file. */
    static long dataSize(byte[] file) {
        return file.length - 8 - ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }
}
