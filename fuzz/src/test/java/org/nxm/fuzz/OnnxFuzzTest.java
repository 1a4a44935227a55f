package org.nxm.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nxm.model.io.onnx.OnnxModel;

/** ONNX ModelProto files (protobuf wire format): a small graph with float32 initializers in both encodings. */
class OnnxFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "onnx"; }

    @Override String fileName() { return "fuzz.onnx"; }

    @Override boolean text() { return false; }

    @Override
    List<byte[]> seeds() {
        byte[] node = concat(string(1, "x"), string(1, "w"), string(2, "y"), string(3, "mm"), string(4, "MatMul"));
        float[] w = {1, 2, 3, 4, 5, 6};
        ByteBuffer raw = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : w) raw.putFloat(f);
        byte[] init1 = concat(varint(1, 2), varint(1, 3), varint(2, 1), string(8, "w"), bytes(9, raw.array()));
        byte[] init2 = concat(bytes(1, new byte[] {2, 3}), varint(2, 1), string(8, "b"), bytes(4, raw.array().clone()));
        byte[] idsInit = concat(varint(1, 2), varint(2, 7), string(8, "ids"), bytes(9, new byte[16]));
        byte[] graph = concat(bytes(1, node), bytes(5, init1), bytes(5, init2), bytes(5, idsInit),
                bytes(11, string(1, "x")), bytes(12, string(1, "y")));
        return List.of(concat(varint(1, 8), bytes(7, graph)));
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> OnnxModel.read(input);
    }

    private static byte[] varint(int field, long v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        putVarint(o, (long) field << 3);
        putVarint(o, v);
        return o.toByteArray();
    }

    private static byte[] string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    private static byte[] bytes(int field, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        putVarint(o, ((long) field << 3) | 2);
        putVarint(o, b.length);
        o.writeBytes(b);
        return o.toByteArray();
    }

    private static void putVarint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
