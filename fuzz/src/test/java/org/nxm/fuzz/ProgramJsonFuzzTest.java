package org.nxm.fuzz;

import java.nio.file.Path;
import java.util.List;
import org.nxm.compiler.Compiler;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.lower.Lowering;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.ProgramJson;
import org.nxm.compiler.validate.ProgramValidator;
import org.nxm.model.sparsity.NmPattern;

/** Program JSON (simulate --program): the reader, then the validator the simulator runs before a program. */
class ProgramJsonFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "program-json"; }

    @Override String fileName() { return "fuzz-program.json"; }

    @Override boolean text() { return true; }

    @Override int ciIterations() { return 250; }

    @Override
    List<byte[]> seeds() throws Exception {
        HardwareConfig a100 = HardwareConfig.preset("a100");
        Program sparse = Compiler.compile(new Compiler.Request(Lowering.singleGemm(32, 16, 64), a100, NmPattern.TWO_FOUR, null, null)).program();
        Program dense = Compiler.compile(new Compiler.Request(Lowering.singleGemm(16, 16, 32), a100, null, null, null)).program();
        Path a = work.resolve("seed-sparse.json"), b = work.resolve("seed-dense.json");
        ProgramJson.write(sparse, a);
        ProgramJson.write(dense, b);
        return List.of(read(a), read(b));
    }

    @Override
    Fuzzer.Target target() {
        HardwareConfig a100 = HardwareConfig.preset("a100");
        return (input, out) -> {
            Program p = ProgramJson.read(input);
            ProgramValidator.validate(p, a100);
        };
    }
}
