package org.nxm.cli.encoding;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.data.DataDir;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.numeric.DType;
import org.nxm.model.numeric.Float16;

/** nxm encode / decode / verify on files written by hand from the safetensors byte format. */
class EncodingCommandsTest {
    @TempDir Path dir;


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** One tensor entry of a hand-written header. */
    record Entry(String name, String dtype, int[] shape, byte[] data) {}

    /** A safetensors file from the format description: u64 LE header length, JSON, raw data (no nxm writer involved). */
    static byte[] safetensors(String metadataJson, Entry... entries) {
        StringBuilder h = new StringBuilder("{");
        if (metadataJson != null) h.append("\"__metadata__\":").append(metadataJson).append(',');
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            int begin = data.size();
            data.writeBytes(e.data());
            h.append('"').append(e.name()).append("\":{\"dtype\":\"").append(e.dtype()).append("\",\"shape\":")
                    .append(Arrays.toString(e.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(begin).append(',').append(data.size()).append("]}").append(i + 1 < entries.length ? "," : "");
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.writeBytes(header);
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    /** float16 [rows, cols] obeying 2:4 (some groups under-full), little-endian. */
    static byte[] f16TwoFour(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteBuffer b = ByteBuffer.allocate(rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int g = 0; g < rows * cols / 4; g++) {
            int a = rnd.nextInt(4), c = rnd.nextInt(4);
            for (int j : new int[] {a, c}) {
                if (rnd.nextInt(8) == 0) continue; // leave a hole now and then
                b.putShort(2 * (4 * g + j), Float16.fromFloat((float) (rnd.nextGaussian() + 3)));
            }
        }
        return b.array();
    }

    static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private byte[] tensorBytes(Path file, String name) {
        return SafetensorsFile.open(file).get(name).bytes();
    }

    @Test
    void roundTripOfAHandWrittenFile() throws IOException {
        byte[] w = f16TwoFour(64, 128, 1);
        Path in = write("hand.safetensors", safetensors("{\"format\":\"pt\"}",
                new Entry("layer.weight", "F16", new int[] {64, 128}, w),
                new Entry("layer.bias", "F32", new int[] {4}, f32(1, 2, 3, 4))));
        Path enc = dir.resolve("enc.safetensors");
        CliRun r = run("encode", in.toString(), "--pattern", "2:4", "--layout", "cutlass", "--tensor", "layer.weight", "--out", enc.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layer.weight: 2:4 cutlass float16 [64, 128]  16,384 -> 9,216 bytes"), r.out());

        SafetensorsFile e = SafetensorsFile.open(enc);
        assertEquals(List.of("layer.weight.values", "layer.weight.meta", "layer.bias"), e.names());
        assertEquals(DType.F16, e.get("layer.weight.values").dtype());
        assertArrayEquals(new int[] {64, 64}, e.get("layer.weight.values").shape());
        assertEquals(DType.I16, e.get("layer.weight.meta").dtype());
        assertArrayEquals(new int[] {64, 8}, e.get("layer.weight.meta").shape());
        assertEquals("2:4", e.metadata().get("nxm.pattern"));
        assertEquals("cutlass", e.metadata().get("nxm.layout"));
        assertEquals("pt", e.metadata().get("format"));

        CliRun v = run("verify", enc.toString(), "--against", in.toString());
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().trim().endsWith("OK"), v.out());

        Path dec = dir.resolve("dec.safetensors");
        CliRun d = run("decode", enc.toString(), "--out", dec.toString());
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(w, tensorBytes(dec, "layer.weight"));
        assertArrayEquals(f32(1, 2, 3, 4), tensorBytes(dec, "layer.bias"));
        // The decoded file is a dense pruned file: verify accepts it through nxm.pattern.
        CliRun vd = run("verify", dec.toString());
        assertEquals(0, vd.code(), vd.out() + vd.err());
        assertTrue(vd.out().contains("layer.weight: 2:4 dense float16 [64, 128]"), vd.out());
    }

    @Test
    void cliOutputIsByteExactWithTheGoldenCase() throws IOException {
        Path golden = DataDir.file(null, "semistructured/fp16_64x128_holes.json");
        JsonNode g = new ObjectMapper().readTree(golden.toFile());
        Path in = write("g.safetensors", safetensors(null,
                new Entry("w", "F16", new int[] {64, 128}, shorts(g.get("dense")))));
        Path enc = dir.resolve("g_enc.safetensors");
        assertEquals(0, run("encode", in.toString(), "--pattern", "2:4", "--out", enc.toString()).code());
        assertArrayEquals(shorts(g.get("values")), tensorBytes(enc, "w.values"));
        assertArrayEquals(shorts(g.get("meta")), tensorBytes(enc, "w.meta"));
    }

    private static byte[] shorts(JsonNode a) {
        ByteBuffer b = ByteBuffer.allocate(2 * a.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < a.size(); i++) b.putShort(2 * i, (short) a.get(i).asInt());
        return b.array();
    }

    @Test
    void nmLayoutRoundTripWithPruning() throws IOException {
        SplittableRandom rnd = new SplittableRandom(2);
        float[] x = new float[8 * 24];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        Path in = write("dense.safetensors", safetensors(null, new Entry("fc.weight", "F32", new int[] {8, 24}, f32(x))));
        Path enc = dir.resolve("nm.safetensors");
        CliRun refused = run("encode", in.toString(), "--pattern", "2:8", "--layout", "nm", "--out", enc.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.out().contains("OVERFULL_GROUP: row 0, group 0 (columns 0..7)"), refused.out());
        assertTrue(refused.out().contains("defects in total (20 shown)"), refused.out());
        assertFalse(Files.exists(enc));

        CliRun r = run("encode", in.toString(), "--pattern", "2:8", "--layout", "nm", "--prune", "magnitude", "--json", "--out", enc.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("uint8", j.get("tensors").get(0).get("meta_dtype").asText());
        assertEquals(8 * 6 * 4 + 8 * 3, j.get("tensors").get(0).get("compressed_bytes").asLong()); // values + 6·3 bits -> 3 bytes/row
        CliRun v = run("verify", enc.toString(), "--json");
        assertEquals(0, v.code(), v.out());
        assertTrue(new ObjectMapper().readTree(v.out()).get("ok").asBoolean());
    }

    @Test
    void verifyReportsDefectsWithExitOne() throws IOException {
        byte[] w = f16TwoFour(32, 64, 3);
        Path in = write("w.safetensors", safetensors(null, new Entry("w", "F16", new int[] {32, 64}, w)));
        Path enc = dir.resolve("e.safetensors");
        assertEquals(0, run("encode", in.toString(), "--pattern", "2:4", "--out", enc.toString()).code());
        // Corrupt every metadata element to 0x0000 (invalid codes) by rewriting the file by hand.
        SafetensorsFile e = SafetensorsFile.open(enc);
        Path bad = write("bad.safetensors", safetensors("{\"nxm.pattern\":\"2:4\",\"nxm.layout\":\"cutlass\"}",
                new Entry("w.values", "F16", new int[] {32, 32}, e.get("w.values").bytes()),
                new Entry("w.meta", "I16", new int[] {32, 4}, new byte[32 * 4 * 2])));
        CliRun v = run("verify", bad.toString());
        assertEquals(1, v.code());
        assertTrue(v.out().contains("w: FAILED"), v.out());
        assertTrue(v.out().contains("INVALID_CODE: row 0, group 0 (columns 0..3): metadata code 0x0"), v.out());
        assertTrue(v.out().contains("512 defects in total (20 shown)"), v.out());
        assertEquals(1, v.err().strip().lines().count(), v.err());
        // A dense file whose one group is over-full.
        ByteBuffer over = ByteBuffer.wrap(w.clone()).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < 4; j++) over.putShort(2 * (5 * 64 + 8 + j), (short) 0x3C00);
        Path dense = write("over.safetensors", safetensors("{\"nxm.pattern\":\"2:4\"}", new Entry("x.weight", "F16", new int[] {32, 64}, over.array())));
        CliRun vd = run("verify", dense.toString());
        assertEquals(1, vd.code());
        assertTrue(vd.out().contains("OVERFULL_GROUP: row 5, group 2 (columns 8..11): 4 non-zeros [1.0(0x3c00), 1.0(0x3c00), 1.0(0x3c00), 1.0(0x3c00)], pattern 2:4 allows 2"), vd.out());
        // The honest encoding checked against a reference that differs.
        CliRun va = run("verify", enc.toString(), "--against", dense.toString(), "--tensor", "w");
        assertEquals(2, va.code(), "reference lacks tensor 'w'");
        Path dense2 = write("over2.safetensors", safetensors(null, new Entry("w", "F16", new int[] {32, 64}, over.array())));
        CliRun vb = run("verify", enc.toString(), "--against", dense2.toString());
        assertEquals(1, vb.code());
        assertTrue(vb.out().contains("DECODE_MISMATCH: decode differs from the reference in "), vb.out());
        assertTrue(vb.out().contains("first at row 5, column 8"), vb.out());
    }

    // ---- corrupt inputs: exit 2, one line on stderr, no output file ----

    private void assertBadInput(String expectInError, String... args) {
        Path out = dir.resolve("out.safetensors");
        String[] full = Stream.concat(Arrays.stream(args), Stream.of("--out", out.toString())).toArray(String[]::new);
        CliRun r = run(full);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expectInError), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".out.safetensors")), "temp file left behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] ok = safetensors(null, new Entry("w", "F16", new int[] {32, 64}, f16TwoFour(32, 64, 4)));
        Path p = write("trunc.safetensors", Arrays.copyOf(ok, ok.length - 100));
        assertBadInput("run past the end of the data section", "encode", p.toString(), "--pattern", "2:4");
        Path p2 = write("trunc2.safetensors", Arrays.copyOf(ok, 5));
        assertBadInput("truncated", "decode", p2.toString());
    }

