package org.nxm.model.io.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.tensor.Tensor;

/**
 * The parts of an ONNX {@code ModelProto} that weight import needs, read straight from protobuf wire
 * format: the graph's nodes (name, op type, inputs, outputs), its float32 initializers (from
 * {@code raw_data} or {@code float_data}) and its input/output names. Field numbers follow
 * {@code onnx.proto}: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, input = 11, output = 12;
 * NodeProto.input = 1, output = 2, name = 3, op_type = 4; TensorProto.dims = 1, data_type = 2,
 * float_data = 4, name = 8, raw_data = 9, data_location = 14; ValueInfoProto.name = 1.
 *
 * <p>{@code constants} holds the numeric values of {@code Constant} nodes (float32, int64 and int32, by
 * output name; NodeProto.attribute = 5, AttributeProto.name = 1, t = 5): graph facts that are not weights,
 * such as the attention scale √d_head and the LayerNorm epsilon, which the importer reads to infer a config.
 */
public record OnnxModel(List<Node> nodes, Map<String, Tensor> initializers, List<String> inputs, List<String> outputs,
                        Map<String, double[]> constants) {

    /** Without Constant-node values (the old arity). */
    public OnnxModel(List<Node> nodes, Map<String, Tensor> initializers, List<String> inputs, List<String> outputs) {
        this(nodes, initializers, inputs, outputs, Map.of());
    }

    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    private static final int FLOAT = 1;

    public static OnnxModel read(Path file) {
        org.nxm.model.io.InputFiles.refuseNonRegular(file, "ONNX file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": ONNX file not found");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read ONNX file (" + e.getMessage() + ")", e);
        }
        return parse(bytes, file.toString());
    }

    public static OnnxModel read(InputStream in, String source) {
        try (in) {
            return parse(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read ONNX data (" + e.getMessage() + ")", e);
        }
    }

    public static OnnxModel parse(byte[] bytes, String source) {
        if (bytes.length == 0) throw new InputException(source + ": empty file, expected an ONNX ModelProto");
        ProtoReader model = new ProtoReader(bytes, 0, bytes.length, source);
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> inits = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        Map<String, double[]> constants = new LinkedHashMap<>();
        boolean sawGraph = false;
        while (model.hasMore()) {
            int tag = model.readTag();
            if (tag >>> 3 == 7 && (tag & 7) == ProtoReader.LEN) {
                sawGraph = true;
                readGraph(model.readMessage(), nodes, inits, inputs, outputs, constants);
            } else {
                model.skip(tag & 7);
            }
        }
        if (!sawGraph) throw new InputException(source + ": no ModelProto.graph (field 7) found: not an ONNX model");
        return new OnnxModel(List.copyOf(nodes), inits, List.copyOf(inputs), List.copyOf(outputs), constants);
    }

    private static void readGraph(ProtoReader g, List<Node> nodes, Map<String, Tensor> inits, List<String> inputs, List<String> outputs,
                                  Map<String, double[]> constants) {
        while (g.hasMore()) {
            int tag = g.readTag(), field = tag >>> 3, wt = tag & 7;
            if (wt != ProtoReader.LEN) { g.skip(wt); continue; }
            switch (field) {
                case 1 -> nodes.add(readNode(g.readMessage(), constants));
                case 5 -> {
                    int at = g.position();
                    ProtoReader t = g.readMessage();
                    readTensor(t, at, inits);
                }
                case 11 -> inputs.add(readValueInfoName(g.readMessage()));
                case 12 -> outputs.add(readValueInfoName(g.readMessage()));
                default -> g.skip(wt);
            }
        }
    }

    private static Node readNode(ProtoReader n, Map<String, double[]> constants) {
        String name = "", op = "";
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        double[] value = null;
        while (n.hasMore()) {
            int tag = n.readTag(), field = tag >>> 3, wt = tag & 7;
            if (wt == ProtoReader.LEN && field == 1) in.add(n.readString());
            else if (wt == ProtoReader.LEN && field == 2) out.add(n.readString());
            else if (wt == ProtoReader.LEN && field == 3) name = n.readString();
            else if (wt == ProtoReader.LEN && field == 4) op = n.readString();
            else if (wt == ProtoReader.LEN && field == 5) {
                double[] v = readValueAttribute(n.readMessage());
                if (v != null) value = v;
            } else n.skip(wt);
        }
        if ("Constant".equals(op) && value != null && out.size() == 1) constants.put(out.get(0), value);
        return new Node(name, op, List.copyOf(in), List.copyOf(out));
    }

    /** The numeric tensor of an attribute named {@code value} (a Constant node's), or null. */
    private static double[] readValueAttribute(ProtoReader a) {
        String name = "";
        double[] t = null;
        while (a.hasMore()) {
            int tag = a.readTag(), field = tag >>> 3, wt = tag & 7;
            if (wt == ProtoReader.LEN && field == 1) name = a.readString();
            else if (wt == ProtoReader.LEN && field == 5) t = readNumbers(a.readMessage());
            else a.skip(wt);
        }
        return "value".equals(name) ? t : null;
    }

    private static final int INT32 = 6, INT64 = 7;

    /** A small TensorProto's values as doubles (float32, int32, int64; raw or typed fields), or null for other types. */
    private static double[] readNumbers(ProtoReader t) {
        int dataType = 0;
        int[] raw = null;
        List<Double> typed = new ArrayList<>();
        while (t.hasMore()) {
            int tag = t.readTag(), field = tag >>> 3, wt = tag & 7;
            if (field == 2 && wt == ProtoReader.VARINT) dataType = (int) t.readVarint();
            else if (field == 9 && wt == ProtoReader.LEN) raw = t.readBytesRange();
            else if (field == 4 && wt == ProtoReader.I32) typed.add((double) Float.intBitsToFloat(t.readFixed32()));
            else if (field == 4 && wt == ProtoReader.LEN) {
                int[] r = t.readBytesRange();
                ByteBuffer b = ByteBuffer.wrap(t.buffer(), r[0], r[1]).order(ByteOrder.LITTLE_ENDIAN);
                while (b.remaining() >= 4) typed.add((double) b.getFloat());
            } else if ((field == 5 || field == 7) && wt == ProtoReader.VARINT) typed.add((double) t.readVarint());
            else if ((field == 5 || field == 7) && wt == ProtoReader.LEN) {
                ProtoReader p = t.readMessage();
                while (p.hasMore()) typed.add((double) p.readVarint());
            } else t.skip(wt);
        }
        if (dataType != FLOAT && dataType != INT32 && dataType != INT64) return null;
        if (raw == null) return typed.stream().mapToDouble(Double::doubleValue).toArray();
        ByteBuffer b = ByteBuffer.wrap(t.buffer(), raw[0], raw[1]).order(ByteOrder.LITTLE_ENDIAN);
        int width = dataType == INT64 ? 8 : 4;
        double[] out = new double[raw[1] / width];
        for (int i = 0; i < out.length; i++) {
            out[i] = dataType == FLOAT ? b.getFloat() : dataType == INT32 ? b.getInt() : (double) b.getLong();
        }
        return out;
    }

    private static String readValueInfoName(ProtoReader v) {
        String name = "";
        while (v.hasMore()) {
            int tag = v.readTag();
            if (tag >>> 3 == 1 && (tag & 7) == ProtoReader.LEN) name = v.readString();
            else v.skip(tag & 7);
        }
        return name;
    }

    /** Reads one TensorProto; float32 tensors are kept, other types (int64 position ids) are skipped. */
    private static void readTensor(ProtoReader t, int at, Map<String, Tensor> inits) {
        String name = null;
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        int[] raw = null;
        List<float[]> floatData = new ArrayList<>();
        int floatCount = 0;
        boolean external = false;
        while (t.hasMore()) {
            int tag = t.readTag(), field = tag >>> 3, wt = tag & 7;
            switch (field) {
                case 1 -> {
                    if (wt == ProtoReader.VARINT) dims.add(t.readVarint());
                    else if (wt == ProtoReader.LEN) {
                        ProtoReader p = t.readMessage();
                        while (p.hasMore()) dims.add(p.readVarint());
                    } else t.skip(wt);
                }
                case 2 -> { if (wt == ProtoReader.VARINT) dataType = (int) t.readVarint(); else t.skip(wt); }
                case 4 -> {
                    if (wt == ProtoReader.I32) {
                        floatData.add(new float[] {Float.intBitsToFloat(t.readFixed32())});
                        floatCount++;
                    } else if (wt == ProtoReader.LEN) {
                        int[] r = t.readBytesRange();
                        if (r[1] % 4 != 0) throw t.error(r[0], "float_data of length " + r[1] + " is not a multiple of 4");
                        float[] f = new float[r[1] / 4];
                        ByteBuffer.wrap(t.buffer(), r[0], r[1]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                        floatData.add(f);
                        floatCount += f.length;
                    } else t.skip(wt);
                }
                case 8 -> { if (wt == ProtoReader.LEN) name = t.readString(); else t.skip(wt); }
                case 9 -> { if (wt == ProtoReader.LEN) raw = t.readBytesRange(); else t.skip(wt); }
                case 14 -> { if (wt == ProtoReader.VARINT) external = t.readVarint() == 1; else t.skip(wt); }
                default -> t.skip(wt);
            }
        }
        if (name == null) throw t.error(at, "initializer without a name (TensorProto.name, field 8)");
        if (dataType != FLOAT) return;
        if (external) throw t.error(at, "initializer " + name + " stores its data externally; only embedded data is supported");
        int[] shape = new int[dims.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            if (d < 0 || d > Integer.MAX_VALUE) throw t.error(at, "initializer " + name + " has invalid dimension " + d);
            shape[i] = (int) d;
            n *= d;
        }
        float[] data;
        if (raw != null) {
            if (raw[1] != n * 4) {
                throw t.error(raw[0], "initializer " + name + " raw_data has " + raw[1] + " bytes, expected " + (n * 4)
                        + " for float32 shape " + Arrays.toString(shape));
            }
            data = new float[(int) n];
            ByteBuffer.wrap(t.buffer(), raw[0], raw[1]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            if (floatCount != n) {
                throw t.error(at, "initializer " + name + " has " + floatCount + " float_data values, expected " + n
                        + " for shape " + Arrays.toString(shape));
            }
            data = new float[(int) n];
            int o = 0;
            for (float[] f : floatData) { System.arraycopy(f, 0, data, o, f.length); o += f.length; }
        }
        inits.put(name, new Tensor(shape, data));
    }
}
