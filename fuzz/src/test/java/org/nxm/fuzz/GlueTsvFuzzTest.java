package org.nxm.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nxm.model.data.GlueTsv;

/** GLUE TSV files (STS-B, SST-2, MRPC readers on the same mutated file). */
class GlueTsvFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "glue-tsv"; }

    @Override String fileName() { return "fuzz-dev.tsv"; }

    @Override boolean text() { return true; }

    @Override
    List<byte[]> seeds() throws Exception {
        return List.of(head(data().resolve("glue/sts-b/dev.tsv")), head(data().resolve("glue/sst-2/dev.tsv")),
                head(data().resolve("glue/mrpc/dev.tsv")));
    }

    private static byte[] head(Path p) throws Exception {
        List<String> lines = Files.readAllLines(p);
        return utf8(String.join("\n", lines.subList(0, Math.min(12, lines.size()))) + "\n");
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> {
            // each format rejects the others' files: accepted if one reader takes it, else the last verdict stands
            org.nxm.model.io.InputException last = null;
            for (int reader = 0; reader < 3; reader++) {
                try {
                    switch (reader) {
                        case 0 -> GlueTsv.stsb(input).forEach(p -> Checks.nonNegative("STS-B score", p.score()));
                        case 1 -> GlueTsv.sst2(input);
                        default -> GlueTsv.mrpc(input);
                    }
                    return;
                } catch (org.nxm.model.io.InputException e) {
                    Checks.message(e, input);
                    last = e;
                }
            }
            throw last;
        };
    }
}
