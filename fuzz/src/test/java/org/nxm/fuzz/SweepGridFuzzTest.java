package org.nxm.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.simulator.sweep.HardwareVariants;
import org.nxm.simulator.sweep.SweepGrid;

/** Sweep grids (nxm sweep --hw-grid): the file, then every hardware point it expands to. */
class SweepGridFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "sweep-grid"; }

    @Override String fileName() { return "fuzz-grid.yaml"; }

    @Override boolean text() { return true; }

    @Override int ciIterations() { return 400; }

    @Override
    List<byte[]> seeds() throws Exception {
        Path examples = Path.of("..", "examples");
        return List.of(read(examples.resolve("grid-edge.yaml")), read(examples.resolve("grid-a100.yaml")));
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> {
            SweepGrid g = SweepGrid.load(input);
            HardwareVariants v = new HardwareVariants(HardwareConfig.resolve(g.base()));
            g.requireAxesIn(v.parameters());
            if (g.size() > 10_000) return; // the sweep command refuses large grids itself
            for (Map<String, String> point : g.points()) v.with(point, input.toString());
        };
    }
}
