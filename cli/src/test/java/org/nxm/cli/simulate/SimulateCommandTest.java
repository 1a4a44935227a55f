package org.nxm.cli.simulate;

import org.nxm.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Issue 14: --functional runs the compiled program's tile ops; the same program is timed and executed. */
    @Test
    void functionalJsonCarriesTheCompiledProgramsError() throws Exception {
        CliRun r = run("simulate", "--hw", "a100", "--model", "minilm-l6", "--pattern", "2:4", "--seq", "32", "--functional",
                "--check-ops", "400", "--json");
        assertEquals(0, r.code(), r.err());
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        double err = j.get("functional_max_rel_error").asDouble();
        assertTrue(err > 0 && err <= 1e-5, r.out());
        assertEquals(32, j.get("functional").get("token_rows").asInt());
        var ops = j.get("check_ops");
        assertEquals(400, ops.get("checked").asInt(), r.out());
        assertTrue(ops.get("passed").asBoolean(), r.out());
        assertTrue(ops.get("first_divergent_op").isNull(), r.out());
        assertTrue(ops.get("largest_relative_error").asDouble() < 1e-4, r.out());
        // Timing does not depend on the weight values: the shapes-only program of the same model times the same.
        CliRun shapes = run("simulate", "--hw", "a100", "--model", "minilm-l6", "--pattern", "2:4", "--seq", "32", "--json");
        var s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(shapes.out());
        assertEquals(s.get("cycles").asLong(), j.get("cycles").asLong());
    }

    @Test
    void checkOpsWithoutFunctionalIsAUserError() {
        CliRun r = run("simulate", "--hw", "a100", "--model", "minilm-l6", "--pattern", "2:4", "--check-ops", "10");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--check-ops: only used with --functional"), r.err());
    }

    @Test
    void missingProgramFileIsOneLineExit2(@TempDir Path dir) {
        CliRun r = run("simulate", "--hw", "a100", "--program", dir.resolve("nope.json").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("nope.json"), r.err());
    }

    @Test
    void invalidHardwareConfigIsOneLineExit2(@TempDir Path dir) throws Exception {
        Path hw = dir.resolve("bad.yaml");
        Files.writeString(hw, "name: bad\ntemplate: tensor-core\ncores: 0\n");
        CliRun r = run("simulate", "--hw", hw.toString(), "--program", dir.resolve("p.json").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad.yaml"), r.err());
    }

    /** Issue 14: a systolic program compiles, and simulate runs it from the file alone (its target comes with it). */
    @Test
    void systolicModelCompilesAndSimulates(@TempDir Path dir) throws Exception {
        Path prog = dir.resolve("p.json");
        CliRun c = run("compile", "--hw", "systolic-32x32-os", "--model", "minilm-l6", "--pattern", "dense", "--out", prog.toString());
        assertEquals(0, c.code(), c.err());
        CliRun r = run("simulate", "--program", prog.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("systolic-32x32-os", j.get("hardware").asText());
        assertEquals("dense", j.get("pattern").asText());
        assertTrue(j.get("cycles").asLong() > 0);
        // One systolic "op" is one GEMM: minilm-l6 has 6 layers × (6 Linear + 2 × 12 attention-head GEMMs).
        assertEquals(6L * 30, j.get("ops").asLong(), r.out());
        assertEquals(6, j.get("layers").size());
        double u = j.get("utilization").asDouble();
        assertTrue(u > 0 && u <= 1, "utilization " + u);
    }

    /**
     * Issue 14: a one-GEMM program compiled for the systolic array takes exactly the cycles nxm scalesim
     * counts for the same GEMM on the same array. nxm's GEMM C[M×N] = W[M×K]·Xᵀ is SCALE-Sim's
     * IFMAP[N×K]·FILTER[K×M] (the weight is the FILTER), so the topology row is N,M,K.
     */
    @Test
    void oneGemmProgramTakesScaleSimsCycles(@TempDir Path dir) throws Exception {
        var om = new com.fasterxml.jackson.databind.ObjectMapper();
        Path topo = dir.resolve("gemm.csv");
        Files.writeString(topo, "Layer,M,N,K,\ngemm,100,70,256,\n");
        for (String pattern : new String[] {"dense", "2:4"}) {
            Path prog = dir.resolve("g" + pattern.replace(':', '-') + ".json");
            CliRun c = run("compile", "--hw", "systolic-32x32-os", "--gemm", "70,100,256", "--pattern", pattern, "--out", prog.toString());
            assertEquals(0, c.code(), c.err());
            CliRun sim = run("simulate", "--program", prog.toString(), "--json");
            assertEquals(0, sim.code(), sim.err());
            long simulated = om.readTree(sim.out()).get("cycles").asLong();
            String[] sparse = "dense".equals(pattern) ? new String[0] : new String[] {"--pattern", pattern};
            CliRun nat = run(concat(new String[] {"scalesim", "--hw", "systolic-32x32-os", "-t", topo.toString(), "--native", "--json",
                    "-p", dir.resolve("n" + pattern.replace(':', '-')).toString()}, sparse));
            assertEquals(0, nat.code(), nat.err());
            CliRun ss = run(concat(new String[] {"scalesim", "--hw", "systolic-32x32-os", "-t", topo.toString(), "--json",
                    "-p", dir.resolve("s" + pattern.replace(':', '-')).toString()}, sparse));
            assertEquals(0, ss.code(), ss.err());
            assertEquals(om.readTree(nat.out()).get("total_cycles").asLong(), simulated, pattern);
            // SCALE-Sim's Total Cycles is the index of the last cycle: one less than the cycles run.
            assertEquals(om.readTree(ss.out()).get("total_cycles").asLong() + 1, simulated, pattern);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void h200GemmJsonCarriesOwnDenseClockAndKernelFixedCosts() throws Exception {
        CliRun r = run("simulate", "--hw", "h200", "--gemm", "256,128,512", "--pattern", "2:4", "--json");
        assertEquals(0, r.code(), r.err());
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(1.98, j.get("clock_ghz").asDouble(), 1e-12);
        assertEquals(5940, j.get("kernel_fixed_cycles").asLong(), "one GEMM kernel: the h200 launch cost");
        assertEquals(j.get("compiled_dense_cycles").asLong(), j.get("dense_own_cycles").asLong());
        assertTrue(j.get("dense_own_cycles").asLong() > 5940 && j.get("cycles").asLong() > 5940, r.out());
        assertEquals("top-k=8", j.get("search").asText(), "one GEMM: searched by default");
        assertTrue(j.get("candidates_simulated").asLong() > 1, r.out());
        CliRun quick = run("simulate", "--hw", "h200", "--gemm", "256,128,512", "--pattern", "2:4", "--search", "heuristic", "--json");
        var q = new com.fasterxml.jackson.databind.ObjectMapper().readTree(quick.out());
        assertEquals(0, q.get("candidates_simulated").asLong(), quick.out());
        assertTrue(j.get("dense_own_cycles").asLong() <= q.get("dense_own_cycles").asLong(),
                "the search keeps the heuristic's pick among what it simulates, so it is never slower");
        CliRun h = run("simulate", "--hw", "h200", "--gemm", "256,128,512", "--pattern", "2:4");
        assertTrue(h.out().contains("kernel fixed costs   5,940"), h.out());
    }

    @Test
    void gemmOnEdgeGivesJsonWithTheRequiredFields() throws Exception {
        CliRun r = run("simulate", "--hw", "edge-4", "--gemm", "64,64,256", "--pattern", "2:4", "--json");
        assertEquals(0, r.code(), r.err());
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        for (String f : new String[] {"cycles", "dense_cycles", "speedup", "utilization", "dram_bytes", "sim_wall_ms", "estimated_cycles"}) {
            assertTrue(j.has(f) && !j.get(f).isNull(), "missing " + f + " in " + r.out());
        }
        assertTrue(j.get("speedup").asDouble() > 1.0 && j.get("speedup").asDouble() <= 2.0, r.out());
        assertEquals((long) j.get("cycles").asLong() * 4, j.get("stalls").get("compute_cycles").asLong()
                + j.get("stalls").get("memory_stall_cycles").asLong() + j.get("stalls").get("dependency_stall_cycles").asLong());
    }

    @Test
    void modelTableShowsCostModelAndDenseTwin() {
        CliRun r = run("simulate", "--hw", "edge-4", "--model", "minilm-l6", "--batch", "1", "--seq", "16", "--pattern", "1:4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cost-model estimate"), r.out());
        assertTrue(r.out().contains("dense, same schedule"), r.out());
        assertTrue(r.out().contains("layer5"), r.out());
    }

    @Test
    void unsupportedPatternFallsBackToDenseWithAWarning() {
        CliRun r = run("simulate", "--hw", "a100", "--gemm", "128,128,256", "--pattern", "1:4", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning") && r.err().contains("1:4"), r.err());
        assertTrue(r.out().contains("\"speedup\" : 1.0"), r.out());
    }

    @Test
    void traceSummaryAgreesWithTheReport(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("g.nxmt");
        CliRun r = run("simulate", "--hw", "edge-4", "--gemm", "64,48,256", "--pattern", "2:4", "--trace", t.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        CliRun s = run("trace", "summary", t.toString(), "--json");
        assertEquals(0, s.code(), s.err());
        var sj = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s.out());
        assertEquals(j.get("cycles").asLong(), sj.get("cycles").asLong());
        assertEquals(j.get("macs").asLong(), sj.get("macs").asLong());
        assertEquals(j.get("dram_bytes").asLong(), sj.get("dram_bytes").asLong());
    }

    @Test
    void missingWeightsFileInFunctionalModeIsOneLineExit2(@TempDir Path dir) {
        CliRun r = run("simulate", "--hw", "a100", "--model", "minilm-l6", "--pattern", "2:4", "--functional",
                "--weights", dir.resolve("W.safetensors").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("W.safetensors"), r.err());
    }

    @Test
    void programForAnotherHardwareIsOneLineExit2(@TempDir Path dir) {
        Path p = dir.resolve("p.json");
        CliRun c = run("compile", "--model", "minilm-l6", "--hw", "edge-4", "--pattern", "2:4", "--batch", "1", "--seq", "16", "--out", p.toString());
        assertEquals(0, c.code(), c.err());
        CliRun r = run("simulate", "--hw", "edge-16", "--program", p.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("edge-4"), r.err());
        CliRun ok = run("simulate", "--hw", "edge-4", "--program", p.toString(), "--json");
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void helpHasAnExample() {
        CliRun r = run("simulate", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Example:"));
    }
}
