package org.nxm.compiler.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/** YAML mapping of {@link HardwareConfig}: snake_case keys, unknown keys refused, errors name the field. */
final class HardwareYaml {
    private HardwareYaml() {}

    static HardwareConfig read(String text, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException | IllegalArgumentException e) {
            // IllegalArgumentException: SnakeYAML's own decoding of tags such as !!binary
            throw new InputException(source + ": not valid YAML (" + e.getMessage() + ")");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InputException(source + ": expected a YAML mapping of hardware fields at the top level");
        }
        YamlFields f = new YamlFields(source, "", map);
        try {
            String name = HardwareLimits.text(f, "name", f.string("name"), HardwareLimits.MAX_NAME);
            Template template = Template.parse(f.string("template"), source + ": field 'template'");
            DType dtype = DType.parseCompute(f.string("dtype"), source + ": field 'dtype'");
            double clock = f.inRange("clock_hz", HardwareLimits.MIN_CLOCK_HZ, HardwareLimits.MAX_CLOCK_HZ);
            int cores = f.intValue("cores", 1, HardwareLimits.MAX_CORES);
            int tcs = f.has("tensor_cores_per_core") ? f.intValue("tensor_cores_per_core", 1, HardwareLimits.MAX_UNITS)
                    : mark(f, "tensor_cores_per_core", 1);
            HardwareConfig.Mma mma = null;
            if (f.has("mma")) {
                YamlFields s = f.section("mma");
                mma = new HardwareConfig.Mma(s.intValue("m", 1, HardwareLimits.MAX_DIM), s.intValue("n", 1, HardwareLimits.MAX_DIM),
                        s.intValue("k", 1, HardwareLimits.MAX_DIM), s.intValue("issue_interval_cycles", 1, HardwareLimits.MAX_LATENCY),
                        s.intValue("latency_cycles", 1, HardwareLimits.MAX_LATENCY));
                s.rejectUnknown();
            } else {
                f.allow("mma");
            }
            List<NmPattern> patterns = new ArrayList<>();
            if (f.has("sparse_patterns")) {
                for (Object o : f.list("sparse_patterns")) {
                    try {
                        patterns.add(NmPattern.parse(String.valueOf(o)));
                    } catch (InputException e) {
                        throw f.error("sparse_patterns", e.getMessage());
                    }
                }
            } else {
                f.allow("sparse_patterns");
            }
            double meta = HardwareLimits.rate(f, "metadata_bytes_per_cycle");
            long operand = f.has("operand_buffer_bytes") ? f.integer("operand_buffer_bytes", 0, HardwareLimits.MAX_BYTES)
                    : mark(f, "operand_buffer_bytes", 0L);
            HardwareConfig.SharedBuffer shared = null;
            if (f.has("shared")) {
                YamlFields s = f.section("shared");
                shared = new HardwareConfig.SharedBuffer(s.integer("capacity_bytes", 1, HardwareLimits.MAX_BYTES),
                        HardwareLimits.rate(s, "bytes_per_cycle"), s.intValue("banks", 1, HardwareLimits.MAX_UNITS));
                s.rejectUnknown();
            } else {
                f.allow("shared");
            }
            HardwareConfig.Cache l2 = null;
            if (f.has("l2")) {
                YamlFields s = f.section("l2");
                l2 = new HardwareConfig.Cache(s.integer("capacity_bytes", 1, HardwareLimits.MAX_BYTES), HardwareLimits.rate(s, "bytes_per_cycle"));
                s.rejectUnknown();
            } else {
                f.allow("l2");
            }
            HardwareConfig.Dram dram = null;
            if (f.has("dram")) {
                YamlFields s = f.section("dram");
                double bpc;
                if (s.has("bytes_per_cycle") && s.has("bytes_per_second")) {
                    throw s.error("bytes_per_cycle", "give bytes_per_cycle or bytes_per_second, not both");
                } else if (s.has("bytes_per_second")) {
                    bpc = s.positive("bytes_per_second") / clock;
                    HardwareLimits.checkRate(s, "bytes_per_second", bpc);
                    s.allow("bytes_per_cycle");
                } else {
                    bpc = HardwareLimits.rate(s, "bytes_per_cycle");
                    s.allow("bytes_per_second");
                }
                dram = new HardwareConfig.Dram(bpc, s.intValue("latency_cycles", 0, HardwareLimits.MAX_LATENCY),
                        s.intValue("channels", 1, HardwareLimits.MAX_UNITS));
                s.rejectUnknown();
            } else {
                f.allow("dram");
            }
            double vector = HardwareLimits.rate(f, "vector_elements_per_cycle");
            HardwareConfig.Systolic systolic = null;
            if (f.has("systolic")) {
                YamlFields s = f.section("systolic");
                HardwareConfig.InterfaceBandwidth ib;
                String ibText = s.string("interface_bandwidth", "calc");
                try {
                    ib = HardwareConfig.InterfaceBandwidth.valueOf(ibText.trim().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw s.error("interface_bandwidth", "expected calc or user, got '" + ibText + "'");
                }
                int wordBytes = dtype.bytes();
                systolic = new HardwareConfig.Systolic(s.intValue("rows", 1, HardwareLimits.MAX_DIM), s.intValue("cols", 1, HardwareLimits.MAX_DIM),
                        Dataflow.parse(s.string("dataflow"), source + ": field 'systolic.dataflow'"),
                        HardwareLimits.sramKb(s, "ifmap_sram_kb", wordBytes), HardwareLimits.sramKb(s, "filter_sram_kb", wordBytes),
                        HardwareLimits.sramKb(s, "ofmap_sram_kb", wordBytes),
                        ib, HardwareLimits.dramWords(s, "dram_words_per_cycle", ib));
                s.rejectUnknown();
            } else {
                f.allow("systolic");
            }
            String description = HardwareLimits.text(f, "description", f.string("description", ""), HardwareLimits.MAX_DESCRIPTION);
            EnergyTable energy = EnergyTableYaml.read(f, dtype);
            AreaTable area = AreaTableYaml.read(f, dtype);
            KernelCosts kernel = KernelCostsYaml.read(f);
            f.rejectUnknown();
            return new HardwareConfig(name, description, template, clock, cores, tcs, dtype, mma, patterns,
                    meta, operand, shared, l2, dram, vector, systolic, energy, area, kernel);
        } catch (InputException | IllegalArgumentException e) {
            // IllegalArgumentException: a record or parser that does not know it reads a file
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // Record constructors do not know the file: name it here, once.
            throw msg.startsWith(source) ? e : new InputException(source + ": " + msg, e);
        }
    }

