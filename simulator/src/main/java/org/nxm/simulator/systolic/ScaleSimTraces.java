package org.nxm.simulator.systolic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * SCALE-Sim-style per-cycle traces, streamed to disk while the cycle-stepped engine runs:
 * {@code layerN/IFMAP_SRAM_TRACE.csv}, {@code FILTER_SRAM_TRACE.csv}, {@code OFMAP_SRAM_TRACE.csv}
 * (one row per line: the served cycle, then the addresses, -1 for an idle port; integers as
 * SCALE-Sim's {@code %i}) and {@code IFMAP_DRAM_TRACE.csv}, {@code FILTER_DRAM_TRACE.csv},
 * {@code OFMAP_DRAM_TRACE.csv} (one row per DRAM cycle: the cycle, then the words moved, as floats
 * like SCALE-Sim's). Each layer's folder is written under a temporary name and moved into place
 * when complete. N:M layers are traced as their compressed GEMM.
 */
public final class ScaleSimTraces {
    private ScaleSimTraces() {}

    public static void write(Path outDir, SystolicConfig cfg, List<Layer> layers, Consumer<String> progress) {
        write(outDir, cfg, layers, ScaleSimVariant.V2_0_2, progress);
    }

    /** As above, with the stall rules of the given SCALE-Sim version. */
    public static void write(Path outDir, SystolicConfig cfg, List<Layer> layers, ScaleSimVariant variant, Consumer<String> progress) {
        try {
            Files.createDirectories(outDir);
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                if (l.sparsity() != null && !l.sparsity().isDense()) {
                    int kc = FoldGeometry.ceilDiv(l.k(), l.sparsity().m()) * l.sparsity().n();
                    l = Layer.gemm(l.name(), l.m(), l.n(), kc);
                }
                Path tmp = Files.createTempDirectory(outDir, ".layer" + i + ".");
                try {
                    writeLayer(tmp, cfg, l, variant);
                    Path target = outDir.resolve("layer" + i);
                    deleteTree(target);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    tmp = null;
                    progress.accept("traces: layer " + i + " (" + l.name() + ") -> " + target);
                } finally {
                    if (tmp != null) deleteTree(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write traces (" + e.getMessage() + ")", e);
        }
    }

    private static void writeLayer(Path dir, SystolicConfig cfg, Layer layer, ScaleSimVariant variant) throws IOException {
        try (BufferedWriter ifS = open(dir, "IFMAP_SRAM_TRACE.csv"); BufferedWriter fiS = open(dir, "FILTER_SRAM_TRACE.csv");
             BufferedWriter ofS = open(dir, "OFMAP_SRAM_TRACE.csv"); BufferedWriter ifD = open(dir, "IFMAP_DRAM_TRACE.csv");
             BufferedWriter fiD = open(dir, "FILTER_DRAM_TRACE.csv"); BufferedWriter ofD = open(dir, "OFMAP_DRAM_TRACE.csv")) {
            SramTraceSink sram = (ic, ia, fc, fa, oc, oa) -> {
                sramRow(ifS, ic, ia);
                sramRow(fiS, fc, fa);
                sramRow(ofS, oc, oa);
            };
            new ReferenceEngine(variant).run(cfg, layer, sram, dramSink(ifD), dramSink(fiD), dramSink(ofD));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static BufferedWriter open(Path dir, String name) throws IOException {
        return Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static void sramRow(Writer w, long cycle, long[] addrs) {
        try {
            w.write(Long.toString(cycle));
            for (long a : addrs) {
                w.write(',');
                w.write(Long.toString(a));
            }
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DramTraceSink dramSink(Writer w) {
        return (cycle, addrs, count) -> {
            try {
                w.write(PythonFloat.repr(cycle));
                for (int i = 0; i < count; i++) {
                    w.write(',');
                    w.write(PythonFloat.repr(addrs[i]));
                }
                w.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
