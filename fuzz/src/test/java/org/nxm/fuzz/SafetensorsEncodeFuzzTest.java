package org.nxm.fuzz;

import java.util.List;

/** {@code nxm encode --prune magnitude}. */
class SafetensorsEncodeFuzzTest extends SafetensorsFuzzing {
    @Override String reader() { return "safetensors-encode"; }

    @Override int ciIterations() { return 600; }

    @Override String fileName() { return "fuzz.safetensors"; }

    @Override List<byte[]> seeds() throws Exception { return remember(denseSeeds()); }

    @Override
    Fuzzer.Target target() {
        return new CliTarget((in, out) -> concat(new String[] {"encode", in.toString(), "--pattern", "2:4", "--prune", "magnitude",
                "--out", out.resolve("packed.safetensors").toString()}, layout(in)), NAMES_WHERE);
    }
}

