package org.nxm.cli.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nxm.traces.MemoryLevel;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.Unit;
import org.nxm.traces.format.ChunkInfo;
import org.nxm.traces.format.NxmtReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Print a trace's header and chunk index; --verify checks every chunk.",
            "Header: hardware, clock, units, memory levels, layers, metadata. --verify decodes every chunk and",
            "checks its CRC32 (exit 2 at the first corrupt chunk)."},
        footer = {"", "Example:", "  nxm trace info run.nxmt --verify"})
final class InfoCommand extends TraceSubcommand {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the .nxmt trace")
    Path trace;

    @Option(names = "--verify", description = "decode every chunk, checking CRCs and contents")
    boolean verify;

    @Override
    int execute() {
        try (NxmtReader r = open(trace)) {
            TraceHeader h = r.header();
            long size;
            try {
                size = Files.size(trace);
            } catch (java.io.IOException e) {
                size = -1;
            }
            out().printf(Locale.ROOT, "%s: nxmt version %d, %,d bytes, %,d events in %,d chunks of up to %,d%s%n", trace,
                    r.version(), size, r.eventCount(), r.chunks().size(), r.chunkCapacity(), r.truncated() ? " (TRUNCATED)" : "");
            out().printf(Locale.ROOT, "hardware %s, digest %s, clock %.6g Hz, %,d cycles%n", h.hardwareName(),
                    h.hardwareDigest().isEmpty() ? "-" : h.hardwareDigest(), h.clockHz(), r.lastCycle());
            for (int i = 0; i < h.memoryLevels().size(); i++) {
                MemoryLevel m = h.memoryLevels().get(i);
                out().printf(Locale.ROOT, "memory level %d %s: peak %.4g bytes/cycle%n", i, m.name(), m.peakBytesPerCycle());
            }
            for (int i = 0; i < h.units().size(); i++) {
                Unit u = h.units().get(i);
                out().printf(Locale.ROOT, "unit %d %s: %s, level %s, peak %.4g/cycle%n", i, u.name(),
                        u.kind().name().toLowerCase(Locale.ROOT),
                        u.memoryLevel() < 0 ? "-" : h.memoryLevels().get(u.memoryLevel()).name(), u.peakPerCycle());
            }
            out().printf(Locale.ROOT, "%d layers%s%n", h.layers().size(), h.layers().isEmpty() ? "" : ": " + h.layers().get(0)
                    + (h.layers().size() > 1 ? " ... " + h.layers().get(h.layers().size() - 1) : ""));
            h.metadata().forEach((k, v) -> out().printf("meta %s = %s%n", k, v));
            if (verify) {
                for (ChunkInfo c : r.chunks()) r.readChunk(c.sequence());
                out().printf(Locale.ROOT, "verified %,d chunks: CRC32 and contents OK%n", r.chunks().size());
            }
        }
        out().flush();
        return 0;
    }
}
