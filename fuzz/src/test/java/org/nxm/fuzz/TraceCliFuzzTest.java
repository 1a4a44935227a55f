package org.nxm.fuzz;

/**
 * {@link TraceFuzzTest}'s mutated inputs through {@code nxm trace summary} itself, in process, as a user meets them: the exit
 * code, the one stderr line naming the file, nothing left behind ({@link CliTarget}). CI runs a few hundred inputs,
 * {@code -Dfuzz.iterations=} as many as asked.
 */
class TraceCliFuzzTest extends TraceFuzzTest {
    @Override String reader() { return "nxmt-cli"; }

    @Override int ciIterations() { return 200; }

    @Override
    Fuzzer.Target target() {
        return new CliTarget((in, out) -> new String[] {"trace", "summary", in.toString(), "--json"}, null);
    }
}
