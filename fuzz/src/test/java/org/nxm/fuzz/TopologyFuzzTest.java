package org.nxm.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** SCALE-Sim topology CSVs, GEMM and convolution forms (the config fixed to a small array). */
class TopologyFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "scalesim-topology"; }

    @Override String fileName() { return "fuzz-topology.csv"; }

    @Override boolean text() { return true; }

    @Override int ciIterations() { return 700; }

    @Override
    List<byte[]> seeds() {
        return List.of(utf8("Layer,M,N,K,\ng0,20,14,30,\ng1,9,33,8,\n"),
                utf8("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                        + "conv1, 12, 12, 3, 3, 4, 8, 1,\nDP2, 8, 8, 3, 3, 3, 1, 2,\n"),
                utf8("Layer,M,N,K,Sparsity,\ng0,20,14,32,2:4,\n"));
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> {
            Path cfg = input.resolveSibling("fuzz.cfg");
            Files.copy(ScaleSimRuns.dataCase("os_8x8_user_bw10").resolve("config.cfg"), cfg);
            ScaleSimRuns.run(cfg, input, out);
        };
    }
}
