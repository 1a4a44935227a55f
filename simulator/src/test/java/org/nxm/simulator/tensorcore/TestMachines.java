package org.nxm.simulator.tensorcore;

import java.util.List;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.model.sparsity.NmPattern;

/** Machines the machine-model tests run on: the a100 preset, and small edge designs built here. */
final class TestMachines {
    private TestMachines() {}

    /** The a100 preset, as every command reads it. */
    static TensorCoreParams a100() {
        return HardwareParams.from(HardwareConfig.preset("a100"));
    }

    /** A small edge design with {@code cores} cores of one tensor core, no L2, 25.6 bytes/cycle of DRAM, 2:4 and 1:4. */
    static TensorCoreParams edge(int cores) {
        return new TensorCoreParams("edge", 1e9, cores, 1, 16, 8, 16, 8, 16,
                List.of(NmPattern.TWO_FOUR, new NmPattern(1, 4)), 2, 16, 64, 16, 0, 0, 25.6, 150, 2, 16);
    }
}
