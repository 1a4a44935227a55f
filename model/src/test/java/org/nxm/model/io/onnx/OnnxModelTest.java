package org.nxm.model.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.InputException;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TransformerWeights;

/** The ONNX reader on the real file, and on missing, truncated and corrupted copies of it. */
class OnnxModelTest {
    static byte[] bytes;
    @TempDir Path dir;

    @BeforeAll
    static void read() { bytes = MiniLm.onnxBytes(); }

    @Test
    void realModelHasTheBertGraph() {
        OnnxModel m = OnnxModel.parse(bytes, "minilm.onnx");
        assertEquals(java.util.List.of("input_ids", "attention_mask", "token_type_ids"), m.inputs());
        assertEquals(java.util.List.of("last_hidden_state"), m.outputs());
        assertEquals(48, m.nodes().stream().filter(n -> n.opType().equals("MatMul")).count());
        assertTrue(m.initializers().get("onnx::MatMul_787").hasShape(384, 384));
        // Linear weights come back [out, in]: intermediate.dense is stored [384, 1536] in the ONNX.
        TransformerWeights w = OnnxBertImporter.toWeights(m, MiniLm.config(), "minilm.onnx");
        assertEquals(1536, w.linearWeight("encoder.layer.0.intermediate.dense").rows());
        assertEquals(384, w.linearWeight("encoder.layer.0.intermediate.dense").cols());
        // query weight [out, in] is the transpose of the MatMul initializer [in, out].
        var q = m.initializers().get("onnx::MatMul_787").asMatrix();
        assertEquals(q.get(5, 7), w.linearWeight("encoder.layer.0.attention.self.query").get(7, 5));
    }

    @Test
    void missingFileIsOneLine() {
        Path p = dir.resolve("nope.onnx");
        InputException e = assertThrows(InputException.class, () -> MiniLm.loadWeights(p));
        assertEquals(p + ": ONNX file not found", e.getMessage());
    }

    @Test
    void truncatedFileNamesTheByteOffset() throws Exception {
        Path p = dir.resolve("cut.onnx");
        Files.write(p, Arrays.copyOf(bytes, 5_000_000));
        InputException e = assertThrows(InputException.class, () -> MiniLm.loadWeights(p));
        assertTrue(e.getMessage().startsWith(p + ": byte "), e.getMessage());
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void garbageIsRejected() throws Exception {
        Path p = dir.resolve("text.onnx");
        Files.writeString(p, "this is not a protobuf file at all, just some text\n");
        InputException e = assertThrows(InputException.class, () -> MiniLm.loadWeights(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        e = assertThrows(InputException.class, () -> MiniLm.loadWeights(empty));
        assertEquals(empty + ": empty file, expected an ONNX ModelProto", e.getMessage());
    }

    /** Hand-encoded protobuf field: tag, then the length for wire type 2, then the payload (a varint for type 0). */
    static byte[] field(int number, int wireType, byte[] payload) {
        var out = new java.io.ByteArrayOutputStream();
        varint(out, (long) number << 3 | wireType);
        if (wireType == 2) varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static void varint(java.io.ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) { out.write((int) (v & 0x7F) | 0x80); v >>>= 7; }
        out.write((int) v);
    }

    static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] varintBytes(long v) {
        var out = new java.io.ByteArrayOutputStream();
        varint(out, v);
        return out.toByteArray();
    }

    @Test
    void tensorDataOfTheWrongSizeIsCaught() {
        byte[] tensor = concat(field(1, 0, varintBytes(4)),          // dims [4]
                field(2, 0, varintBytes(1)),                              // data_type FLOAT
                field(8, 2, "w".getBytes()), field(9, 2, new byte[12]));  // 12 raw bytes for 4 floats
        byte[] model = field(7, 2, field(5, 2, tensor));
        InputException e = assertThrows(InputException.class, () -> OnnxModel.parse(model, "tiny.onnx"));
        assertTrue(e.getMessage().matches("tiny\\.onnx: byte \\d+: initializer w raw_data has 12 bytes, expected 16 for float32 shape \\[4\\]"), e.getMessage());
        // float_data (packed) is read too.
        byte[] floats = new byte[8];
        java.nio.ByteBuffer.wrap(floats).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
        byte[] t2 = concat(field(1, 0, varintBytes(2)), field(2, 0, varintBytes(1)), field(8, 2, "v".getBytes()), field(4, 2, floats));
        OnnxModel m = OnnxModel.parse(field(7, 2, field(5, 2, t2)), "tiny.onnx");
        assertEquals(-2f, m.initializers().get("v").data()[1]);
    }

    @Test
    void missingTensorsAreNamed() {
        OnnxModel ok = OnnxModel.parse(bytes, "x");
        assertTrue(ok.initializers().size() > 100);
        InputException e = assertThrows(InputException.class,
                () -> OnnxBertImporter.toWeights(new OnnxModel(ok.nodes(), java.util.Map.of(), ok.inputs(), ok.outputs()), MiniLm.config(), "x.onnx"));
        assertTrue(e.getMessage().startsWith("x.onnx: missing tensor embeddings.word_embeddings.weight"), e.getMessage());
    }
}
