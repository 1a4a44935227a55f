package org.nxm.simulator.tensorcore;

import java.util.List;
import org.nxm.compiler.hardware.KernelCosts;
import org.nxm.compiler.program.GemmInfo;
import org.nxm.compiler.program.GemmKind;
import org.nxm.compiler.program.Program;

/**
 * The fixed cycles a program's GEMM kernels cost besides their schedule ({@link KernelCosts}). Every run
 * on the tensor-core template prices its kernels here, encoder programs and decoder passes alike.
 *
 * <p>What a kernel is: each Linear is one kernel. A run of consecutive attention GEMMs of one kind in one
 * layer (the scores, or the contexts, of every (sequence, head) and query block) is one kernel too, as
 * a GPU launches attention as one grid over them; the compiler runs such a run concurrently, each GEMM
 * with its share of the cores. A kernel's waves are its work units (output tiles × K splits, summed over
 * its GEMMs) over the cores, rounded up. Kernels in a stream start one after another, so the fixed costs
 * add to the schedule's makespan. Vector ops are taken as fused into the GEMMs' epilogues and pay no
 * launch of their own.
 */
public final class KernelFixedCost {
    private KernelFixedCost() {}

    public static long of(KernelCosts k, int cores, Program p) {
        return of(k, cores, p.gemms());
    }

    /** The fixed cycles of these GEMMs, in program order. */
    public static long of(KernelCosts k, int cores, List<GemmInfo> gemms) {
        if (k.isNone()) return 0;
        long total = 0;
        int i = 0;
        while (i < gemms.size()) {
            GemmInfo first = gemms.get(i);
            long units = units(first);
            int j = i + 1;
            if (first.kind() != GemmKind.LINEAR) {
                while (j < gemms.size() && sameGrid(first, gemms.get(j))) units += units(gemms.get(j++));
            }
            total += k.perKernel(ceilDiv(units, cores));
            i = j;
        }
        return total;
    }

    /** Kernels the GEMMs launch (see the class comment). */
    public static int kernels(List<GemmInfo> gemms) {
        int n = 0;
        for (int i = 0; i < gemms.size(); i++) {
            if (i == 0 || gemms.get(i).kind() == GemmKind.LINEAR || !sameGrid(gemms.get(i - 1), gemms.get(i))) n++;
        }
        return n;
    }

    private static boolean sameGrid(GemmInfo a, GemmInfo b) {
        return a.kind() != GemmKind.LINEAR && b.kind() == a.kind() && b.layer() == a.layer();
    }

    /** Output tiles × K splits of one GEMM. */
    static long units(GemmInfo g) {
        return ceilDiv(g.m(), g.tile().bm()) * ceilDiv(g.n(), g.tile().bn()) * Math.max(1, g.splitK());
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
