package org.nxm.simulator.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.KernelCosts;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.compiler.mapping.Mapper;
import org.nxm.compiler.mapping.Search;
import org.nxm.simulator.mapping.SimulatedGemm;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.DecoderConfig;
import org.nxm.model.transformer.DecoderYaml;

/** Block aggregation against the full chain, on small decoders. */
class DecoderSimulationTest {
    static final DecoderConfig TINY = DecoderYaml.parse("name: tiny\nlayers: 6\nhidden: 256\nheads: 8\nn_kv_heads: 2\n"
            + "intermediate: 768\nvocab: 2048\nmax_context: 1024\n", "tiny.yaml", "tiny");
    /** The same blocks, 12 of them: an L2 that holds two blocks reaches its steady state within the probed blocks. */
    static final DecoderConfig TINY12 = DecoderYaml.parse("name: tiny12\nlayers: 12\nhidden: 256\nheads: 8\nn_kv_heads: 2\n"
            + "intermediate: 768\nvocab: 2048\nmax_context: 1024\n", "tiny12.yaml", "tiny12");

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
        assertEquals(full.stalls(), agg.stalls(), "stall breakdown, " + w.label() + " " + p + " on " + hw.name());
        assertEquals(full.kernelFixedCycles(), agg.kernelFixedCycles());
        // The breakdown covers every core over the scheduled cycles (the fixed costs are outside the schedule).
        assertEquals((long) hw.cores() * (agg.cycles() - agg.kernelFixedCycles()), agg.stalls().total());
    }

    /** The hardware with these kernel fixed costs. */
    static HardwareConfig withKernel(HardwareConfig h, KernelCosts k) {
        return new HardwareConfig(h.name(), h.description(), h.template(), h.clockHz(), h.cores(), h.tensorCoresPerCore(), h.dtype(), h.mma(),
                h.sparsePatterns(), h.metadataBytesPerCycle(), h.operandBufferBytes(), h.shared(), h.l2(), h.dram(),
                h.vectorElementsPerCycle(), h.systolic(), h.energy(), h.area(), k);
    }

    @Test
    void aggregatedBlocksGiveTheFullChainsCyclesExactly() {
        HardwareConfig edge = HardwareConfig.preset("edge-16");
        // edge-16's 2 MiB L2 holds about three tiny blocks (int8): the steady state comes after a few blocks.
        assertSameAsFullChain(edge, DecoderWorkload.decode(TINY12, 4, 128), NmPattern.TWO_FOUR, true);
        assertSameAsFullChain(edge, DecoderWorkload.prefill(TINY12, 1, 64), null, true);
        // a100: 40 MiB, all six blocks fit: no steady state, every block simulated, the total exact either way.
        assertSameAsFullChain(HardwareConfig.preset("a100"), DecoderWorkload.decode(TINY, 2, 64), NmPattern.TWO_FOUR, null);
    }

    @Test
    void aggregationIsExactWithAnL2ThatHoldsPartOfABlock() {
        // 256 KiB of L2 on edge-16: less than a block's weights (0.75 MB dense int8), more than a decode step's activations.
        HardwareConfig edge = HardwareConfig.preset("edge-16");
        HardwareConfig small = new HardwareConfig(edge.name(), edge.description(), edge.template(), edge.clockHz(), edge.cores(),
                edge.tensorCoresPerCore(), edge.dtype(), edge.mma(), edge.sparsePatterns(), edge.metadataBytesPerCycle(),
                edge.operandBufferBytes(), edge.shared(), new HardwareConfig.Cache(1L << 18, edge.dram().bytesPerCycle() * 4),
                edge.dram(), edge.vectorElementsPerCycle(), edge.systolic(), edge.energy(), edge.area(), edge.kernel());
        assertSameAsFullChain(small, DecoderWorkload.decode(TINY, 4, 128), null, true);
        assertSameAsFullChain(small, DecoderWorkload.prefill(TINY, 2, 96), NmPattern.TWO_FOUR, true);
    }

    @Test
    void kernelFixedCostsArePaidOncePerKernelOfEveryBlockAndTheHead() {
        HardwareConfig edge = HardwareConfig.preset("edge-16");
        KernelCosts k = new KernelCosts(1000, 30, 20, 0);
        DecoderWorkload w = DecoderWorkload.decode(TINY, 4, 128);
        PassResult without = new DecoderSimulation(edge).run(w, NmPattern.TWO_FOUR);
        PassResult with = new DecoderSimulation(withKernel(edge, k)).run(w, NmPattern.TWO_FOUR);
        // A block launches 7 Linears and one grid each for the attention scores and contexts over the
        // (sequence, head) pairs; the head launches the LM head: (6 × 9 + 1) kernels of 1,050 cycles.
        long expected = (TINY.layers() * 9L + 1) * 1050;
        assertEquals(0, without.kernelFixedCycles());
        assertEquals(expected, with.kernelFixedCycles());
        assertEquals(without.cycles() + expected, with.cycles());
        assertEquals(without.stalls(), with.stalls(), "the fixed costs sit outside the schedule");
        assertSameAsFullChain(withKernel(edge, k), DecoderWorkload.prefill(TINY12, 1, 64), NmPattern.TWO_FOUR, true);
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

    @Test
    void mappedPassesAggregateExactlyAndSearchEachShapeOnce() {
        HardwareConfig edge = HardwareConfig.preset("edge-16");
        DecoderWorkload w = DecoderWorkload.decode(TINY12, 4, 128);
        Mapper mapper = new Mapper(Search.parse("top-k=2"), new SimulatedGemm());
        PassResult agg = new DecoderSimulation(edge, true, mapper).run(w, NmPattern.TWO_FOUR);
        assertTrue(mapper.choices().stream().anyMatch(c -> c.simulated() > 0), "the first pass searches");
        mapper.clearChoices();
        PassResult full = new DecoderSimulation(edge, false, mapper).run(w, NmPattern.TWO_FOUR);
        // The second pass compiles the same shapes: every mapping comes from the cache, nothing is simulated again.
        assertTrue(mapper.choices().stream().allMatch(c -> c.cached() && c.simulated() == 0), "mappings cached by shape");
        assertEquals(full.cycles(), agg.cycles(), "aggregation stays exact with the mapper's programs");
        assertEquals(full.dramBytes(), agg.dramBytes());
        assertEquals(full.stalls(), agg.stalls());
        assertTrue(agg.dramBytes() >= agg.weightBytes(), agg.dramBytes() + " < " + agg.weightBytes());
    }
}
