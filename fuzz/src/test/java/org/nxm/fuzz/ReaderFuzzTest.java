package org.nxm.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One reader's fuzz test: its seeds mutated {@link FuzzSettings#iterations} times must produce no failure (see
 * {@link Fuzzer}), and every input a past run found (src/test/resources/regressions/&lt;reader&gt;/) must now be
 * accepted or rejected cleanly. The figures of each run go to stdout and to target/fuzz-report.txt.
 */
abstract class ReaderFuzzTest {
    @TempDir Path work;

    /** Directory name under regressions/ and target/fuzz-failures/. */
    abstract String reader();

    /** The input's file name: extension matters to some readers; every message must contain it. */
    abstract String fileName();

    abstract List<byte[]> seeds() throws Exception;

    /** Text formats also get number/token/structure edits. */
    abstract boolean text();

    abstract Fuzzer.Target target();

    /** One mutated input from a seed: the generic edits (text edits too for text formats); formats override it to add their own. */
    byte[] mutate(Mutator m, byte[] seed) { return m.mutate(seed, text()); }

    /** Makes a mutated input's checksums valid again (formats with checksums override this). */
    byte[] repair(byte[] mutated) { return mutated; }

    /** Inputs in a CI run: sized so that all readers together take well under two minutes. */
    int ciIterations() { return 1000; }

    @Test
    void mutatedInputsAreAcceptedOrRejectedCleanly() throws Exception {
        Fuzzer.Report r = new Fuzzer(reader(), fileName(), target(), work)
                .fuzz(seeds(), this::mutate, FuzzSettings.iterations(ciIterations()), FuzzSettings.seed(), this::repair);
        System.out.println(r.line());
        Files.writeString(Path.of("target", "fuzz-report.txt"), r.line() + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (!r.failures().isEmpty()) fail(r.line() + "; inputs in target/fuzz-failures/" + reader() + "; " + summary(r.failures()));
        assertTrue(r.rejected() > 0, "no mutation was rejected: the mutator does not reach this reader's checks");
    }

    @Test
    void pastFailuresStayFixed() throws Exception {
        Path dir = regressions();
        if (dir == null) return;
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir)) {
            inputs = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Fuzzer.Failure> failures = new Fuzzer(reader(), fileName(), target(), work).replay(inputs);
        if (!failures.isEmpty()) fail(failures.size() + " of " + inputs.size() + " regression inputs fail: " + summary(failures));
    }

    private Path regressions() throws URISyntaxException {
        URL u = getClass().getResource("/regressions/" + reader());
        return u == null ? null : Path.of(u.toURI());
    }

    /** Distinct failure details (up to 8), so the message says what to fix. */
    private static String summary(List<Fuzzer.Failure> failures) {
        Map<String, Integer> byDetail = new LinkedHashMap<>();
        for (Fuzzer.Failure f : failures) byDetail.merge(f.kind() + ": " + f.detail(), 1, Integer::sum);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, Integer> e : byDetail.entrySet()) {
            if (n++ == 8) break;
            sb.append("\n  ").append(e.getValue()).append(" x ").append(e.getKey());
        }
        return sb.toString();
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static byte[] read(Path p) throws IOException { return Files.readAllBytes(p); }

    /** The shared data directory (../shared/data beside the repository root, or $NXM_DATA). */
    static Path data() {
        String env = System.getenv("NXM_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
    }
}
