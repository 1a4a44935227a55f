package org.nxm.compiler.hardware;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.model.numeric.DType;

/** YAML mapping of the {@code energy} section ({@link EnergyTable}); every entry required, unknown keys refused. */
final class EnergyTableYaml {
    private EnergyTableYaml() {}

    static final String KEY = "energy";

    /** The section's table, or the dtype's reference table when the section is absent. */
    static EnergyTable read(YamlFields root, DType dtype) {
        if (!root.has(KEY)) {
            root.allow(KEY);
            return EnergyTable.reference(dtype);
        }
        YamlFields s = root.section(KEY);
        double dense = s.nonNegative("dense_mac_pj");
        double sparse = s.nonNegative("sparse_mac_pj");
        double reg = s.nonNegative("register_pj_per_byte");
        double sharedRead = s.nonNegative("shared_read_pj_per_byte");
        double sharedWrite = s.nonNegative("shared_write_pj_per_byte");
        double l2 = s.nonNegative("l2_pj_per_byte");
        double dram = s.nonNegative("dram_pj_per_byte");
        YamlFields st = s.section("static_w");
        EnergyTable.StaticPower statics = new EnergyTable.StaticPower(st.nonNegative("per_core"), st.nonNegative("l2"),
                st.nonNegative("dram"), st.nonNegative("uncore"));
        st.rejectUnknown();
        s.rejectUnknown();
        return new EnergyTable(dense, sparse, reg, sharedRead, sharedWrite, l2, dram, statics);
    }

    static Map<String, Object> write(EnergyTable e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dense_mac_pj", e.denseMacPj());
        m.put("sparse_mac_pj", e.sparseMacPj());
        m.put("register_pj_per_byte", e.registerPjPerByte());
        m.put("shared_read_pj_per_byte", e.sharedReadPjPerByte());
        m.put("shared_write_pj_per_byte", e.sharedWritePjPerByte());
        m.put("l2_pj_per_byte", e.l2PjPerByte());
        m.put("dram_pj_per_byte", e.dramPjPerByte());
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("per_core", e.staticPower().perCoreW());
        st.put("l2", e.staticPower().l2W());
        st.put("dram", e.staticPower().dramW());
        st.put("uncore", e.staticPower().uncoreW());
        m.put("static_w", st);
        return m;
    }
}
