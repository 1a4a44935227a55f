package org.nxm.compiler.program;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.validate.ProgramValidator;
import org.nxm.model.io.AtomicOutput;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;

/**
 * The program file: JSON (snake_case keys) plus, when the program carries weights, a side safetensors
 * file {@code <name>.weights.safetensors} with two uint8 tensors per weight, {@code <tensor name>.values}
 * and {@code <tensor name>.metadata}. Reading validates the program ({@link ProgramValidator}); a
 * hand-edited cyclic or over-capacity program is refused with the reason.
 */
public final class ProgramJson {
    public static final String FORMAT = "nxm-program";

    private ProgramJson() {}

    /** The file layout; field order is the order in the file. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProgramFile(String format, int formatVersion, HardwareRef hardware, ModelShape model, String pattern,
                       DType dtype, String layout, long estimatedCycles, List<LayerSummary> layers,
                       List<TensorInfo> tensors, List<GemmInfo> gemms, List<BufferSlot> slots,
                       String weightsFile, List<WeightRef> weights, List<TileOp> ops, List<Edge> edges) {}

    record HardwareRef(String name, String digest, String yaml) {}

    record WeightRef(int tensor, String layout, String values, String metadata) {}

    static ObjectMapper mapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
                .configure(SerializationFeature.INDENT_OUTPUT, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Side-file name for a program file name: prog.json → prog.weights.safetensors. */
    public static Path weightsPath(Path programFile) {
        String name = programFile.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return programFile.resolveSibling(stem + ".weights.safetensors");
    }

    /** Writes the program (and its weights side file when it has weights), atomically. */
    public static void write(Program p, Path file) {
        Path side = p.hasWeights() ? weightsPath(file) : null;
        List<WeightRef> refs = new ArrayList<>();
        if (side != null) {
            List<SafeTensor> blobs = new ArrayList<>();
            for (EncodedWeight w : p.weights().values().stream().sorted(java.util.Comparator.comparingInt(EncodedWeight::tensor)).toList()) {
                String base = p.tensor(w.tensor()).name();
                blobs.add(SafeTensor.of(base + ".values", DType.U8, new int[] {w.values().length}, w.values()));
                String meta = null;
                if (w.metadata().length > 0) {
                    meta = base + ".metadata";
                    blobs.add(SafeTensor.of(meta, DType.U8, new int[] {w.metadata().length}, w.metadata()));
                }
                refs.add(new WeightRef(w.tensor(), w.layout(), base + ".values", meta));
            }
            for (var e : new java.util.TreeMap<>(p.parameters()).entrySet()) {
                String name = p.tensor(e.getKey()).name();
                blobs.add(SafeTensor.ofFloats(name, new int[] {e.getValue().length}, e.getValue(), DType.F32));
                refs.add(new WeightRef(e.getKey(), "f32", name, null));
            }
            SafetensorsWriter.write(side, blobs, Map.of("format", "nxm-program-weights"));
        }
        ProgramFile f = new ProgramFile(FORMAT, p.formatVersion(),
                new HardwareRef(p.hardwareName(), p.hardwareDigest(), p.hardwareYaml()), p.model(), p.pattern(),
                p.dtype(), p.layout(), p.estimatedCycles(), p.layers(), p.tensors(), p.gemms(), p.slots(),
                side == null ? null : side.getFileName().toString(), refs, p.ops(), p.edges());
        ObjectMapper m = mapper();
        AtomicOutput.write(file, out -> m.writeValue(new NonClosing(out), f));
    }

    /** Reads and validates a program file (and its weights side file, if it names one). */
    public static Program read(Path file) {
        ProgramFile f;
        org.nxm.model.io.InputFiles.requireRegular(file, "program file");
        try (InputStream in = Files.newInputStream(file)) {
            f = mapper().readValue(in, ProgramFile.class);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": program file not found");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InputException(file + ": not a valid program file" + where + " ("
                    + InputException.quote(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            return fromFile(f, file);
        } catch (InputException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new InputException(file + ": " + e.getMessage(), e);
        }
    }

    private static Program fromFile(ProgramFile f, Path file) {
        if (!FORMAT.equals(f.format())) throw new InputException("field 'format': expected \"" + FORMAT + "\", got " + f.format());
        if (f.formatVersion() != Program.FORMAT_VERSION) {
            throw new InputException("field 'format_version': expected " + Program.FORMAT_VERSION + ", got " + f.formatVersion());
        }
        if (f.hardware() == null || f.hardware().yaml() == null) throw new InputException("field 'hardware.yaml': missing");
        for (String[] req : new String[][] {{"model", String.valueOf(f.model())}, {"tensors", String.valueOf(f.tensors())},
                {"gemms", String.valueOf(f.gemms())}, {"slots", String.valueOf(f.slots())}, {"ops", String.valueOf(f.ops())},
                {"edges", String.valueOf(f.edges())}, {"layers", String.valueOf(f.layers())}}) {
            if ("null".equals(req[1])) throw new InputException("field '" + req[0] + "': missing");
        }
        ProgramFileCheck.check(f);
        HardwareConfig hw = HardwareConfig.parse(f.hardware().yaml(), "field 'hardware.yaml'");
        if (!hw.digest().equals(f.hardware().digest())) {
            throw new InputException("field 'hardware.digest': does not match the embedded hardware YAML (edited by hand?)");
        }
        Map<Integer, EncodedWeight> weights = new HashMap<>();
        Map<Integer, float[]> parameters = new HashMap<>();
        if (f.weightsFile() != null) {
            Path side = file.resolveSibling(org.nxm.model.io.InputFiles.path(f.weightsFile(), file.toString(), "weights_file"));
            SafetensorsFile st = SafetensorsFile.open(side);
            for (WeightRef r : f.weights()) {
                if (r.tensor() < 0 || r.tensor() >= f.tensors().size()) {
                    throw new InputException("field 'weights': tensor " + r.tensor() + " does not exist");
                }
                if ("f32".equals(r.layout())) {
                    parameters.put(r.tensor(), st.get(r.values()).toFloatArray());
                    continue;
                }
                byte[] values = st.get(r.values()).bytes();
                byte[] meta = r.metadata() == null ? new byte[0] : st.get(r.metadata()).bytes();
                weights.put(r.tensor(), new EncodedWeight(r.tensor(), r.layout(), values, meta));
            }
        }
        TileGraph graph = new TileGraph(f.ops(), f.edges());
        Program p = new Program(f.formatVersion(), f.hardware().name(), f.hardware().digest(), f.hardware().yaml(),
                f.model(), f.pattern(), f.dtype(), f.layout(), f.tensors(), f.gemms(), f.slots(), graph, f.layers(),
                f.estimatedCycles(), weights, parameters);
        ProgramValidator.validate(p, hw);
        org.nxm.compiler.validate.WeightTileCheck.check(p, hw, null);
        return p;
    }

    /** Jackson closes the stream it writes to; AtomicOutput must close (and move) it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) { super(out); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override
        public void close() throws IOException { out.flush(); }
    }

    /** For {@code --stats --json}: a JSON string of an arbitrary map, snake_case. */
    public static String toJson(Object value) {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> orderedMap() { return new LinkedHashMap<>(); }
}
