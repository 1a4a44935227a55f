package org.nxm.cli.encoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.Defect;
import org.nxm.compiler.encoding.DefectKind;
import org.nxm.compiler.encoding.DefectLog;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.compiler.encoding.EncodedSafetensors;
import org.nxm.compiler.encoding.Encoding;
import org.nxm.compiler.encoding.Layout;
import org.nxm.compiler.encoding.Verifier;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.sparsity.NmPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nxm verify}: is it really N:M, and does the compressed form decode to exactly the dense tensor? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify N:M tensors, compressed (nxm encode) or dense (nxm prune, nxm decode).",
                "For a file written by nxm encode: every metadata code valid and canonical, "
                + "values/metadata shapes and dtypes consistent with the layout, and (with --against) the decode equal "
                + "bit for bit to the dense reference. For a dense pruned file (nxm prune, nxm decode): every group of m "
                + "holds at most n non-zeros.",
                "Exit 0 with one OK line per tensor; exit 1 with the defects (up to 20 per tensor and the total); "
                + "exit 2 if a file cannot be read."},
        footer = {"", "Example:", "  nxm verify packed.safetensors --against pruned.safetensors",
                "  nxm verify pruned.safetensors                 # a dense file from nxm prune (pattern from __metadata__)"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.safetensors", description = "encoded or dense pruned safetensors file")
    Path in;

    @Option(names = "--against", paramLabel = "DENSE.safetensors", description = "dense reference: each tensor NAME must equal the decode")
    Path against;

    @Option(paramLabel = "N:M", names = "--pattern", description = "pattern for a dense file without nxm.pattern in __metadata__")
    String pattern;

    @Option(names = "--tensor", paramLabel = "NAME", description = "tensor(s) to verify (default: all encoded tensors; for a dense file nxm.pruned, else every 2-D *.weight tensor except embeddings)")
    List<String> tensors;

    @Option(names = "--json", description = "print a JSON report instead of the text")
    boolean json;

    record Result(String name, CompressedMatrix compressed, SafeTensor dense, NmPattern pattern, DefectLog log) {}

    @Override
    public Integer call() {
        SafetensorsFile f = SafetensorsFile.open(in);
        SafetensorsFile ref = against == null ? null : SafetensorsFile.open(against);
        List<Result> results = EncodedSafetensors.isEncoded(f) ? verifyEncoded(f, ref) : verifyDense(f, ref);
        print(results);
        long bad = results.stream().filter(r -> !r.log().isClean()).count();
        if (bad > 0) {
            long defects = results.stream().mapToLong(r -> r.log().total()).sum();
            throw new Nxm.CheckFailed(in + ": " + bad + " of " + results.size() + " tensors failed verification (" + defects + " defects)");
        }
        return Nxm.EXIT_OK;
    }

    private List<Result> verifyEncoded(SafetensorsFile f, SafetensorsFile ref) {
        Layout layout = EncodedSafetensors.layout(f);
        NmPattern p = EncodedSafetensors.pattern(f);
        List<String> names = EncodedSafetensors.encodedNames(f);
        if (tensors != null && !tensors.isEmpty()) {
            for (String t : tensors) {
                if (!names.contains(t)) throw new Nxm.UserError(in + ": no encoded tensor '" + t + "' (" + t + ".values / " + t + ".meta)");
            }
            names = tensors;
        }
        if (names.isEmpty()) throw new Nxm.UserError(in + ": no encoded tensors (NAME.values + NAME.meta) in the file");
        List<Result> out = new ArrayList<>();
        for (String name : names) {
            SafeTensor reference = ref == null ? null : ref.get(name);
            DefectLog log = new DefectLog();
            CompressedMatrix c = Verifier.verifyTensors(layout, p, f.get(name + EncodedSafetensors.VALUES),
                    f.get(name + EncodedSafetensors.META), reference, log);
            out.add(new Result(name, c, null, p, log));
        }
        return out;
    }

    private List<Result> verifyDense(SafetensorsFile f, SafetensorsFile ref) {
        NmPattern p = pattern != null ? NmPattern.parse(pattern) : EncodedSafetensors.patternOrNull(f);
        if (p == null) {
            throw new Nxm.UserError(in + ": neither encoded (no nxm.layout) nor tagged with a pattern (no nxm.pattern in __metadata__); pass --pattern N:M");
        }
        List<String> names;
        if (tensors != null && !tensors.isEmpty()) names = tensors;
        else if (EncodedSafetensors.prunedNamesOrNull(f) != null) names = EncodedSafetensors.prunedNamesOrNull(f);
        else names = f.tensors().stream()
                .filter(t -> t.rank() == 2 && t.name().endsWith(".weight") && !t.name().contains("embeddings"))
                .map(SafeTensor::name).toList();
        if (names.isEmpty()) throw new Nxm.UserError(in + ": no tensor to verify (no 2-D *.weight tensors); name them with --tensor");
        List<Result> out = new ArrayList<>();
        for (String name : names) {
            SafeTensor t = f.get(name);
            DefectLog log = new DefectLog();
            if (t.rank() != 2) {
                log.add(DefectKind.SIZE_MISMATCH, "shape " + Arrays.toString(t.shape()) + ", expected [rows, k]");
            } else if (!DenseMatrix.supports(t.dtype())) {
                log.add(DefectKind.DTYPE_MISMATCH, "dtype " + t.dtype() + ": expected float32, float16, bfloat16 or int8");
            } else {
                DenseMatrix d = DenseMatrix.of(t);
                Verifier.checkDense(d, p, log);
                if (ref != null) {
                    SafeTensor r = ref.get(name);
                    if (r.dtype() != t.dtype() || !Arrays.equals(r.shape(), t.shape())) {
                        log.add(DefectKind.SIZE_MISMATCH, "reference is " + r.dtype() + " " + Arrays.toString(r.shape())
                                + ", tensor is " + t.dtype() + " " + Arrays.toString(t.shape()));
                    } else if (!r.data().equals(t.data())) {
                        log.add(DefectKind.DECODE_MISMATCH, "differs from the reference '" + name + "' in " + against);
                    }
                }
            }
            out.add(new Result(name, null, t, p, log));
        }
        return out;
    }

    private String okLine(Result r) {
        if (r.compressed() != null) return Summary.line(r.name(), r.compressed()) + "  OK";
        SafeTensor t = r.dense();
        // What the tensor would take compressed in the general nm layout.
        Encoding nm = Encoding.of(Layout.NM, r.pattern(), t.dtype());
        long values = (long) t.dim(0) * (t.dim(1) / r.pattern().m() * r.pattern().n()) * t.dtype().bytes();
        long meta = (long) t.dim(0) * nm.metaCols(t.dim(1));
        return String.format(Locale.ROOT, "%s: %s dense %s [%d, %d]  %,d -> %,d bytes in the nm layout, %.2fx  OK",
                r.name(), r.pattern(), t.dtype().longName(), t.dim(0), t.dim(1), t.byteSize(), values + meta,
                (double) t.byteSize() / (values + meta));
    }

    private void print(List<Result> results) {
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectMapper om = new ObjectMapper();
            ObjectNode root = om.createObjectNode();
            root.put("file", in.toString());
            root.put("ok", results.stream().allMatch(r -> r.log().isClean()));
            ArrayNode arr = root.putArray("tensors");
            for (Result r : results) {
                ObjectNode n = r.compressed() != null ? Summary.json(om, r.name(), r.compressed()) : om.createObjectNode().put("name", r.name());
                if (r.compressed() == null) {
                    n.put("pattern", r.pattern().toString());
                    n.put("layout", "dense");
                }
                n.put("ok", r.log().isClean());
                n.put("defects_total", r.log().total());
                ArrayNode d = n.putArray("defects");
                for (Defect x : r.log().defects()) d.addObject().put("kind", x.kind().name()).put("message", x.message());
                arr.add(n);
            }
            o.println(root.toPrettyString());
        } else {
            for (Result r : results) {
                if (r.log().isClean()) {
                    o.println(okLine(r));
                } else {
                    o.println(r.name() + ": FAILED");
                    for (String line : r.log().report("  ")) o.println(line);
                }
            }
        }
        o.flush();
    }
}
