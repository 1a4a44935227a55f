package org.nxm.model.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.tensor.Matrix;

class SafetensorsTest {
    @TempDir Path dir;

    /** A file built byte by byte from the format description, independent of SafetensorsWriter. */
    static byte[] handWritten(String headerJson, byte[] data) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void readsAHandWrittenFile() throws IOException {
        // float16 [2, 2] = 1, -2, 0.5, 65504; then int8 [3] = -1, 0, 127
        byte[] data = {0x00, 0x3C, 0x00, (byte) 0xC0, 0x00, 0x38, (byte) 0xFF, 0x7B, (byte) 0xFF, 0x00, 0x7F};
        String header = "{\"w\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[8,11]}}";
        SafetensorsFile f = SafetensorsFile.open(file("hand.safetensors", handWritten(header, data)));
        assertEquals(List.of("w", "b"), f.names());
        assertEquals(Map.of("format", "pt"), f.metadata());
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f}, f.matrix("w").data());
        assertArrayEquals(new int[] {2, 2}, f.get("w").shape());
        assertArrayEquals(new float[] {-1f, 0f, 127f}, f.get("b").toFloatArray());
        assertEquals(DType.I8, f.require("b", DType.I8, new int[] {3}).dtype());
    }

    @Test
    void roundTripsEveryDtypeAndMetadata() {
        SplittableRandom rnd = new SplittableRandom(1);
        List<SafeTensor> tensors = new java.util.ArrayList<>();
        for (DType d : DType.values()) {
            byte[] bytes = new byte[3 * 5 * d.bytes()];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) rnd.nextInt(256);
            tensors.add(SafeTensor.of("t." + d, d, new int[] {3, 5}, bytes));
        }
        tensors.add(SafeTensor.of("empty", DType.F32, new int[] {0, 4}, new byte[0]));
        tensors.add(SafeTensor.of("scalar", DType.I32, new int[] {}, new byte[] {1, 2, 3, 4}));
        Path p = dir.resolve("all.safetensors");
        SafetensorsWriter.write(p, tensors, Map.of("nxm.pattern", "2:4", "k", "v"));
        SafetensorsFile f = SafetensorsFile.open(p);
        assertEquals(tensors, f.tensors());
        assertEquals(Map.of("nxm.pattern", "2:4", "k", "v"), f.metadata());
    }

    @Test
    void headerIsPaddedToEightBytes() throws IOException {
        Path p = dir.resolve("a.safetensors");
        SafetensorsWriter.write(p, List.of(SafeTensor.of("x", DType.U8, new int[] {1}, new byte[] {7})));
        byte[] b = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + n) % 8);
        assertEquals(7, b[b.length - 1]);
    }

    @Test
    void matrixConversionsRoundThroughHalfTypes() {
        Matrix m = new Matrix(2, 3, new float[] {1f, -0.1f, 3.14159f, 1e-8f, 70000f, -0f});
        SafeTensor f32 = SafeTensor.of("m", m, DType.F32);
        assertArrayEquals(m.data(), f32.toMatrix().data());
        SafeTensor f16 = SafeTensor.of("m", m, DType.F16);
        float[] back = f16.toMatrix().data();
        assertEquals(org.nxm.model.numeric.Float16.toFloat(org.nxm.model.numeric.Float16.fromFloat(-0.1f)), back[1]);
        assertEquals(Float.POSITIVE_INFINITY, back[4]);
        SafeTensor bf = SafeTensor.of("m", m, DType.BF16);
        assertEquals(3.140625f, bf.toMatrix().data()[2]);
    }

    @Test
    void bigFileStreamsThroughMapping() {
        Matrix m = new Matrix(1024, 1024);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = i;
        Path p = dir.resolve("big.safetensors");
        SafetensorsWriter.write(p, List.of(SafeTensor.of("w", m, DType.F32)));
        assertArrayEquals(m.data(), SafetensorsFile.open(p).matrix("w").data());
    }

    // ---- every defect: one line naming the file and what/where ----

    private String failure(byte[] content) throws IOException {
        Path p = file("bad.safetensors", content);
        InputException e = assertThrows(InputException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static final String GOOD = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void truncatedHeaderLength() throws IOException {
        assertTrue(failure(new byte[] {1, 2, 3}).contains("truncated"));
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        byte[] ok = handWritten(GOOD, new byte[8]);
        byte[] cut = java.util.Arrays.copyOf(ok, 20);
        assertTrue(failure(cut).contains("runs past the end of the file"));
    }

    @Test
    void absurdHeaderLength() throws IOException {
        byte[] b = new byte[16];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -5);
        assertTrue(failure(b).contains("header length"));
    }

    @Test
    void badJson() throws IOException {
        assertTrue(failure(handWritten("{\"w\":{\"dtype\":\"F32\",", new byte[8])).contains("bad header JSON"));
        assertTrue(failure(handWritten(GOOD + "x", new byte[8])).contains("bad header JSON"));
        assertTrue(failure(handWritten("[1,2]", new byte[0])).contains("expected a JSON object"));
        assertTrue(failure(handWritten("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8])).contains("Duplicate field"));
    }

    @Test
    void unknownDtype() throws IOException {
        String m = failure(handWritten(GOOD.replace("F32", "F8_E9M9"), new byte[8]));
        assertTrue(m.contains("unknown dtype \"F8_E9M9\"") && m.contains("'w'"), m);
    }

    @Test
    void offsetsPastEnd() throws IOException {
        String m = failure(handWritten(GOOD, new byte[6]));
        assertTrue(m.contains("run past the end of the data section"), m);
    }

    @Test
    void offsetsNotMatchingShape() throws IOException {
        String m = failure(handWritten(GOOD.replace("[2]", "[3]"), new byte[8]));
        assertTrue(m.contains("expected 12 for F32 [3]"), m);
        assertTrue(failure(handWritten(GOOD.replace("[0,8]", "[8,0]"), new byte[8])).contains("begin <= end"));
        assertTrue(failure(handWritten(GOOD.replace("[2]", "[-2]"), new byte[8])).contains("shape[0]"));
        assertTrue(failure(handWritten(GOOD.replace("[0,8]", "[0]"), new byte[8])).contains("data_offsets"));
    }

    @Test
    void overlappingAndGappedOffsets() throws IOException {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertTrue(failure(handWritten(two, new byte[12])).contains("overlap tensor 'a'"));
        String gap = two.replace("[4,12]", "[12,20]");
        assertTrue(failure(handWritten(gap, new byte[20])).contains("no gaps"));
        assertTrue(failure(handWritten(GOOD, new byte[9])).contains("1 bytes after the last tensor"));
    }

    @Test
    void badMetadata() throws IOException {
        String h = "{\"__metadata__\":{\"a\":1}," + GOOD.substring(1);
        assertTrue(failure(handWritten(h, new byte[8])).contains("__metadata__.a must be a string"));
    }

    @Test
    void shapeOrDtypeMismatchOnRequest() throws IOException {
        Path p = file("ok.safetensors", handWritten(GOOD, new byte[8]));
        SafetensorsFile f = SafetensorsFile.open(p);
        assertTrue(assertThrows(InputException.class, () -> f.require("w", null, new int[] {1, 2}))
                .getMessage().contains("shape [2], expected [1, 2]"));
        assertTrue(assertThrows(InputException.class, () -> f.require("w", DType.F16, null))
                .getMessage().contains("dtype F32, expected F16"));
        assertTrue(assertThrows(InputException.class, () -> f.get("nope")).getMessage().contains("no tensor named 'nope'"));
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("missing.safetensors");
        assertTrue(assertThrows(InputException.class, () -> SafetensorsFile.open(p)).getMessage().contains("no such file"));
    }

    @Test
    void failedWriteLeavesNoFile() throws IOException {
        Path p = dir.resolve("dup.safetensors");
        SafeTensor t = SafeTensor.of("x", DType.U8, new int[] {1}, new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(p, List.of(t, t)));
        assertFalse(Files.exists(p));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void deferredWriteIsByteIdenticalToEagerWrite() throws IOException {
        List<SafeTensor> ts = List.of(
                SafeTensor.ofFloats("a", new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, 7, 1e-3f}, DType.F16),
                SafeTensor.of("b", DType.I64, new int[] {1, 2}, new byte[16]),
                SafeTensor.ofFloats("c", new int[] {3}, new float[] {1, 2, 3}, DType.F32));
        Path eager = dir.resolve("eager.safetensors"), deferred = dir.resolve("deferred.safetensors");
        SafetensorsWriter.write(eager, ts, Map.of("k", "v"));
        List<SafetensorsWriter.Deferred> ds = new java.util.ArrayList<>();
        for (SafeTensor t : ts) ds.add(new SafetensorsWriter.Deferred(t.name(), t.dtype(), t.shape(), () -> t));
        SafetensorsWriter.writeDeferred(deferred, ds, Map.of("k", "v"));
        assertArrayEquals(Files.readAllBytes(eager), Files.readAllBytes(deferred));
        // A producer that disagrees with its declaration fails, and leaves no file.
        Path bad = dir.resolve("bad.safetensors");
        List<SafetensorsWriter.Deferred> lie = List.of(new SafetensorsWriter.Deferred("a", DType.F32, new int[] {2, 3}, () -> ts.get(0)));
        assertThrows(IllegalStateException.class, () -> SafetensorsWriter.writeDeferred(bad, lie, Map.of()));
        assertFalse(Files.exists(bad));
    }
}
