package org.nxm.simulator.decoder;

import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.decoder.DecoderLowering;
import org.nxm.compiler.lower.decoder.DecoderWorkload;
import org.nxm.compiler.lower.decoder.Phase;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorInfo;
import org.nxm.compiler.program.TensorKind;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.report.LayerStats;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.tensorcore.HardwareParams;
import org.nxm.simulator.tensorcore.ProgramAdapter;
import org.nxm.simulator.tensorcore.TcProgram;
import org.nxm.simulator.tensorcore.TensorCoreSimulator;

/**
 * Times one pass (prefill or decode step) of a decoder on the tensor-core template, cycle by cycle.
 *
 * <p>The pass is the model's blocks and then its head, chained as kernels ({@link LayerChain}). Every
 * block compiles to the same program, so one block is compiled and the chain repeats it. Aggregation:
 * with a barrier between pieces, a block's cycles depend on nothing before it but the L2 contents it
 * starts with. The chain is simulated with three blocks; when the second and third agree exactly (same
 * cycles, same DRAM bytes, same MACs: their L2 start states behaved the same), the remaining blocks are
 * those same cycles again, and the total is first + (L − 1) × second + head. When they do not agree
 * (an L2 large enough to carry a whole block's data across), every block is simulated.
 * {@code DecoderSimulationTest} checks the aggregated total against the full chain exactly.
 */
public final class DecoderSimulation {
    /** Blocks simulated before extrapolating: the first (cold L2), then two to compare. */
    static final int SIMULATED_BLOCKS = 3;

    private final HardwareConfig hw;
    private final boolean aggregate;

    public DecoderSimulation(HardwareConfig hw) { this(hw, true); }

    /** @param aggregate false simulates every block (the reference the aggregated run is tested against) */
    public DecoderSimulation(HardwareConfig hw, boolean aggregate) {
        this.hw = hw;
        this.aggregate = aggregate;
    }

    /**
     * One pass with its weights N:M ({@code pattern}; null = dense): every block of the model, then the head.
     */
    public PassResult run(DecoderWorkload w, NmPattern pattern) {
        long t0 = System.nanoTime();
        Program block = compile(DecoderLowering.block(w, 0), pattern);
        Program head = compile(DecoderLowering.head(w), pattern);
        long t1 = System.nanoTime();
        int layers = w.config().layers();
        int simulated = aggregate ? Math.min(layers, SIMULATED_BLOCKS) : layers;
        Chain c = simulate(block, head, simulated, pattern);
        boolean aggregated = simulated < layers && c.agrees(1, 2);
        if (simulated < layers && !aggregated) {
            simulated = layers;
            c = simulate(block, head, layers, pattern);
        }
        long t2 = System.nanoTime();
        long cycles = 0, dram = 0, macs = 0;
        for (int i = 0; i < c.cycles.length; i++) {
            cycles += c.cycles[i];
            dram += c.dram[i];
            macs += c.macs[i];
        }
        int extra = layers - simulated;   // > 0 only when aggregated: then blocks 1 and 2 agree and stand for the rest
        if (extra > 0) {
            cycles += extra * c.cycles[1];
            dram += extra * c.dram[1];
            macs += extra * c.macs[1];
        }
        // Bytes through the shared buffers and the L2 do not depend on L2 hits (every load crosses both),
        // so the unsimulated blocks add the simulated blocks' average exactly; the head's share comes
        // from a run of the head alone.
        long shared = c.report.level("shared").bytes(), l2 = c.report.level("l2").bytes();
        if (extra > 0) {
            SimReport h = new TensorCoreSimulator(HardwareParams.from(hw)).run(ProgramAdapter.adapt(head), "head");
            shared += extra * (shared - h.level("shared").bytes()) / simulated;
            l2 += extra * (l2 - h.level("l2").bytes()) / simulated;
        }
        long denseMacs = layers * denseMacs(block) + denseMacs(head);
        long weightBytes = layers * weightBytes(block) + weightBytes(head);
        int elem = hw.dtype().bytes();
        long kvRead = w.phase() == Phase.DECODE ? layers * 2L * w.batch() * w.context() * w.config().kvWidth() * elem : 0;
        long kvWritten = layers * 2L * w.tokens() * w.config().kvWidth() * elem;
        int blockIndex = simulated >= 2 ? 1 : 0;
        return new PassResult(pattern == null ? "dense" : pattern.toString(), cycles, hw.clockHz(), dram, shared, l2, macs, denseMacs,
                weightBytes, kvRead, kvWritten, c.cycles[0], c.cycles[blockIndex], c.cycles[c.cycles.length - 1],
                simulated, aggregated, c.report.ops(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, c.report.warnings());
    }

    private Program compile(LoweredModel m, NmPattern pattern) {
        return Compiler.compile(new Compiler.Request(m, hw, pattern, null, null)).program();
    }

    private Chain simulate(Program block, Program head, int blocks, NmPattern pattern) {
        TcProgram blockTc = ProgramAdapter.adapt(block);
        TcProgram headTc = ProgramAdapter.adapt(head);
        List<LayerChain.Piece> pieces = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            pieces.add(new LayerChain.Piece(blockTc, block.tensors().size(), tensor(block, "input"), tensor(block, "output")));
            names.add("layer" + i);
        }
        pieces.add(new LayerChain.Piece(headTc, head.tensors().size(), -1, -1));
        names.add("head");
        TcProgram chain = LayerChain.chain(pieces, names);
        SimReport r = new TensorCoreSimulator(HardwareParams.from(hw)).run(chain, pattern == null ? "dense" : pattern.toString());
        int n = blocks + 1;
        long[] cycles = new long[n], dram = new long[n], macs = new long[n];
        long previousEnd = 0;
        List<LayerStats> spans = r.layers();
        for (int i = 0; i < n; i++) {
            LayerStats s = spans.get(i);
            if (!s.name().equals(names.get(i))) throw new IllegalStateException("piece " + names.get(i) + " has no ops");
            long end = i == n - 1 ? r.cycles() : s.lastCycle();
            cycles[i] = end - previousEnd;
            previousEnd = end;
            dram[i] = s.dramBytes();
            macs[i] = s.macs();
        }
        return new Chain(r, cycles, dram, macs);
    }

    private static int tensor(Program p, String name) {
        for (TensorInfo t : p.tensors()) if (t.name().equals(name)) return t.id();
        throw new IllegalStateException("program has no tensor " + name);
    }

    private static long denseMacs(Program p) {
        long s = 0;
        for (GemmInfo g : p.gemms()) s += g.denseMacs();
        return s;
    }

    private static long weightBytes(Program p) {
        long s = 0;
        for (TensorInfo t : p.tensors()) if (t.kind() == TensorKind.WEIGHT) s += t.bytes() + t.metadataBytes();
        return s;
    }

    /** Per-piece cycles, DRAM bytes and MACs of one simulated chain (blocks, then the head). */
    private record Chain(SimReport report, long[] cycles, long[] dram, long[] macs) {
        boolean agrees(int a, int b) {
            return cycles[a] == cycles[b] && dram[a] == dram[b] && macs[a] == macs[b];
        }
    }
}
