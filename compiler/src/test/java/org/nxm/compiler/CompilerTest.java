package org.nxm.compiler;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.LayerSummary;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;

class CompilerTest {
    static Program compile(String model, String hw, String pattern, int batch, int seq) {
        ModelShape s = ModelShape.of(TransformerConfig.preset(model), batch, seq);
        return Compiler.compile(new Compiler.Request(Lowering.lower(s), HardwareConfig.preset(hw),
                pattern == null ? null : NmPattern.parse(pattern), null, null)).program();
    }

    @Test
    void bertBaseOnA100Compiles() {
        long t0 = System.nanoTime();
        Program p = compile("bert-base", "a100", "2:4", 1, 128);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("bert-base a100 2:4: " + p.ops().size() + " ops, " + p.edges().size() + " edges, " + ms + " ms, est "
                + p.estimatedCycles() + " cycles");
        assertTrue(p.ops().size() > 5_000 && p.ops().size() < 200_000, "ops " + p.ops().size());
        for (LayerSummary l : p.layers()) {
            assertEquals(l.denseWeightBytes(), 16 * l.metadataBytes(), "layer " + l.layer());
            assertEquals(l.denseWeightBytes(), 2 * l.weightValueBytes());
        }
    }

    @Test
    void patternTheTargetCannotRunIsRefused() {
        String m = assertThrows(InputException.class, () -> compile("minilm-l6", "a100", "1:4", 1, 16)).getMessage();
        assertTrue(m.contains("a100") && m.contains("1:4") && m.contains("2:4"), m);
    }
}
