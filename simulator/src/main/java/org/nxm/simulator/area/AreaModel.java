package org.nxm.simulator.area;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.hardware.AreaTable;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;

/**
 * Area of a design from its {@link AreaTable}: counts × mm² per component. Cores on the die include
 * the spare ones ({@code die_cores_ratio}); SRAM is priced per KiB of each level; DRAM by channel.
 * For the systolic template an MMA unit is one PE and the shared level is its three SRAMs.
 */
public final class AreaModel {
    private AreaModel() {}

    public static final List<String> COMPONENTS = List.of("tensor_cores", "sparse_support", "core_other",
            "operand_buffers", "shared_buffers", "l2", "dram_phy", "uncore");

    public static AreaReport of(HardwareConfig h) {
        AreaTable t = h.area();
        double dieCores = h.cores() * t.dieCoresRatio();
        double mmaUnits;
        double sharedKb;
        if (h.template() == Template.SYSTOLIC) {
            HardwareConfig.Systolic s = h.systolic();
            mmaUnits = (double) s.rows() * s.cols() * dieCores;
            sharedKb = (double) (s.ifmapSramKb() + s.filterSramKb() + s.ofmapSramKb()) * dieCores;
        } else {
            mmaUnits = (double) h.tensorCoresPerCore() * dieCores;
            sharedKb = h.shared().capacityBytes() / 1024.0 * dieCores;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("tensor_cores", mmaUnits * t.tensorCoreMm2());
        m.put("sparse_support", h.sparsePatterns().isEmpty() ? 0.0 : mmaUnits * t.sparseExtraMm2());
        m.put("core_other", dieCores * t.coreOtherMm2());
        m.put("operand_buffers", h.operandBufferBytes() / 1024.0 * dieCores * t.operandBufferMm2PerKb());
        m.put("shared_buffers", sharedKb * t.sharedMm2PerKb());
        m.put("l2", h.l2CapacityBytes() / 1024.0 * t.l2Mm2PerKb());
        // A systolic array without a dram section still has one DRAM interface.
        m.put("dram_phy", (h.dram() == null ? 1 : h.dram().channels()) * t.dramPhyMm2PerChannel());
        m.put("uncore", t.uncoreMm2());
        double total = 0;
        for (double v : m.values()) total += v;
        return new AreaReport(total, m);
    }
}
