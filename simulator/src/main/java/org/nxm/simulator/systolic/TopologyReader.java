package org.nxm.simulator.systolic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nxm.model.io.InputException;
import org.nxm.model.io.InputFiles;
import org.nxm.model.sparsity.NmPattern;

/**
 * Reads SCALE-Sim's topology CSV in either form:
 * <ul>
 *   <li>GEMM: {@code Layer,M,N,K,} (chosen by {@code --gemm} or a header whose second column is M);</li>
 *   <li>convolution: {@code Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels,
 *       Num Filter, Strides,} (an optional ninth column gives a separate column stride), mapped to a GEMM
 *       as SCALE-Sim does (M = OFMAP pixels, N = filters, K = window).</li>
 * </ul>
 * Either may end with a {@code Sparsity} column {@code n:m} (SCALE-Sim v3's spelling; {@code dense},
 * empty or {@code 1:1} mean dense). Rows end with a trailing comma in SCALE-Sim's files; it is optional here.
 */
public final class TopologyReader {
    /** Most layers one topology may hold (after depthwise rows are expanded channel by channel). */
    public static final int MAX_LAYERS = 100_000;

    private TopologyReader() {}

    public static List<Layer> read(Path file, boolean forceGemm) {
        List<String> lines = InputFiles.readLines(file, "topology file");
        int headerIdx = -1;
        for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isBlank()) { headerIdx = i; break; }
        if (headerIdx < 0) throw InputException.at(file, "empty topology (expected a header and at least one layer)");
        List<String> header = fields(lines.get(headerIdx).replace("\uFEFF", ""));
        boolean sparsityCol = !header.isEmpty() && header.get(header.size() - 1).toLowerCase(Locale.ROOT).startsWith("sparsity");
        boolean gemm = forceGemm || (header.size() > 1 && header.get(1).equalsIgnoreCase("M"));
        int numeric = gemm ? 3 : (sparsityCol ? header.size() - 2 : Math.max(7, Math.min(8, header.size() - 1)));
        if (!gemm && numeric != 7 && numeric != 8) numeric = 7;
        int expected = 1 + numeric + (sparsityCol ? 1 : 0);
        String[] names = gemm ? new String[] {"M", "N", "K"}
                : new String[] {"IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width", "Channels", "Num Filter",
                        "Strides", "Stride Width"};
        List<Layer> layers = new ArrayList<>();
        for (int i = headerIdx + 1; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw.isBlank()) continue;
            String at = file + ":" + (i + 1);
            List<String> f = fields(raw);
            if (f.size() != expected)
                throw InputException.at(at, "expected " + expected + " columns (" + String.join(",", header)
                        + "), got " + f.size());
            String name = f.get(0).strip();
            int[] v = new int[numeric];
            for (int j = 0; j < numeric; j++) v[j] = positive(at, names[j], f.get(1 + j));
            NmPattern sp = sparsityCol ? sparsity(at, f.get(expected - 1)) : null;
            try {
                long adding = !gemm && name.contains("DP") ? v[4] : 1;
                if (layers.size() + adding > MAX_LAYERS)
                    throw InputException.at(at, "the topology expands to more than " + MAX_LAYERS + " layers (a depthwise 'DP' row runs one layer per channel)");
                if (!gemm && name.contains("DP")) {
                    // SCALE-Sim's depthwise convention: a name containing "DP" runs one single-channel layer per channel.
                    for (int ch = 0; ch < v[4]; ch++)
                        layers.add(checked(at, new Layer(name + "Channel_" + ch, v[0], v[1], v[2], v[3], 1, v[5], v[6],
                                numeric == 8 ? v[7] : v[6], sp)));
                    continue;
                }
                Layer l = gemm ? Layer.gemm(name, v[0], v[1], v[2], sp)
                        : new Layer(name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], numeric == 8 ? v[7] : v[6], sp);
                layers.add(checked(at, l));
            } catch (IllegalArgumentException e) {
                throw InputException.at(at, "layer " + InputException.quote(name) + ": " + e.getMessage());
            }
        }
        if (layers.isEmpty()) throw InputException.at(file, "no layers (expected at least one row after the header)");
        return layers;
    }

    private static Layer checked(String at, Layer l) {
        if (l.sparsity() != null && l.k() % l.sparsity().m() != 0)
            throw InputException.at(at, "Sparsity: K=" + l.k() + " is not a multiple of m=" + l.sparsity().m());
        return l;
    }

    /** Splits on commas; SCALE-Sim's trailing comma yields no extra field. */
    private static List<String> fields(String line) {
        String s = line.strip();
        if (s.endsWith(",")) s = s.substring(0, s.length() - 1);
        List<String> out = new ArrayList<>(Arrays.asList(s.split(",", -1)));
        out.replaceAll(String::strip);
        return out;
    }

    private static int positive(String at, String field, String text) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw InputException.at(at, field + ": expected a positive integer, got " + InputException.quote(text.strip()));
        }
        if (v <= 0 || v > Integer.MAX_VALUE) throw InputException.at(at, field + ": expected a positive integer, got " + v);
        return (int) v;
    }

    private static NmPattern sparsity(String at, String text) {
        String s = text.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("dense") || s.equals("1:1")) return null;
        try {
            return NmPattern.parse(s);
        } catch (RuntimeException e) {
            throw InputException.at(at, "Sparsity: expected n:m (e.g. 2:4), got " + InputException.quote(s));
        }
    }
}
