package org.nxm.fuzz;

/**
 * {@link HardwareYamlFuzzTest}'s mutated inputs through {@code nxm hw show} itself, in process, as a user meets them: the exit
 * code, the one stderr line naming the file, nothing left behind ({@link CliTarget}). CI runs a few hundred inputs,
 * {@code -Dfuzz.iterations=} as many as asked.
 */
class HardwareYamlCliFuzzTest extends HardwareYamlFuzzTest {
    @Override String reader() { return "hardware-yaml-cli"; }

    @Override int ciIterations() { return 200; }

    @Override
    Fuzzer.Target target() {
        return new CliTarget((in, out) -> new String[] {"hw", "show", in.toString()}, null);
    }
}
