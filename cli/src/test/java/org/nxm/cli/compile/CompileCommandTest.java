package org.nxm.cli.compile;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.ProgramJson;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TransformerWeights;

class CompileCommandTest {
    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void statsJsonCarriesTheFiguresAndMetadataIsOneSixteenth() throws Exception {
        Path out = dir.resolve("p.json");
        CliRun r = run("compile", "--model", "minilm-l6", "--hw", "a100", "--pattern", "2:4", "--seq", "32", "--out", out.toString(), "--stats", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String k : List.of("ops", "macs", "dense_weight_bytes", "weight_value_bytes", "metadata_bytes", "activation_bytes", "estimated_cycles")) {
            assertTrue(j.has(k), k);
        }
        assertEquals(j.get("dense_weight_bytes").asLong(), 16 * j.get("metadata_bytes").asLong());
        assertEquals(j.get("dense_weight_bytes").asLong(), 2 * j.get("weight_value_bytes").asLong());
        assertEquals(6, j.get("layers").size());
        for (JsonNode l : j.get("layers")) assertEquals(l.get("dense_weight_bytes").asLong(), 16 * l.get("metadata_bytes").asLong());
        Program p = ProgramJson.read(out);
        assertEquals(j.get("ops").asInt(), p.ops().size());
    }

    @Test
    void searchStatsJsonShowTheChosenMappingAndCandidateCounts() throws Exception {
        CliRun r = run("compile", "--gemm", "256,64,512", "--hw", "edge-4", "--pattern", "2:4", "--search", "top-k=3", "--stats", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("top-k=3", j.get("search").asText());
        assertEquals(3, j.get("candidates_simulated").asLong());
        JsonNode m = j.get("mappings").get(0);
        assertTrue(j.get("candidates_costed").asLong() >= 3 && m.get("simulated_cycles").asLong() > 0, r.out());
        assertTrue(m.get("tile").has("bm") && m.has("splits"), r.out());
        CliRun h = run("compile", "--gemm", "256,64,512", "--hw", "edge-4", "--stats");
        assertTrue(h.out().contains("mapping search heuristic") && h.out().contains("simulated"), h.out());
    }

    @Test
    void textStatsPrintTheLayerTable() {
        CliRun r = run("compile", "--gemm", "512,64,1024", "--hw", "edge-16", "--pattern", "1:4", "--stats");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layer") && r.out().contains("meta/W") && r.out().contains("cost model"), r.out());
    }

    private void refused(Path out, String... args) {
        CliRun r = run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out), "no output file");
    }

    @Test
    void badInputIsOneLineExit2AndNoFile() throws Exception {
        Path out = dir.resolve("bad.json");
        refused(out, "compile", "--model", "bert-huge", "--hw", "a100", "--out", out.toString());
        refused(out, "compile", "--model", "bert-base", "--hw", "b200", "--out", out.toString());
        refused(out, "compile", "--model", "bert-base", "--hw", "a100", "--pattern", "1:4", "--out", out.toString());
        refused(out, "compile", "--gemm", "256,64,512", "--hw", "a100", "--search", "top-k=0", "--out", out.toString());
        refused(out, "compile", "--gemm", "256,64,512", "--hw", "a100", "--search", "fastest", "--out", out.toString());
        // a buffer too small for the smallest legal tile
        String yaml = Files.readString(Path.of(writeHw("tiny.yaml")));
        Path tiny = dir.resolve("tiny.yaml");
        Files.writeString(tiny, yaml.replace("capacity_bytes: 167936", "capacity_bytes: 3000"));
        refused(out, "compile", "--model", "minilm-l6", "--hw", tiny.toString(), "--out", out.toString());
        // weight file whose shapes do not match the model
        TransformerWeights w = MiniLm.loadWeights();
        List<SafeTensor> ts = new ArrayList<>();
        for (Map.Entry<String, org.nxm.model.tensor.Tensor> e : w.tensors().entrySet()) {
            int[] shape = e.getValue().shape();
            float[] data = e.getValue().data();
            if (e.getKey().equals("encoder.layer.2.intermediate.dense.weight")) {
                shape = new int[] {shape[0] / 2, shape[1]};
                data = java.util.Arrays.copyOf(data, shape[0] * shape[1]);
            }
            ts.add(SafeTensor.ofFloats(e.getKey(), shape, data, DType.F32));
        }
        Path wf = dir.resolve("w.safetensors");
        SafetensorsWriter.write(wf, ts);
        CliRun r = run("compile", "--model", "minilm-l6", "--weights", wf.toString(), "--hw", "a100", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("encoder.layer.2.intermediate.dense.weight") && r.err().contains("shape"), r.err());
        assertFalse(Files.exists(out));
        // dense weights given for a 2:4 program without --project
        refused(out, "compile", "--model", "bert-base", "--weights", wf.toString(), "--out", out.toString());
    }

    private String writeHw(String name) throws Exception {
        Path p = dir.resolve("src-" + name);
        CliRun r = run("hw", "show", "a100");
        Files.writeString(p, r.out());
        return p.toString();
    }

    @Test
    void prunedLinearWeightsOnlyTakeBiasesAndLayerNormFromThePretrainedModel() throws Exception {
        TransformerWeights w = MiniLm.loadWeights();
        List<SafeTensor> ts = new ArrayList<>();
        for (var e : w.tensors().entrySet()) {
            if (!e.getKey().endsWith("dense.weight") && !e.getKey().matches(".*\\.(query|key|value)\\.weight")) continue;
            float[] d = e.getValue().data().clone();
            int cols = e.getValue().shape()[1];
            for (int r = 0; r < d.length / cols; r++) org.nxm.model.sparsity.NmPattern.TWO_FOUR.projectInPlace(d, r * cols, cols);
            ts.add(SafeTensor.ofFloats(e.getKey(), e.getValue().shape(), d, DType.F32));
        }
        assertEquals(36, ts.size());
        Path wf = dir.resolve("pruned.safetensors");
        SafetensorsWriter.write(wf, ts);
        Path out = dir.resolve("pruned.json");
        CliRun r = run("compile", "--model", "minilm-l6", "--weights", wf.toString(), "--hw", "a100", "--seq", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Program p = ProgramJson.read(out);
        assertEquals(36, p.weights().size());
        assertEquals(6 * (6 + 4), p.parameters().size()); // per layer: 6 biases, 2 LayerNorms x (gamma, beta)
    }

    @Test
    void realWeightsCompileWithTheirTiles() throws Exception {
        TransformerWeights w = MiniLm.loadWeights();
        List<SafeTensor> ts = new ArrayList<>();
        for (var e : w.tensors().entrySet()) ts.add(SafeTensor.ofFloats(e.getKey(), e.getValue().shape(), e.getValue().data(), DType.F32));
        Path wf = dir.resolve("minilm.safetensors");
        SafetensorsWriter.write(wf, ts);
        Path out = dir.resolve("m.json");
        CliRun dense = run("compile", "--model", "minilm-l6", "--weights", wf.toString(), "--hw", "a100", "--seq", "8", "--out", out.toString());
        assertEquals(2, dense.code(), "unpruned weights refused without --project: " + dense.err());
        assertTrue(dense.err().contains("--project"), dense.err());
        CliRun r = run("compile", "--model", "minilm-l6", "--weights", wf.toString(), "--project", "--hw", "a100", "--seq", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("m.weights.safetensors")));
        Program p = ProgramJson.read(out);
        assertTrue(p.hasWeights());
        assertEquals(36, p.weights().size());
    }
}
