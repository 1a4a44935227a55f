package org.nxm.simulator.mapping;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.simulator.TensorCoreRun;
import org.nxm.simulator.report.SimReport;

/**
 * The whole-model estimate (the sum of the stages' estimates, {@code Program.estimatedCycles}) against the engine,
 * on the encoders that simulate in seconds: MiniLM-L6 at batch 1 (what {@code nxm run} compiles) and 16, BERT-base at
 * batch 1, on {@code a100}, dense and 2:4. Prints the table; every row within 10%. The larger models are in the
 * simulator README's table (not here: tens of seconds each).
 */
class WholeModelAgreementTest {
    @Test
    void wholeModelEstimatesAreWithinTenPercent() {
        HardwareConfig hw = HardwareConfig.preset("a100");
        List<String> misses = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-10s %5s %7s %12s %12s %9s%n",
                "model", "batch", "format", "estimate", "simulated", "est/sim"));
        for (String model : new String[] {"minilm-l6", "bert-base"}) {
            for (int batch : model.equals("minilm-l6") ? new int[] {1, 16} : new int[] {1}) {
                for (NmPattern p : new NmPattern[] {null, NmPattern.TWO_FOUR}) {
                    var lowered = Lowering.lower(ModelShape.of(TransformerConfig.preset(model), batch, 128));
                    Program prog = Compiler.compile(new Compiler.Request(lowered, hw, p, null, null)).program();
                    SimReport r = new TensorCoreRun(hw).run(prog, "test");
                    long estimate = r.comparableEstimate(prog.estimatedCycles());
                    double ratio = (double) estimate / r.cycles();
                    String format = p == null ? "dense" : p.toString();
                    table.append(String.format(Locale.ROOT, "%-10s %5d %7s %,12d %,12d %9.3f%n", model, batch, format, estimate,
                            r.cycles(), ratio));
                    if (Math.abs(ratio - 1) > 0.10) misses.add(model + " batch " + batch + " " + format + ": " + ratio);
                }
            }
        }
        System.out.print(table);
        assertTrue(misses.isEmpty(), "whole-model estimates more than 10% off: " + misses + "\n" + table);
    }
}
