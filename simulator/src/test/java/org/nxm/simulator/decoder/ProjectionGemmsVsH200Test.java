package org.nxm.simulator.decoder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.simulator.TensorCoreRun;

/**
 * Llama-3-8B prefill at 2,048 tokens: the 2:4 speedups of its projection GEMMs on {@code h100}
 * (sparse against the compiler's own dense program) lie within the band measured on a real H200 for
 * the same shapes (cuSPARSELt against cuBLAS, CUDA-graph replay, weights streamed from HBM:
 * {@code bench/device/h200-results.json}).
 */
class ProjectionGemmsVsH200Test {
    static final Path RESULTS = Path.of("..", "bench", "device", "h200-results.json");

    @Test
    void projectionSpeedupsSitInTheMeasuredBand() throws Exception {
        assertTrue(Files.isRegularFile(RESULTS), RESULTS.toAbsolutePath() + " missing");
        DecoderConfig llama = DecoderConfig.preset("llama-3-8b");
        int t = 2048;
        // Measured shapes that are Llama-3-8B projections: K = hidden (4096) into N = 4096 (q, o) or 14336 (gate, up).
        List<Double> measured = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (JsonNode s : new ObjectMapper().readTree(RESULTS.toFile()).get("shapes")) {
            int tok = s.get("T").asInt(), k = s.get("K").asInt(), n = s.get("N").asInt();
            boolean projection = k == llama.hidden() && (n == llama.hidden() || n == llama.intermediate());
            if (tok != t || !projection) continue;
            double dense = s.get("variants").get("dense").get("graph_rot").get("median_us").asDouble();
            double sparse = s.get("variants").get("cusparselt").get("graph_rot").get("median_us").asDouble();
            measured.add(dense / sparse);
            shapes.add(new int[] {n, t, k});
        }
        assertFalse(measured.isEmpty());
        double lo = measured.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = measured.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        HardwareConfig h100 = HardwareConfig.preset("h100");
        for (int[] s : shapes) {
            Program sparse = Compiler.compile(new Compiler.Request(Lowering.singleGemm(s[0], s[1], s[2]), h100, NmPattern.TWO_FOUR, null, null)).program();
            Program dense = Compiler.compile(new Compiler.Request(Lowering.singleGemm(s[0], s[1], s[2]), h100, null, null, null)).program();
            double speedup = (double) new TensorCoreRun(h100).run(dense, "dense").cycles() / new TensorCoreRun(h100).run(sparse, "2:4").cycles();
            assertTrue(speedup >= lo && speedup <= hi, String.format("N=%d T=%d K=%d: simulated %.3f outside measured [%.3f, %.3f]",
                    s[0], s[1], s[2], speedup, lo, hi));
        }
    }
}
