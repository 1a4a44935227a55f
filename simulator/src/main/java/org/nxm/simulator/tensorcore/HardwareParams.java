package org.nxm.simulator.tensorcore;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.model.io.InputException;

/** Reads the tensor-core timing figures out of a {@link HardwareConfig}. */
public final class HardwareParams {
    private HardwareParams() {}

    public static TensorCoreParams from(HardwareConfig hc) {
        if (hc.template() != Template.TENSOR_CORE) {
            throw new InputException("hardware '" + hc.name() + "': template " + hc.template()
                    + " is not simulated by the tensor-core template (use the systolic simulator)");
        }
        HardwareConfig.Mma mma = hc.mma();
        return new TensorCoreParams(hc.name(), hc.clockHz(), hc.cores(), hc.tensorCoresPerCore(),
                mma.m(), mma.n(), mma.k(), mma.issueIntervalCycles(), mma.latencyCycles(),
                hc.sparsePatterns(), hc.dtype().bytes(), hc.metadataBytesPerCycle(),
                hc.shared().bytesPerCycle(), hc.shared().banks(),
                hc.l2CapacityBytes(), hc.l2() == null ? 0 : hc.l2().bytesPerCycle(),
                hc.dram().bytesPerCycle(), hc.dram().latencyCycles(), hc.dram().channels(),
                hc.vectorElementsPerCycle());
    }
}
