package org.nxm.admm.finetune.nn;

import java.util.Arrays;

/**
 * A mini-batch of token sequences packed one after another, without padding: sequence {@code s}
 * occupies rows {@code offsets[s] .. offsets[s+1]} of every activation matrix.
 *
 * <p>This is how the padding mask is applied: padded positions never enter the computation, which
 * is exactly what an additive −∞ attention mask plus masked mean pooling achieve on a padded batch
 * (see {@link #fromPadded}); the Linear layers then multiply only real tokens.
 *
 * @param tokenIds  word-piece id per packed row
 * @param typeIds   token-type (segment) id per packed row
 * @param positions position index per packed row (its column in the padded batch)
 * @param offsets   sequence boundaries, length sequences + 1, offsets[0] = 0
 */
public record PackedSequences(int[] tokenIds, int[] typeIds, int[] positions, int[] offsets) {
    public PackedSequences {
        int t = tokenIds.length;
        if (typeIds.length != t || positions.length != t) {
            throw new IllegalArgumentException("tokenIds, typeIds and positions differ in length");
        }
        if (offsets.length < 1 || offsets[0] != 0 || offsets[offsets.length - 1] != t) {
            throw new IllegalArgumentException("offsets must run from 0 to " + t);
        }
        for (int s = 1; s < offsets.length; s++) {
            if (offsets[s] <= offsets[s - 1]) throw new IllegalArgumentException("empty sequence " + (s - 1));
        }
    }

    public int sequences() { return offsets.length - 1; }
    public int tokens() { return tokenIds.length; }
    public int start(int s) { return offsets[s]; }
    public int length(int s) { return offsets[s + 1] - offsets[s]; }

    /** Packs sequences given as id lists (positions 0..len-1). {@code types} may be null (all 0). */
    public static PackedSequences of(int[][] ids, int[][] types) {
        int total = 0;
        for (int[] seq : ids) total += seq.length;
        int[] tok = new int[total], typ = new int[total], pos = new int[total], off = new int[ids.length + 1];
        int r = 0;
        for (int s = 0; s < ids.length; s++) {
            off[s] = r;
            for (int i = 0; i < ids[s].length; i++, r++) {
                tok[r] = ids[s][i];
                typ[r] = types == null ? 0 : types[s][i];
                pos[r] = i;
            }
        }
        off[ids.length] = r;
        return new PackedSequences(tok, typ, pos, off);
    }

    /**
     * Packs a padded batch {@code [batch][seqLen]} with its attention mask (1 = real token): rows
     * whose mask is 0 are dropped, and each kept token keeps its column as its position.
     */
    public static PackedSequences fromPadded(int[][] ids, int[][] types, int[][] mask) {
        int total = 0;
        for (int[] m : mask) for (int v : m) total += v != 0 ? 1 : 0;
        int[] tok = new int[total], typ = new int[total], pos = new int[total], off = new int[ids.length + 1];
        int r = 0;
        for (int s = 0; s < ids.length; s++) {
            off[s] = r;
            for (int i = 0; i < ids[s].length; i++) {
                if (mask[s][i] == 0) continue;
                tok[r] = ids[s][i];
                typ[r] = types == null ? 0 : types[s][i];
                pos[r] = i;
                r++;
            }
        }
        off[ids.length] = r;
        return new PackedSequences(tok, typ, pos, off);
    }

    /** Sequences [from, to) as their own batch. */
    public PackedSequences slice(int from, int to) {
        int a = offsets[from], b = offsets[to];
        int[] off = new int[to - from + 1];
        for (int s = from; s <= to; s++) off[s - from] = offsets[s] - a;
        return new PackedSequences(Arrays.copyOfRange(tokenIds, a, b), Arrays.copyOfRange(typeIds, a, b),
                Arrays.copyOfRange(positions, a, b), off);
    }
}
