package org.nxm.compiler.program;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.interp.ReferenceInterpreter;
import org.nxm.compiler.lower.Lowering;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.Float16;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;

class ProgramJsonTest {
    @TempDir Path dir;

    static Program small(boolean withWeights) {
        SplittableRandom r = new SplittableRandom(3);
        float[] w = new float[96 * 128];
        for (int i = 0; i < w.length; i++) w[i] = Float16.toFloat(Float16.fromFloat((float) r.nextGaussian()));
        for (int i = 0; i < 96; i++) NmPattern.TWO_FOUR.projectInPlace(w, i * 128, 128);
        Matrix wm = new Matrix(96, 128, w);
        return Compiler.compile(new Compiler.Request(Lowering.singleGemm(96, 40, 128), HardwareConfig.preset("a100"),
                NmPattern.TWO_FOUR, withWeights ? n -> wm : null, withWeights ? n -> new float[0] : null)).program();
    }

    @Test
    void roundTripKeepsEverythingAndTheWeights() {
        Program p = small(true);
        Path f = dir.resolve("prog.json");
        ProgramJson.write(p, f);
        assertTrue(Files.exists(dir.resolve("prog.weights.safetensors")));
        Program q = ProgramJson.read(f);
        assertEquals(p.ops(), q.ops());
        assertEquals(p.edges(), q.edges());
        assertEquals(p.tensors(), q.tensors());
        assertEquals(p.gemms(), q.gemms());
        assertEquals(p.slots(), q.slots());
        assertEquals(p.layers(), q.layers());
        assertEquals(p.model(), q.model());
        assertEquals(p.hardwareDigest(), q.hardwareDigest());
        assertEquals(p.weights().keySet(), q.weights().keySet());
        for (int t : p.weights().keySet()) {
            assertArrayEquals(p.weights().get(t).values(), q.weights().get(t).values());
            assertArrayEquals(p.weights().get(t).metadata(), q.weights().get(t).metadata());
        }
        // the program read back still computes the same thing
        float[] x = new float[40 * 128];
        Arrays.fill(x, 0.5f);
        int in = 0;
        assertEquals(TensorKind.INPUT, p.tensor(in).kind());
        int out = p.tensors().stream().filter(t -> t.kind() == TensorKind.OUTPUT).findFirst().orElseThrow().id();
        assertArrayEquals(ReferenceInterpreter.run(p, Map.of(in, x)).get(out), ReferenceInterpreter.run(q, Map.of(in, x)).get(out));
    }

    /** p as its file holds it. */
    private String written(Program p) throws Exception {
        Path f = dir.resolve("p.json");
        ProgramJson.write(p, f);
        return Files.readString(f);
    }

    private String refused(String json) throws Exception {
        Path f = dir.resolve("edited.json");
        Files.writeString(f, json);
        return assertThrows(InputException.class, () -> ProgramJson.read(f)).getMessage();
    }

    @Test
    void handEditedCyclicProgramIsRefused() throws Exception {
        Program p = small(false);
        String json = written(p);
        Edge e = p.edges().get(p.edges().size() / 2);
        String edge = "[" + e.from() + "," + e.to() + ",\"" + e.kind() + "\"]";
        assertTrue(json.contains(edge));
        String back = "[" + e.to() + "," + e.from() + ",\"DATA\"]";
        String msg = refused(json.replace(edge, edge + "," + back));
        assertTrue(msg.contains("cycle"), msg);
        assertFalse(msg.contains("\n"));
    }

    @Test
    void handEditedOverCapacityProgramIsRefused() throws Exception {
        Program p = small(false);
        String json = written(p);
        BufferSlot s = p.slots().get(0);
        String slot = "{\"id\":0,\"level\":\"" + s.level() + "\",\"offset\":" + s.offset() + ",\"bytes\":" + s.bytes();
        assertTrue(json.contains(slot), json.substring(json.indexOf("\"slots\""), json.indexOf("\"slots\"") + 200));
        String msg = refused(json.replace(slot, "{\"id\":0,\"level\":\"" + s.level() + "\",\"offset\":" + (200_000 + s.offset()) + ",\"bytes\":" + s.bytes()));
        assertTrue(msg.contains("capacity"), msg);
    }

    @Test
    void removingADependencyIsRefused() throws Exception {
        Program p = small(false);
        String json = written(p);
        Edge e = p.edges().stream().filter(x -> x.kind() == EdgeKind.DATA).findFirst().orElseThrow();
        String edge = "[" + e.from() + "," + e.to() + ",\"DATA\"],";
        assertTrue(json.contains(edge));
        String msg = refused(json.replace(edge, ""));
        assertTrue(msg.contains("op " + e.to()), msg);
    }

    @Test
    void aStorageTypeThatNoTargetComputesInIsRefused() throws Exception {
        Program p = small(false);
        String json = written(p);
        String tensor = "\"dtype\":\"" + p.dtype().shortName() + "\"";
        int at = json.indexOf("\"tensors\"");
        int first = json.indexOf(tensor, at);
        assertTrue(first > 0, json.substring(at, at + 200));
        String msg = refused(json.substring(0, first) + "\"dtype\":\"int32\"" + json.substring(first + tensor.length()));
        assertTrue(msg.contains("tensors[0].dtype") && msg.contains("int32") && msg.contains("expected fp16, bf16, int8 or fp32"), msg);
    }

    @Test
    void garbageIsOneLine() throws Exception {
        String msg = refused("{\"format\": \"nxm-program\", \"ops\": [");
        assertTrue(msg.contains("edited.json") && !msg.contains("\n"), msg);
    }
}
