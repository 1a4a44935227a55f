package org.nxm.admm.finetune.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.nxm.admm.finetune.Method;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.model.io.InputException;

/**
 * A run's journal key: task, method label, seed and a digest of the settings that run depends on.
 * The settings line ({@code name=value} tokens separated by spaces) is shared by every method of a
 * grid, but ADMM's, SR-STE's and distillation's settings do not change a dense or ASP run; digesting
 * only the tokens a method reads keeps a dense/ASP run valid when another method's setting changes.
 * A token this class does not know is digested for every method (a new setting invalidates runs
 * until it is classified here, never the other way round).
 */
public final class RunKey {
    /** Read by the sparse methods only (dense trains every weight whatever the pattern or layer set). */
    private static final Set<String> SPARSE = Set.of("layers", "pattern");
    /** Read by the fine-tuning ADMM only. */
    private static final Set<String> ADMM = Set.of("rho0", "rho-growth", "rho-max", "admm-interval", "admm-fraction",
            "admm-penalty", "admm-schedule", "admm-kept", "admm-metric");
    private static final Set<String> SRSTE = Set.of("srste-decay");
    /** Read by the {@code +kd} runs only (their teacher is the dense run of the same common settings). */
    private static final Set<String> KD = Set.of("kd-alpha", "kd-temperature");
    /**
     * A digest of the layer-wise pruned weights a method starts from ({@link #fileDigest}), read by that
     * method only: {@code layerwise-init} for lwadmm, {@code layerwise-init-P} for the method starting
     * from pruner P's output (e.g. {@code layerwise-init-sparsegpt} for lwsparsegpt).
     */
    public static final String LAYERWISE_INIT = "layerwise-init";

    private RunKey() {}

    /** The key of {@code label} (a method, optionally with {@code +kd}) on this task and seed under {@code settings}. */
    public static String of(GlueTask task, String label, long seed, String settings) {
        return task.cliName() + "/" + label + "/seed" + seed + "/" + digest(task.cliName() + "|" + relevant(label, settings));
    }

    /** The tokens of {@code settings} that the run {@code label} depends on, in their order. */
    static String relevant(String label, String settings) {
        boolean kd = label.endsWith("+kd");
        Method m = Method.parse(FinetuneGrid.baseMethod(label));
        List<String> kept = new ArrayList<>();
        for (String token : settings.trim().split("\\s+")) {
            if (token.isEmpty()) continue;
            int eq = token.indexOf('=');
            String name = eq < 0 ? token : token.substring(0, eq);
            boolean reads;
            if (SPARSE.contains(name)) reads = m != Method.DENSE;
            else if (ADMM.contains(name)) reads = m == Method.ADMM;
            else if (SRSTE.contains(name)) reads = m == Method.SRSTE;
            else if (KD.contains(name)) reads = kd;
            else if (name.equals(LAYERWISE_INIT) || name.startsWith(LAYERWISE_INIT + "-")) {
                Method starts = layerwiseMethod(name);
                reads = starts == null || m == starts; // an unknown pruner's start file: like any unknown token
            }
            else reads = true;
            if (reads) kept.add(token);
        }
        return String.join(" ", kept);
    }

    /** The settings token name for the start file of layer-wise method {@code m} (admm's keeps its first name). */
    public static String layerwiseToken(Method m) {
        return m == Method.LWADMM ? LAYERWISE_INIT : LAYERWISE_INIT + "-" + m.layerwisePruner();
    }

    private static Method layerwiseMethod(String token) {
        return token.equals(LAYERWISE_INIT) ? Method.LWADMM : Method.startingFrom(token.substring(LAYERWISE_INIT.length() + 1));
    }

    static String digest(String s) {
        return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)), 0, 6);
    }

    /**
     * The first 12 hex digits of the file's SHA-256 (what {@code sha256sum} prints first), for a
     * settings token naming an input file by its content: another file under the same name is another run.
     */
    public static String fileDigest(Path file) {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return HexFormat.of().formatHex(md.digest(), 0, 6);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
