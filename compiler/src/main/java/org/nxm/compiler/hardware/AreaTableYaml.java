package org.nxm.compiler.hardware;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.model.numeric.DType;

/** YAML mapping of the {@code area} section ({@link AreaTable}); every entry required, unknown keys refused. */
final class AreaTableYaml {
    private AreaTableYaml() {}

    static final String KEY = "area";

    /** The section's table, or the dtype's reference table when the section is absent. */
    static AreaTable read(YamlFields root, DType dtype) {
        if (!root.has(KEY)) {
            root.allow(KEY);
            return AreaTable.reference(dtype);
        }
        YamlFields s = root.section(KEY);
        AreaTable t = new AreaTable(s.nonNegative("tensor_core_mm2"), s.nonNegative("sparse_extra_mm2"),
                s.nonNegative("core_other_mm2"), s.nonNegative("operand_buffer_mm2_per_kb"),
                s.nonNegative("shared_mm2_per_kb"), s.nonNegative("l2_mm2_per_kb"),
                s.nonNegative("dram_phy_mm2_per_channel"), s.nonNegative("uncore_mm2"), s.number("die_cores_ratio"));
        s.rejectUnknown();
        return t;
    }

    static Map<String, Object> write(AreaTable a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tensor_core_mm2", a.tensorCoreMm2());
        m.put("sparse_extra_mm2", a.sparseExtraMm2());
        m.put("core_other_mm2", a.coreOtherMm2());
        m.put("operand_buffer_mm2_per_kb", a.operandBufferMm2PerKb());
        m.put("shared_mm2_per_kb", a.sharedMm2PerKb());
        m.put("l2_mm2_per_kb", a.l2Mm2PerKb());
        m.put("dram_phy_mm2_per_channel", a.dramPhyMm2PerChannel());
        m.put("uncore_mm2", a.uncoreMm2());
        m.put("die_cores_ratio", a.dieCoresRatio());
        return m;
    }
}
