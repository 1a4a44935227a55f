package org.nxm.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nxm.cli.Nxm;

/** {@code nxm decode} of files {@code nxm encode} wrote. */
class SafetensorsDecodeFuzzTest extends SafetensorsFuzzing {
    @Override String reader() { return "safetensors-decode"; }

    @Override int ciIterations() { return 600; }

    @Override String fileName() { return "fuzz-packed.safetensors"; }

    @Override
    List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        List<byte[]> dense = denseSeeds();
        for (int s = 0; s < dense.size(); s++) {
            for (String layout : List.of("cutlass", "nm")) {
                Path in = work.resolve("in-" + s + "-" + layout + ".safetensors");
                Files.write(in, dense.get(s));
                Path out = work.resolve("packed-" + s + "-" + layout + ".safetensors");
                String[] args = {"encode", in.toString(), "--pattern", "2:4", "--prune", "magnitude", "--layout", layout,
                    "--dtype", "float16", "--out", out.toString()};
                StringWriter err = new StringWriter();
                picocli.CommandLine cl = Nxm.commandLine();
                cl.setOut(new PrintWriter(new StringWriter()));
                cl.setErr(new PrintWriter(err, true));
                if (cl.execute(args) != 0) throw new IllegalStateException("seed encode failed: " + err);
                seeds.add(read(out));
            }
        }
        return remember(seeds);
    }

    @Override
    Fuzzer.Target target() {
        return new CliTarget((in, out) -> new String[] {"decode", in.toString(), "--out", out.resolve("dense.safetensors").toString()},
                NAMES_WHERE);
    }
}
