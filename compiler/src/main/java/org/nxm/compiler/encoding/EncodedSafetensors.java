package org.nxm.compiler.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nxm.model.io.InputException;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.sparsity.NmPattern;

/**
 * How compressed tensors live in a safetensors file (what {@code nxm encode} writes): each encoded
 * tensor NAME becomes {@code NAME.values} and {@code NAME.meta}, and {@code __metadata__} records
 * {@code nxm.pattern} ("2:4") and {@code nxm.layout} ("cutlass" or "nm"). A dense pruned file (from
 * {@code nxm prune} or {@code nxm decode}) carries {@code nxm.pattern} only, and may list its N:M
 * tensors, comma-separated, under {@code nxm.pruned}.
 */
public final class EncodedSafetensors {
    public static final String PATTERN_KEY = "nxm.pattern";
    public static final String LAYOUT_KEY = "nxm.layout";
    public static final String PRUNED_KEY = "nxm.pruned";
    public static final String VALUES = ".values";
    public static final String META = ".meta";

    private EncodedSafetensors() {}

    public static boolean isEncoded(SafetensorsFile f) {
        return f.metadata().containsKey(LAYOUT_KEY);
    }

    public static Layout layout(SafetensorsFile f) {
        String l = f.metadata().get(LAYOUT_KEY);
        if (l == null) throw new InputException(f.path() + ": __metadata__ has no " + LAYOUT_KEY + " (not written by nxm encode)");
        try {
            return Layout.parse(l);
        } catch (InputException e) {
            throw new InputException(f.path() + ": __metadata__ " + LAYOUT_KEY + " = \"" + l + "\", expected cutlass or nm");
        }
    }

    /** The pattern in {@code __metadata__}, or null if absent. */
    public static NmPattern patternOrNull(SafetensorsFile f) {
        String p = f.metadata().get(PATTERN_KEY);
        if (p == null) return null;
        try {
            return NmPattern.parse(p);
        } catch (InputException e) {
            throw new InputException(f.path() + ": __metadata__ " + PATTERN_KEY + ": " + e.getMessage());
        }
    }

    public static NmPattern pattern(SafetensorsFile f) {
        NmPattern p = patternOrNull(f);
        if (p == null) throw new InputException(f.path() + ": __metadata__ has no " + PATTERN_KEY);
        return p;
    }

    /** Names NAME with both NAME.values and NAME.meta, in file order; an unpaired half is an error. */
    public static List<String> encodedNames(SafetensorsFile f) {
        List<String> names = new ArrayList<>();
        for (String n : f.names()) {
            if (n.endsWith(VALUES)) {
                String base = n.substring(0, n.length() - VALUES.length());
                if (!f.contains(base + META)) throw new InputException(f.path() + ": tensor '" + n + "' has no matching '" + base + META + "'");
                names.add(base);
            } else if (n.endsWith(META)) {
                String base = n.substring(0, n.length() - META.length());
                if (!f.contains(base + VALUES)) throw new InputException(f.path() + ": tensor '" + n + "' has no matching '" + base + VALUES + "'");
            }
        }
        return names;
    }

    /** {@code nxm.pruned} if present, else null. */
    public static List<String> prunedNamesOrNull(SafetensorsFile f) {
        String s = f.metadata().get(PRUNED_KEY);
        if (s == null || s.isBlank()) return null;
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * The compressed matrix NAME of an encoded file; any structural defect (dtypes, shapes, sizes,
     * layout limits) is an {@link InputException} naming the file and tensor.
     */
    public static CompressedMatrix read(SafetensorsFile f, String name) {
        Layout layout = layout(f);
        NmPattern pattern = pattern(f);
        SafeTensor values = f.get(name + VALUES);
        SafeTensor meta = f.get(name + META);
        DefectLog log = new DefectLog(1);
        CompressedMatrix c = Verifier.assemble(layout, pattern, values, meta, log);
        if (c == null) throw new InputException(f.path() + ": tensor '" + name + "': " + log.defects().get(0).message());
        return c;
    }

    /**
     * The dense matrix NAME restored from an encoded file; a structural defect or an invalid metadata code is an
     * {@link InputException} naming the file and the tensor (the encodings' own messages name only row and group).
     */
    public static DenseMatrix decode(SafetensorsFile f, String name) {
        CompressedMatrix c = read(f, name);
        try {
            return Encoding.of(c.layout(), c.pattern(), c.dtype()).decode(c);
        } catch (InputException e) {
            throw new InputException(f.path() + ": tensor '" + name + META + "': " + e.getMessage());
        }
    }
}
