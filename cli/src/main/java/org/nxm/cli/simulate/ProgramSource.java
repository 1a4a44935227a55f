package org.nxm.cli.simulate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nxm.cli.Nxm;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.ModelShape;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.ProgramJson;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerConfig;

/** Where {@code nxm simulate} gets its programs: a file, or the compiler run in the same process. */
final class ProgramSource {
    private ProgramSource() {}

    static Program read(Path p) {
        org.nxm.model.io.InputFiles.refuseNonRegular(p, "program file");
        if (!Files.isRegularFile(p)) throw new Nxm.UserError(p + ": program file not found");
        return ProgramJson.read(p);
    }

    /** The lowered model of a preset at a batch and sequence length. */
    static LoweredModel model(String preset, int batch, int seq) {
        return Lowering.lower(ModelShape.of(TransformerConfig.preset(preset), batch, seq));
    }

    /** {@code M,N,K}: C[M×N] = W[M×K]·Xᵀ, W the (possibly sparse) weight. */
    static LoweredModel gemm(String spec) {
        String[] parts = spec.split(",");
        if (parts.length != 3) throw new Nxm.UserError("--gemm '" + spec + "': expected M,N,K such as 3072,3072,10240");
        try {
            return Lowering.singleGemm(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new Nxm.UserError("--gemm '" + spec + "': expected three integers M,N,K");
        }
    }

    /** The same shape lowered again (to compile the dense twin of a program read from a file). */
    static LoweredModel sameShape(ModelShape s) {
        if (s.asGemm() != null) return Lowering.singleGemm(s.asGemm());
        return Lowering.lower(s);
    }

    static Program compile(LoweredModel model, HardwareConfig hw, NmPattern pattern) {
        return Compiler.compile(new Compiler.Request(model, hw, pattern, null, null)).program();
    }

    /** Compiled with {@code planner} choosing each GEMM's mapping. */
    static Program compile(LoweredModel model, HardwareConfig hw, NmPattern pattern, org.nxm.compiler.mapping.GemmPlanner planner) {
        return Compiler.compile(new Compiler.Request(model, hw, pattern, null, null), planner).program();
    }
}
