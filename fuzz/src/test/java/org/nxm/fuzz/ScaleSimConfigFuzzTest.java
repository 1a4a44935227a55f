package org.nxm.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** SCALE-Sim .cfg files (the topology fixed to a small, valid one). */
class ScaleSimConfigFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "scalesim-cfg"; }

    @Override String fileName() { return "fuzz.cfg"; }

    @Override boolean text() { return true; }

    @Override int ciIterations() { return 700; }

    @Override
    List<byte[]> seeds() throws Exception {
        return List.of(read(ScaleSimRuns.dataCase("os_8x8_user_bw10").resolve("config.cfg")),
                read(ScaleSimRuns.dataCase("ws_16x8_uneven_calc").resolve("config.cfg")),
                read(ScaleSimRuns.dataCase("is_16x8_uneven_calc").resolve("config.cfg")));
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> {
            Path topology = input.resolveSibling("fuzz-topology.csv");
            Files.writeString(topology, "Layer,M,N,K,\ng0,20,14,30,\n");
            ScaleSimRuns.run(input, topology, out);
        };
    }
}
