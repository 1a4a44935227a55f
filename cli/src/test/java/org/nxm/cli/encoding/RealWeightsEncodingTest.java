package org.nxm.cli.encoding;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.tensor.Matrix;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TransformerWeights;

/** encode → verify → decode on the 36 real Linear weights of all-MiniLM-L6-v2. */
class RealWeightsEncodingTest {
    @TempDir Path dir;

    @Test
    void miniLmLinearWeightsRoundTripThroughTheCutlassLayout() {
        TransformerWeights w = MiniLm.loadWeights();
        List<SafeTensor> tensors = new ArrayList<>();
        List<String> linear = new ArrayList<>();
        for (LinearSpec s : w.config().linears()) {
            tensors.add(SafeTensor.of(s.name() + ".weight", w.linearWeight(s), DType.F32));
            tensors.add(SafeTensor.ofFloats(s.name() + ".bias", new int[] {s.out()}, w.linearBias(s), DType.F32));
            linear.add(s.name() + ".weight");
        }
        assertEquals(36, linear.size());
        Path dense = dir.resolve("minilm.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("nxm.pruned", String.join(",", linear)); // as a pruned file lists its N:M tensors
        SafetensorsWriter.write(dense, tensors, meta);

        Path enc = dir.resolve("minilm.2of4.safetensors");
        CliRun r = CliRun.of("encode", dense.toString(), "--pattern", "2:4", "--layout", "cutlass",
                "--prune", "magnitude", "--dtype", "float16", "--out", enc.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("encoder.layer.0.intermediate.dense.weight: 2:4 cutlass float16 [1536, 384]  1,179,648 -> 663,552 bytes"), r.out());

        CliRun v = CliRun.of("verify", enc.toString());
        assertEquals(0, v.code(), v.out() + v.err());
        assertEquals(36, v.out().lines().filter(l -> l.endsWith("OK")).count());

        Path dec = dir.resolve("minilm.decoded.safetensors");
        assertEquals(0, CliRun.of("decode", enc.toString(), "--out", dec.toString()).code());
        SafetensorsFile d = SafetensorsFile.open(dec);
        for (LinearSpec s : w.config().linears()) {
            Matrix m = w.linearWeight(s).copy();
            for (int row = 0; row < m.rows(); row++) NmPattern.TWO_FOUR.projectInPlace(m.data(), row * m.cols(), m.cols());
            SafeTensor expected = SafeTensor.of("x", m, DType.F16);
            assertArrayEquals(expected.bytes(), d.get(s.name() + ".weight").bytes(), s.name());
        }
        // The decoded file is a dense 2:4 file; verify it against itself through --against as well.
        CliRun vd = CliRun.of("verify", dec.toString(), "--against", dec.toString());
        assertEquals(0, vd.code(), vd.out() + vd.err());
    }
}
