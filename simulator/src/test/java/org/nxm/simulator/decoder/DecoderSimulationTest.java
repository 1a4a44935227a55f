package org.nxm.simulator.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.model.transformer.DecoderYaml;

/** Block aggregation against the full chain, on small decoders. */
class DecoderSimulationTest {
    static final DecoderConfig TINY = DecoderYaml.parse("name: tiny\nlayers: 6\nhidden: 256\nheads: 8\nn_kv_heads: 2\n"
            + "intermediate: 768\nvocab: 2048\nmax_context: 1024\n", "tiny.yaml", "tiny");

    /** @param expectAggregated whether aggregation must engage, or null when the check may go either way */
    private static void assertSameAsFullChain(HardwareConfig hw, DecoderWorkload w, NmPattern p, Boolean expectAggregated) {
        PassResult agg = new DecoderSimulation(hw, true).run(w, p);
        PassResult full = new DecoderSimulation(hw, false).run(w, p);
        if (expectAggregated != null) assertEquals(expectAggregated, agg.aggregated(), w.label() + " on " + hw.name());
        assertEquals(full.blocksSimulated(), w.config().layers());
        assertEquals(full.cycles(), agg.cycles(), w.label() + " " + p + " on " + hw.name());
        assertEquals(full.dramBytes(), agg.dramBytes());
        assertEquals(full.sharedBytes(), agg.sharedBytes());
        assertEquals(full.l2Bytes(), agg.l2Bytes());
        assertEquals(full.macs(), agg.macs());
        assertEquals(full.denseMacs(), agg.denseMacs());
    }

    @Test
    void aggregatedBlocksGiveTheFullChainsCyclesExactly() {
        HardwareConfig edge = HardwareConfig.preset("edge-16");
        assertSameAsFullChain(edge, DecoderWorkload.decode(TINY, 4, 128), NmPattern.TWO_FOUR, true);
        assertSameAsFullChain(edge, DecoderWorkload.prefill(TINY, 1, 64), null, true);
        // With an L2 (a100: 40 MiB, larger than a whole tiny block): the check decides, the total is exact either way.
        assertSameAsFullChain(HardwareConfig.preset("a100"), DecoderWorkload.decode(TINY, 2, 64), NmPattern.TWO_FOUR, null);
    }

    @Test
    void blocksRunOneAfterAnotherAndTheHeadLast() {
        HardwareConfig edge = HardwareConfig.preset("edge-16");
        PassResult r = new DecoderSimulation(edge, false).run(DecoderWorkload.decode(TINY, 2, 32), null);
        assertEquals(r.cycles(), r.firstBlockCycles() + (TINY.layers() - 1) * r.blockCycles() + r.headCycles());
        // Every block reads its weights once from DRAM: the DRAM traffic covers them. (This tiny model's KV cache,
        // 48 KiB, lives in edge-16's L2, so its reads need not reach DRAM.)
        assertTrue(r.dramBytes() >= r.weightBytes(), r.dramBytes() + " < " + r.weightBytes());
    }
}
