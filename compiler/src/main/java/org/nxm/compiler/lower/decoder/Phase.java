package org.nxm.compiler.lower.decoder;

import java.util.Locale;
import org.nxm.model.io.InputException;

/** The two phases of serving a decoder: the prompt in one pass, then one token per step. */
public enum Phase {
    /** T prompt tokens per sequence in one pass: causal attention over the prompt, K and V written to the cache. */
    PREFILL,
    /** One new token per sequence against a KV cache of the context so far. */
    DECODE;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Phase parse(String s) {
        for (Phase p : values()) if (p.label().equalsIgnoreCase(s == null ? "" : s.trim())) return p;
        throw new InputException("--phase: expected prefill or decode, got '" + s + "'");
    }
}
