package org.nxm.simulator.tensorcore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.hardware.KernelCosts;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.GemmKind;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.transformer.TransformerConfig;

/** Kernels of an encoder program: one per Linear, one grid per layer for the attention scores and one for the contexts. */
class KernelFixedCostTest {
    @Test
    void attentionHeadsOfALayerAreOneKernelPerKind() {
        HardwareConfig hw = HardwareConfig.preset("edge-4");
        ModelShape shape = ModelShape.of(TransformerConfig.preset("minilm-l6"), 2, 16);
        Program p = Compiler.compile(new Compiler.Request(Lowering.lower(shape), hw, null, null, null)).program();
        long attention = p.gemms().stream().filter(g -> g.kind() != GemmKind.LINEAR).count();
        long linears = p.gemms().size() - attention;
        // 2 sequences × 12 heads × (scores, context) per layer, 6 Linears per layer.
        assertEquals(6L * 2 * 12 * 2, attention);
        assertEquals(6L * 6, linears);
        assertEquals(6 * (6 + 2), KernelFixedCost.kernels(p.gemms()));
        // Launch only: one per kernel.
        assertEquals(1000L * 6 * 8, KernelFixedCost.of(new KernelCosts(1000, 0, 0, 0), hw.cores(), p));
        assertEquals(0, KernelFixedCost.of(KernelCosts.NONE, hw.cores(), p));
    }
}
