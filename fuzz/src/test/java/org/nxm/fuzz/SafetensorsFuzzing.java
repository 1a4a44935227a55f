package org.nxm.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import org.nxm.model.numeric.DType;

/**
 * What the safetensors fuzz tests share: a third of the inputs get a hostile shape or dtype with the file laid out
 * consistently around it ({@link SafetensorsHeader#reshape}), the rest the generic edits, text edits of the header
 * included (the 8-byte length made to agree again for every other input), and refusals through the CLI must name
 * the tensor, field or byte offset beside the file. The readers: the file itself ({@link SafetensorsFuzzTest}),
 * {@code nxm encode --prune magnitude} ({@link SafetensorsEncodeFuzzTest}) and {@code nxm decode}
 * ({@link SafetensorsDecodeFuzzTest}).
 */
abstract class SafetensorsFuzzing extends ReaderFuzzTest {
    /** What a safetensors refusal names beside the file. */
    static final Pattern NAMES_WHERE = Pattern.compile("tensor '|byte|__metadata__|header");

    private long[] dataSizes = {};

    @Override boolean text() { return true; }

    @Override byte[] repair(byte[] mutated) { return SafetensorsHeader.repair(mutated, dataSizes); }

    @Override
    byte[] mutate(Mutator m, byte[] seed) {
        return m.nextInt(3) == 0 ? SafetensorsHeader.reshape(m, seed) : m.mutate(seed, text());
    }

    /** Dense seeds: an F32 and an F16 matrix (k a multiple of 16, as the cutlass layout needs) and a bias. */
    List<byte[]> denseSeeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            float[] a = new float[32 * 32], b = new float[32 * 64], bias = new float[32];
            for (int i = 0; i < a.length; i++) a[i] = (float) Math.sin(i * 0.37 + s) * (1 + i % 5);
            for (int i = 0; i < b.length; i++) b[i] = (float) Math.cos(i * 0.11 - s) * 0.5f;
            for (int i = 0; i < bias.length; i++) bias[i] = i * 0.125f;
            Path p = work.resolve("dense-" + s + ".safetensors");
            SafetensorsWriter.write(p, List.of(SafeTensor.ofFloats("layer.0.dense.weight", new int[] {32, 32}, a, DType.F32),
                    SafeTensor.ofFloats("layer.0.dense.bias", new int[] {32}, bias, DType.F32),
                    SafeTensor.ofFloats("layer.1.dense.weight", new int[] {32, 64}, b, s == 0 ? DType.F16 : DType.BF16)),
                    Map.of("format", "pt"));
            seeds.add(read(p));
        }
        return seeds;
    }

    /** The reader's own refusals must also say where: the tensor, field or byte offset. */
    static Fuzzer.Target namingWhere(Fuzzer.Target t) {
        return (input, out) -> {
            try {
                t.run(input, out);
            } catch (org.nxm.model.io.InputException e) {
                if (!NAMES_WHERE.matcher(String.valueOf(e.getMessage())).find())
                    throw new AssertionError("names neither tensor, field nor byte offset: " + e.getMessage());
                throw e;
            }
        };
    }

    /** Remembers the seeds' data sizes for the header repair. */
    List<byte[]> remember(List<byte[]> seeds) {
        dataSizes = seeds.stream().mapToLong(SafetensorsHeader::dataSize).distinct().toArray();
        return seeds;
    }

    /** The layout by a hash of the input: both layouts get half the inputs (lengths are mostly multiples of 8). */
    static String[] layout(Path input) {
        try {
            return (java.util.Arrays.hashCode(Files.readAllBytes(input)) & 1) == 0 ? new String[] {"--layout", "cutlass", "--dtype", "float16"}
                    : new String[] {"--layout", "nm"};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
