package org.nxm.admm.finetune.model;

/** The shape of a BERT-style encoder, as the training code needs it. */
public record EncoderDims(int layers, int hidden, int heads, int ffn, int vocab, int maxPositions,
                          int typeVocab, float layerNormEps) {
    public EncoderDims {
        if (layers < 1 || hidden < 1 || heads < 1 || hidden % heads != 0 || ffn < 1 || vocab < 1
                || maxPositions < 1 || typeVocab < 1) {
            throw new IllegalArgumentException("bad encoder dims " + layers + "/" + hidden + "/" + heads + "/" + ffn);
        }
    }

    /** all-MiniLM-L6-v2. */
    public static EncoderDims miniLmL6() {
        return new EncoderDims(6, 384, 12, 1536, 30522, 512, 2, 1e-12f);
    }
}