    @Test
    void badHeaderJson() throws IOException {
        byte[] ok = safetensors(null, new Entry("w", "F16", new int[] {32, 64}, f16TwoFour(32, 64, 5)));
        ok[8 + 3] = '#';
        Path p = write("json.safetensors", ok);
        assertBadInput("bad header JSON at header byte 7", "encode", p.toString(), "--pattern", "2:4");
    }

    @Test
    void headerOffsetsPastTheEnd() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F16\",\"shape\":[32,64],\"data_offsets\":[0,4096]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 1000).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = write("offsets.safetensors", b.array());
        assertBadInput("data_offsets [0, 4096] run past the end of the data section (1000 bytes)", "encode", p.toString(), "--pattern", "2:4");
    }

    @Test
    void dtypeMismatchBetweenValuesAndMeta() throws IOException {
        Path p = write("mismatch.safetensors", safetensors("{\"nxm.pattern\":\"2:4\",\"nxm.layout\":\"cutlass\"}",
                new Entry("w.values", "F16", new int[] {32, 32}, new byte[32 * 32 * 2]),
                new Entry("w.meta", "I32", new int[] {32, 2}, new byte[32 * 2 * 4])));
        assertBadInput("meta 'w.meta' is I32, but float16 values in the cutlass 2:4 layout need I16 metadata", "decode", p.toString());
    }

    @Test
    void oddK() throws IOException {
        Path dense = write("odd.safetensors", safetensors(null, new Entry("w", "F16", new int[] {32, 63}, new byte[32 * 63 * 2])));
        assertBadInput("k a positive multiple of 32", "encode", dense.toString(), "--pattern", "2:4", "--tensor", "w");
        assertBadInput("k = 63 is not a multiple of m = 4", "encode", dense.toString(), "--pattern", "2:4", "--layout", "nm");
        Path enc = write("oddv.safetensors", safetensors("{\"nxm.pattern\":\"2:4\",\"nxm.layout\":\"nm\"}",
                new Entry("w.values", "F16", new int[] {32, 31}, new byte[32 * 31 * 2]),
                new Entry("w.meta", "U8", new int[] {32, 8}, new byte[32 * 8])));
        assertBadInput("31 columns, not a multiple of n = 2", "decode", enc.toString());
    }

    @Test
    void otherBadArguments() throws IOException {
        Path in = write("ok.safetensors", safetensors(null, new Entry("w", "F16", new int[] {32, 64}, f16TwoFour(32, 64, 6))));
        assertBadInput("pattern '2-4'", "encode", in.toString(), "--pattern", "2-4");
        assertBadInput("layout 'fancy'", "encode", in.toString(), "--pattern", "2:4", "--layout", "fancy");
        assertBadInput("no 1:4 layout for float16", "encode", in.toString(), "--pattern", "1:4");
        assertBadInput("no tensor named 'nope'", "encode", in.toString(), "--pattern", "2:4", "--tensor", "nope");
        assertBadInput("no such file", "encode", dir.resolve("missing.safetensors").toString(), "--pattern", "2:4");
        assertBadInput("has no nxm.layout", "decode", in.toString());
    }

    @Test
    void helpHasAnExample() {
        for (String c : new String[] {"encode", "decode", "verify"}) {
            CliRun r = run(c, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Example:"), r.out());
        }
    }
}
