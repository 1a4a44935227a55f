package org.nxm.fuzz;

/**
 * {@link ProgramJsonFuzzTest}'s mutated inputs through {@code nxm simulate --program} itself, in process, as a user meets them: the exit
 * code, the one stderr line naming the file, nothing left behind ({@link CliTarget}). CI runs a few hundred inputs,
 * {@code -Dfuzz.iterations=} as many as asked.
 */
class ProgramJsonCliFuzzTest extends ProgramJsonFuzzTest {
    @Override String reader() { return "program-json-cli"; }

    @Override int ciIterations() { return 200; }

    @Override
    Fuzzer.Target target() {
        return new CliTarget((in, out) -> new String[] {"simulate", "--hw", "a100", "--program", in.toString(), "--json"}, null);
    }
}
