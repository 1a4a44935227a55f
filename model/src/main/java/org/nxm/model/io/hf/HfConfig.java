package org.nxm.model.io.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.nxm.model.io.InputException;
import org.nxm.model.transformer.TransformerConfig;

/**
 * A Hugging Face {@code config.json} of a BERT-family encoder (BERT, MiniLM, BGE, E5 share one block) read
 * into a {@link TransformerConfig}, and written back for models that came without one. Refused, each with
 * one line naming the file and key: a missing or non-integer dimension, an architecture that is not a BERT
 * encoder ({@code LlamaForCausalLM}), a {@code model_type} other than {@code bert}, an activation other
 * than exact GELU, relative position embeddings.
 */
public final class HfConfig {
    static final ObjectMapper JSON = new ObjectMapper();
    /** BertModel and the task heads on top of it that transformers defines. */
    private static final Pattern BERT_ARCH = Pattern.compile(
            "Bert(Model|ForMaskedLM|ForPreTraining|ForSequenceClassification|ForTokenClassification|ForQuestionAnswering"
                    + "|ForMultipleChoice|ForNextSentencePrediction|LMHeadModel)");
    private static final List<String> REQUIRED = List.of("hidden_size", "num_hidden_layers", "num_attention_heads",
            "intermediate_size", "vocab_size", "max_position_embeddings");

    private HfConfig() {}

    /** Parses {@code file} (a config.json) into a config named {@code name}. */
    public static TransformerConfig read(Path file, byte[] bytes, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "parse error" : e.getMessage().split("\n")[0];
            throw new InputException(file + ": not valid JSON (" + msg + ")", e);
        }
        if (root == null || !root.isObject()) throw new InputException(file + ": expected a JSON object");
        JsonNode arch = root.get("architectures");
        if (arch != null && arch.isArray()) {
            for (int i = 0; i < arch.size(); i++) {
                String a = arch.get(i).asText();
                if (!BERT_ARCH.matcher(a).matches()) {
                    throw new InputException(file + ": architectures[" + i + "] is '" + a
                            + "', expected a BERT-family encoder (BertModel, BertForSequenceClassification, BertForMaskedLM, ...)");
                }
            }
        }
        JsonNode type = root.get("model_type");
        if (type != null && !"bert".equals(type.asText())) {
            throw new InputException(file + ": model_type is '" + type.asText() + "', expected bert (BERT, MiniLM, BGE and E5 checkpoints use it)");
        }
        JsonNode act = root.get("hidden_act");
        if (act != null && !"gelu".equals(act.asText())) {
            throw new InputException(file + ": hidden_act is '" + act.asText() + "', expected gelu (the exact erf GELU of BERT)");
        }
        JsonNode posType = root.get("position_embedding_type");
        if (posType != null && !"absolute".equals(posType.asText())) {
            throw new InputException(file + ": position_embedding_type is '" + posType.asText() + "', expected absolute");
        }
        int[] dims = new int[REQUIRED.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = positiveInt(file, root, REQUIRED.get(i), -1);
        int typeVocab = positiveInt(file, root, "type_vocab_size", 2);
        double eps = 1e-12;
        JsonNode e = root.get("layer_norm_eps");
        if (e != null) {
            if (!e.isNumber() || e.asDouble() <= 0) throw new InputException(file + ": layer_norm_eps is " + e + ", expected a positive number");
            eps = e.asDouble();
        }
        if (dims[0] % dims[2] != 0) {
            throw new InputException(file + ": hidden_size " + dims[0] + " is not divisible by num_attention_heads " + dims[2]);
        }
        return new TransformerConfig(name, dims[1], dims[0], dims[2], dims[3], dims[4], dims[5], typeVocab, (float) eps, false);
    }

    private static int positiveInt(Path file, JsonNode root, String key, int fallback) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            if (fallback > 0) return fallback;
            throw new InputException(file + ": missing key " + key + " (expected a positive integer)");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new InputException(file + ": key " + key + " is " + v + ", expected a positive integer");
        }
        return v.asInt();
    }

    /** A config.json for {@code config} as transformers writes a {@code BertModel}'s. */
    public static byte[] write(TransformerConfig c) {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures").add("BertModel");
        o.put("attention_probs_dropout_prob", 0.1);
        o.put("hidden_act", "gelu");
        o.put("hidden_dropout_prob", 0.1);
        o.put("hidden_size", c.hidden());
        o.put("initializer_range", 0.02);
        o.put("intermediate_size", c.intermediate());
        o.put("layer_norm_eps", Double.parseDouble(Float.toString(c.layerNormEps())));
        o.put("max_position_embeddings", c.maxPositions());
        o.put("model_type", "bert");
        o.put("num_attention_heads", c.heads());
        o.put("num_hidden_layers", c.layers());
        o.put("pad_token_id", 0);
        o.put("position_embedding_type", "absolute");
        o.put("torch_dtype", "float32");
        o.put("type_vocab_size", c.typeVocabSize());
        o.put("vocab_size", c.vocabSize());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
