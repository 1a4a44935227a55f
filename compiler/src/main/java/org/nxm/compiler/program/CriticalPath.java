package org.nxm.compiler.program;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.nxm.compiler.hardware.HardwareConfig;

/**
 * The tile graph's critical path: the longest chain of dependent ops when each op takes the least time it can on
 * the hardware (its bytes at the whole bandwidth of the level it moves them from or to plus one DRAM latency for a read, its
 * MMAs issued back to back on all of its core's tensor cores, no contention). No schedule can finish sooner, so {@link #cycles()} is a
 * lower bound on the makespan any simulator reports; the gap to the simulated cycles is what resources, latency
 * and contention cost. Computed over JGraphT's topological order of the program's DAG.
 *
 * @param cycles the path's length in cycles
 * @param ops    the ops on the path, first to last
 */
public record CriticalPath(long cycles, List<Integer> ops) {

    public static CriticalPath of(Program p, HardwareConfig hw) {
        TileGraph g = p.graph();
        DirectedAcyclicGraph<Integer, TileGraph.Dep> dag = g.dag();
        long[] finish = new long[g.size()];
        int[] via = new int[g.size()];
        int last = -1;
        for (int id : (Iterable<Integer>) dag::iterator) {
            long start = 0;
            via[id] = -1;
            for (int pred : g.predecessors(id)) {
                if (finish[pred] > start) {
                    start = finish[pred];
                    via[id] = pred;
                }
            }
            finish[id] = start + minimumCycles(g.op(id), hw);
            if (last < 0 || finish[id] > finish[last]) last = id;
        }
        List<Integer> path = new ArrayList<>();
        for (int id = last; id >= 0; id = via[id]) path.add(id);
        Collections.reverse(path);
        return new CriticalPath(last < 0 ? 0 : finish[last], List.copyOf(path));
    }

    /** The least cycles the op can take on this hardware, alone. */
    static long minimumCycles(TileOp op, HardwareConfig hw) {
        if (op instanceof TileOp.Mma m) {
            long perTensorCore = (m.mmaCount() + hw.tensorCoresPerCore() - 1) / hw.tensorCoresPerCore();
            return hw.mma() == null ? perTensorCore : perTensorCore * hw.mma().issueIntervalCycles();
        }
        if (op instanceof TileOp.VectorOp v) return (long) Math.ceil(v.elements() / hw.vectorElementsPerCycle());
        MemoryLevel level = op.source() == MemoryLevel.SHARED || op.source() == MemoryLevel.REGISTER ? op.destination() : op.source();
        double bytesPerCycle = switch (level) {
            case DRAM -> hw.dramBytesPerCycle();
            case L2 -> hw.l2() == null ? hw.dramBytesPerCycle() : hw.l2().bytesPerCycle();
            case SHARED -> hw.shared() == null ? Double.POSITIVE_INFINITY : hw.shared().bytesPerCycle();
            case REGISTER -> Double.POSITIVE_INFINITY;
        };
        long transfer = Double.isInfinite(bytesPerCycle) ? 0 : (long) Math.ceil(op.bytes() / bytesPerCycle);
        // a read from DRAM waits its latency once, however many bytes it moves (a write is posted)
        return op.source() == MemoryLevel.DRAM && hw.dram() != null && op.bytes() > 0 ? transfer + hw.dram().latencyCycles() : transfer;
    }
}
