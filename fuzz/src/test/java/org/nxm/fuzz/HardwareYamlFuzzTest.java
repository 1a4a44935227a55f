package org.nxm.fuzz;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.Template;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.Program;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.simulator.report.SimReport;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.systolic.HardwareSystolic;
import org.nxm.simulator.systolic.Layer;
import org.nxm.simulator.systolic.LayerResult;
import org.nxm.simulator.systolic.SystolicConfig;
import org.nxm.simulator.systolic.SystolicEngine;
import org.nxm.traces.format.NxmtWriter;

/**
 * Hardware YAML (--hw FILE) through the reader and what compile, simulate and scalesim do with it: a small GEMM is
 * compiled and simulated on the tensor-core template (with a trace, which records the hardware's name) or run on
 * the systolic array.
 */
class HardwareYamlFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "hardware-yaml"; }

    @Override String fileName() { return "fuzz-hw.yaml"; }

    @Override boolean text() { return true; }

    @Override int ciIterations() { return 700; }

    @Override
    List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String preset : HardwareConfig.PRESETS) {
            try (InputStream in = HardwareConfig.class.getResourceAsStream(preset + ".yaml")) {
                seeds.add(in.readAllBytes());
            }
        }
        return seeds;
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> {
            HardwareConfig hw = HardwareConfig.load(input);
            try {
                use(hw, out);
            } catch (InputException e) {
                // compile and simulate name the hardware (nxm compile: hardware edge-4: ...), not the file they came from
                if (!e.getMessage().contains(hw.name())) throw new AssertionError("does not name the hardware: " + e.getMessage());
                throw new InputException(input + ": " + e.getMessage());
            }
        };
    }

    private static void use(HardwareConfig hw, java.nio.file.Path out) {
            if (hw.template() == Template.SYSTOLIC) {
                SystolicConfig cfg = HardwareSystolic.config(hw);
                LayerResult r = new SystolicEngine().run(cfg, Layer.gemm("g", 24, 16, 40));
                Checks.nonNegative("total cycles", r.totalCycles());
                Checks.finite("systolic result", r.toString());
            } else {
                NmPattern p = hw.sparsePatterns().isEmpty() ? null : hw.sparsePatterns().get(0);
                Program prog = Compiler.compile(new Compiler.Request(Lowering.singleGemm(64, 16, 64), hw, p, null, null)).program();
                SimReport rep = new TensorCoreRun(hw).run(prog, "fuzz", h -> NxmtWriter.open(out.resolve("t.nxmt"), h));
                Checks.nonNegative("cycles", rep.cycles());
                Checks.finite("simulation report", rep.toString());
            }
    }
}
