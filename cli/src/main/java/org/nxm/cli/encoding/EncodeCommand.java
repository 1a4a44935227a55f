package org.nxm.cli.encoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.DefectLog;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.EncodedSafetensors;
import org.nxm.compiler.encoding.Encoding;
import org.nxm.compiler.encoding.Layout;
import org.nxm.compiler.encoding.Verifier;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nxm encode}: dense N:M tensors → compressed values + metadata tensors. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Compress N:M weights into kept values + index metadata (cutlass or nm layout).",
                "Each tensor NAME becomes NAME.values and NAME.meta; other tensors are copied. __metadata__ records "
                + "nxm.pattern and nxm.layout.",
                "Layouts: cutlass = byte-exact with CUTLASS / PyTorch semi-structured tensors (2:4 float16/bfloat16 "
                + "-> int16 meta [rows, k/16]; 2:4 int8 -> int32 [rows, k/32]; 1:2 float32 -> int16 [rows, k/8]); "
                + "nm = nxm's general format (any N:M, uint8 meta of packed ceil(log2 m)-bit indices).",
                "A tensor that is not N:M is refused with the verifier's report (exit 1) unless --prune magnitude."},
        footer = {"", "Example:", "  nxm encode pruned.safetensors --pattern 2:4 --layout cutlass --dtype float16 --out packed.safetensors",
                "  nxm encode w.safetensors --pattern 2:8 --layout nm --tensor encoder.layer.0.intermediate.dense.weight --prune magnitude --out w28.safetensors"})