    private static <T> T mark(YamlFields f, String key, T value) {
        f.allow(key);
        return value;
    }

    static String write(HardwareConfig h) {
        return write(h, true);
    }

    /** @param costTables whether to write the energy and area tables (the digest leaves them out) */
    static String write(HardwareConfig h, boolean costTables) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        if (!h.description().isEmpty()) m.put("description", h.description());
        m.put("template", h.template().yamlName());
        m.put("clock_hz", h.clockHz());
        m.put("cores", h.cores());
        m.put("tensor_cores_per_core", h.tensorCoresPerCore());
        m.put("dtype", h.dtype().shortName());
        if (h.mma() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("m", h.mma().m());
            s.put("n", h.mma().n());
            s.put("k", h.mma().k());
            s.put("issue_interval_cycles", h.mma().issueIntervalCycles());
            s.put("latency_cycles", h.mma().latencyCycles());
            m.put("mma", s);
        }
        m.put("sparse_patterns", h.sparsePatterns().stream().map(NmPattern::toString).toList());
        m.put("metadata_bytes_per_cycle", h.metadataBytesPerCycle());
        m.put("operand_buffer_bytes", h.operandBufferBytes());
        if (h.shared() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("capacity_bytes", h.shared().capacityBytes());
            s.put("bytes_per_cycle", h.shared().bytesPerCycle());
            s.put("banks", h.shared().banks());
            m.put("shared", s);
        }
        if (h.l2() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("capacity_bytes", h.l2().capacityBytes());
            s.put("bytes_per_cycle", h.l2().bytesPerCycle());
            m.put("l2", s);
        }
        if (h.dram() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("bytes_per_cycle", h.dram().bytesPerCycle());
            s.put("latency_cycles", h.dram().latencyCycles());
            s.put("channels", h.dram().channels());
            m.put("dram", s);
        }
        m.put("vector_elements_per_cycle", h.vectorElementsPerCycle());
        if (h.systolic() != null) {
            HardwareConfig.Systolic sy = h.systolic();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rows", sy.rows());
            s.put("cols", sy.cols());
            s.put("dataflow", sy.dataflow().yamlName());
            s.put("ifmap_sram_kb", sy.ifmapSramKb());
            s.put("filter_sram_kb", sy.filterSramKb());
            s.put("ofmap_sram_kb", sy.ofmapSramKb());
            s.put("interface_bandwidth", sy.interfaceBandwidth().name().toLowerCase(java.util.Locale.ROOT));
            s.put("dram_words_per_cycle", sy.dramWordsPerCycle());
            m.put("systolic", s);
        }
        // Kernel costs change timing, so they are part of the digest; written only when set, so configs
        // without them keep the digest they had before the section existed.
        if (!h.kernel().isNone()) m.put(KernelCostsYaml.KEY, KernelCostsYaml.write(h.kernel()));
        if (costTables) {
            m.put(EnergyTableYaml.KEY, EnergyTableYaml.write(h.energy()));
            m.put(AreaTableYaml.KEY, AreaTableYaml.write(h.area()));
        }
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setIndent(2);
        opts.setWidth(120);
        return new Yaml(new Representer(opts), opts).dump(m);
    }
}
