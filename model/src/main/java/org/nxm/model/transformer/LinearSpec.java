package org.nxm.model.transformer;

/**
 * One Linear layer of the encoder: its Hugging Face BERT module name (e.g.
 * {@code encoder.layer.0.attention.self.query}), its layer index, and its shape. The weight is
 * stored {@code [out, in]} under {@code name + ".weight"}, the bias {@code [out]} under {@code name + ".bias"}.
 */
public record LinearSpec(String name, int layer, int in, int out) {
    public String weightName() { return name + ".weight"; }

    public String biasName() { return name + ".bias"; }

    /** The last part of the module path: query, key, value, attention.output.dense, intermediate.dense, output.dense. */
    public String role() {
        String prefix = "encoder.layer." + layer + ".";
        String r = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        return r.startsWith("attention.self.") ? r.substring("attention.self.".length()) : r;
    }

    public long parameters() { return (long) in * out + out; }
}