public final class EncodeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.safetensors", description = "input safetensors file (dense tensors)")
    Path in;

    @Option(paramLabel = "N:M", names = "--pattern", required = true, description = "N:M pattern, e.g. 2:4")
    String pattern;

    @Option(paramLabel = "LAYOUT", names = "--layout", defaultValue = "cutlass", description = "cutlass or nm (default: ${DEFAULT-VALUE})")
    String layout;

    @Option(names = "--tensor", paramLabel = "NAME", description = "tensor(s) to encode (default: nxm.pruned from __metadata__, else every 2-D tensor)")
    List<String> tensors;

    @Option(names = "--prune", paramLabel = "METHOD", description = "project onto the pattern first: magnitude (keep the n largest |w| per group)")
    String prune;

    @Option(names = "--dtype", paramLabel = "DTYPE", description = "convert the tensors first (round to nearest even): float16, bfloat16 or float32")
    String dtype;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "output file")
    Path out;

    @Option(names = "--json", description = "print a JSON summary instead of the table")
    boolean json;

    @Override
    public Integer call() {
        NmPattern p = NmPattern.parse(pattern);
        Layout l = Layout.parse(layout);
        if (prune != null && !prune.equalsIgnoreCase("magnitude")) {
            throw new Nxm.UserError("--prune '" + prune + "': expected magnitude");
        }
        DType cast = null;
        if (dtype != null) {
            cast = DType.lookup(dtype);
            if (cast == null || !(cast == DType.F16 || cast == DType.BF16 || cast == DType.F32)) {
                throw new Nxm.UserError("--dtype '" + dtype + "': expected float16, bfloat16 or float32");
            }
        }
        SafetensorsFile f = SafetensorsFile.open(in);
        if (EncodedSafetensors.isEncoded(f)) {
            throw new Nxm.UserError(in + ": already encoded (__metadata__ has " + EncodedSafetensors.LAYOUT_KEY + "); decode it first");
        }
        List<String> names = chooseTensors(f);
        PrintWriter err = spec.commandLine().getErr();

        // Check or prune every tensor first, so a refusal leaves no output at all.
        Map<String, DenseMatrix> dense = new LinkedHashMap<>();
        Map<String, DefectLog> refused = new LinkedHashMap<>();
        for (String name : names) {
            SafeTensor t = f.get(name);
            if (t.rank() != 2) {
                throw new Nxm.UserError(in + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected [rows, k]");
            }
            DType d = cast != null && t.dtype().isFloating() ? cast : t.dtype();
            String unsupported = Encoding.unsupported(l, p, d);
            if (unsupported != null) {
                String hint = d == DType.F32 && l == Layout.CUTLASS && p.equals(NmPattern.TWO_FOUR) ? "; or convert with --dtype float16" : "";
                throw new Nxm.UserError(in + ": tensor '" + name + "' (" + d.longName() + "): " + unsupported + hint);
            }
            Encoding enc = Encoding.of(l, p, d);
            String shape = enc.shapeProblem(t.dim(0), t.dim(1));
            if (shape != null) throw new Nxm.UserError(in + ": tensor '" + name + "': " + shape);
            DenseMatrix m;
            if (prune != null) {
                float[] x = t.toFloatArray();
                for (int r = 0; r < t.dim(0); r++) p.projectInPlace(x, r * t.dim(1), t.dim(1));
                m = DenseMatrix.of(SafeTensor.ofFloats(name, t.shape(), x, d));
            } else if (d != t.dtype()) {
                m = DenseMatrix.of(SafeTensor.ofFloats(name, t.shape(), t.toFloatArray(), d));
            } else {
                m = DenseMatrix.of(t);
            }
            DefectLog log = Verifier.checkDense(m, p);
            if (!log.isClean()) refused.put(name, log);
            dense.put(name, m);
        }
        if (!refused.isEmpty()) {
            PrintWriter o = spec.commandLine().getOut();
            for (Map.Entry<String, DefectLog> e : refused.entrySet()) {
                o.println(e.getKey() + ": not " + p + ":");
                for (String line : e.getValue().report("  ")) o.println(line);
            }
            o.flush();
            throw new Nxm.CheckFailed(refused.size() + " of " + names.size() + " tensors are not " + p
                    + " (see the report above); nothing written. Prune them first, or pass --prune magnitude");
        }

        List<SafeTensor> outTensors = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (String name : f.names()) {
            DenseMatrix m = dense.get(name);
            if (m == null) {
                outTensors.add(f.get(name));
                continue;
            }
            err.println("encoding " + name + " " + m + " ...");
            CompressedMatrix c = Encoding.of(l, p, m.dtype()).encode(m);
            for (SafeTensor t : c.toSafeTensors(name)) {
                if (f.contains(t.name())) throw new Nxm.UserError(in + ": output name '" + t.name() + "' collides with an input tensor");
                outTensors.add(t);
            }
            rows.add(new Row(name, c));
        }
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        meta.putIfAbsent("format", "pt");
        meta.put(EncodedSafetensors.PATTERN_KEY, p.toString());
        meta.put(EncodedSafetensors.LAYOUT_KEY, l.cliName());
        meta.remove(EncodedSafetensors.PRUNED_KEY);
        SafetensorsWriter.write(out, outTensors, meta);
        print(rows, p, l);
        return Nxm.EXIT_OK;
    }

    private List<String> chooseTensors(SafetensorsFile f) {
        if (tensors != null && !tensors.isEmpty()) {
            for (String t : tensors) f.get(t); // names the file if missing
            return List.copyOf(new java.util.LinkedHashSet<>(tensors));
        }
        List<String> pruned = EncodedSafetensors.prunedNamesOrNull(f);
        if (pruned != null) return pruned;
        List<String> all = f.tensors().stream().filter(t -> t.rank() == 2).map(SafeTensor::name).toList();
        if (all.isEmpty()) throw new Nxm.UserError(in + ": header: no 2-D tensor to encode among its " + f.names().size() + " tensors");
        return all;
    }

    record Row(String name, CompressedMatrix c) {}

    private void print(List<Row> rows, NmPattern p, Layout l) {
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectMapper om = new ObjectMapper();
            ObjectNode root = om.createObjectNode();
            root.put("file", out.toString());
            root.put("pattern", p.toString());
            root.put("layout", l.cliName());
            ArrayNode arr = root.putArray("tensors");
            for (Row r : rows) arr.add(Summary.json(om, r.name(), r.c()));
            o.println(root.toPrettyString());
        } else {
            for (Row r : rows) o.println(Summary.line(r.name(), r.c()));
            o.println("wrote " + out + " (" + rows.size() + " tensors encoded, " + p + " " + l.cliName() + ")");
        }
        o.flush();
    }
}
