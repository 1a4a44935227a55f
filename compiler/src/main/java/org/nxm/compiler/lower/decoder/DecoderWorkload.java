package org.nxm.compiler.lower.decoder;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nxm.model.io.InputException;
import org.nxm.model.transformer.DecoderConfig;

/**
 * One pass of a decoder to compile and simulate.
 *
 * @param config       the model
 * @param phase        prefill or decode
 * @param batch        sequences served together
 * @param seq          prefill: prompt tokens per sequence; decode: 1
 * @param context      decode: KV-cache positions the new token attends to (its own included); prefill: = seq
 * @param sparseRoles  which Linears carry the N:M weight when the program is N:M, by role
 *                     ({@link #ROLES}); the others stay dense. Attention over the KV cache is always dense.
 */
public record DecoderWorkload(DecoderConfig config, Phase phase, int batch, int seq, int context, Set<String> sparseRoles) {
    /** Linear roles, in forward order (Llama's Hugging Face names; GPT-2's fc/proj are up_proj/down_proj here). */
    public static final List<String> ROLES = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head");

    /** N:M by default: every projection of the blocks; the LM head stays dense, as in published 2:4 checkpoints. */
    public static final Set<String> DEFAULT_SPARSE = Set.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    public DecoderWorkload {
        sparseRoles = Set.copyOf(sparseRoles);
        if (batch < 1) throw new InputException("--batch: must be >= 1 (got " + batch + ")");
        if (phase == Phase.PREFILL) {
            if (seq < 1) throw new InputException("--seq: must be >= 1 (got " + seq + ")");
            if (seq > config.maxContext()) {
                throw new InputException("--seq: " + seq + " prompt tokens exceed " + config.name() + "'s maximum context of " + config.maxContext());
            }
            if (context != seq) throw new IllegalArgumentException("prefill: context must equal seq");
        } else {
            if (seq != 1) throw new IllegalArgumentException("decode: seq must be 1");
            if (context < 1) throw new InputException("--context: must be >= 1 (got " + context + ")");
            if (context > config.maxContext()) {
                throw new InputException("--context: " + context + " exceeds " + config.name() + "'s maximum context of " + config.maxContext());
            }
        }
        for (String r : sparseRoles) {
            if (!ROLES.contains(r)) throw new InputException("--sparse-linears: unknown Linear '" + r + "' (expected some of " + String.join(",", ROLES) + ")");
        }
        long tokens = (long) batch * seq;
        long widest = Math.max(Math.max(config.intermediate(), config.hidden()), (long) config.heads() * context);
        if (tokens * widest > Integer.MAX_VALUE / 2 || (long) batch * context * config.kvWidth() > Integer.MAX_VALUE / 2) {
            throw new InputException(config.name() + ": batch " + batch + " x " + (phase == Phase.PREFILL ? "seq " + seq : "context " + context)
                    + " is too large to compile");
        }
    }

    public static DecoderWorkload prefill(DecoderConfig c, int batch, int seq) {
        return new DecoderWorkload(c, Phase.PREFILL, batch, seq, seq, DEFAULT_SPARSE);
    }

    public static DecoderWorkload decode(DecoderConfig c, int batch, int context) {
        return new DecoderWorkload(c, Phase.DECODE, batch, 1, context, DEFAULT_SPARSE);
    }

    public DecoderWorkload withSparseRoles(Set<String> roles) {
        return new DecoderWorkload(config, phase, batch, seq, context, roles);
    }

    /** "q_proj,k_proj" or "all" / "none" → roles. */
    public static Set<String> parseRoles(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("default")) return DEFAULT_SPARSE;
        if (t.equals("all")) return Set.copyOf(ROLES);
        if (t.equals("none") || t.isEmpty()) return Set.of();
        Set<String> out = new LinkedHashSet<>();
        for (String r : t.split(",")) {
            String x = r.trim();
            if (!ROLES.contains(x)) throw new InputException("--sparse-linears: unknown Linear '" + x + "' (expected default, all, none or some of " + String.join(",", ROLES) + ")");
            out.add(x);
        }
        return out;
    }

    /** Tokens this pass computes: batch × seq. */
    public int tokens() { return batch * seq; }

    public String label() {
        return config.name() + " " + phase.label() + " batch " + batch + (phase == Phase.PREFILL ? " seq " + seq : " context " + context);
    }
}
