package org.nxm.fuzz;

/**
 * {@link TopologyFuzzTest}'s mutated inputs through {@code nxm scalesim} itself, in process, as a user meets them: the exit
 * code, the one stderr line naming the file, nothing left behind ({@link CliTarget}). CI runs a few hundred inputs,
 * {@code -Dfuzz.iterations=} as many as asked.
 */
class TopologyCliFuzzTest extends TopologyFuzzTest {
    @Override String reader() { return "scalesim-topology-cli"; }

    @Override int ciIterations() { return 200; }

    @Override
    Fuzzer.Target target() {
        return new CliTarget((in, out) -> new String[] {"scalesim", "-c",
                ScaleSimRuns.dataCase("os_8x8_user_bw10").resolve("config.cfg").toString(), "-t", in.toString(), "-p", out.toString()}, null);
    }
}
