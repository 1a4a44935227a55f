package org.nxm.model.io.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.transformer.Pooling;

/**
 * sentence-transformers' description of how a model pools: {@code modules.json} lists the modules
 * (Transformer, {@code sentence_transformers.models.Pooling} at e.g. {@code 1_Pooling}, optionally
 * {@code Normalize}); the Pooling module's {@code config.json} sets {@code pooling_mode_cls_token} or
 * {@code pooling_mode_mean_tokens}. A directory without {@code modules.json} is a plain transformers
 * model: masked mean pooling, not normalised.
 */
public final class SentenceTransformersPooling {
    static final String POOLING_TYPE = "sentence_transformers.models.Pooling";
    static final String NORMALIZE_TYPE = "sentence_transformers.models.Normalize";

    private SentenceTransformersPooling() {}

    /** The pooling of the model in {@code dir}. */
    public static Pooling read(Path dir) {
        Path modules = dir.resolve("modules.json");
        org.nxm.model.io.InputFiles.refuseNonRegular(modules, "modules.json");
        if (!Files.isRegularFile(modules)) return new Pooling(Pooling.Mode.MEAN, false);
        JsonNode list = readJson(modules);
        if (!list.isArray()) throw new InputException(modules + ": expected a JSON array of modules");
        String poolingPath = null;
        boolean normalize = false;
        for (int i = 0; i < list.size(); i++) {
            String type = list.get(i).path("type").asText();
            if (POOLING_TYPE.equals(type)) poolingPath = list.get(i).path("path").asText();
            if (NORMALIZE_TYPE.equals(type)) normalize = true;
        }
        if (poolingPath == null) return new Pooling(Pooling.Mode.MEAN, normalize);
        Path cfg = dir.resolve(poolingPath).resolve("config.json").normalize();
        if (!cfg.startsWith(dir.normalize())) throw new InputException(modules + ": Pooling path '" + poolingPath + "' leaves the model directory");
        org.nxm.model.io.InputFiles.refuseNonRegular(cfg, "pooling config");
        if (!Files.isRegularFile(cfg)) throw new InputException(cfg + ": not found (modules.json names a Pooling module at " + poolingPath + ")");
        JsonNode c = readJson(cfg);
        boolean cls = c.path("pooling_mode_cls_token").asBoolean(false);
        boolean mean = c.path("pooling_mode_mean_tokens").asBoolean(false);
        for (String other : new String[] {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens",
                "pooling_mode_lasttoken"}) {
            if (c.path(other).asBoolean(false)) throw new InputException(cfg + ": " + other + " is true; nxm pools by mean or [CLS] only");
        }
        if (cls == mean) {
            throw new InputException(cfg + ": pooling_mode_cls_token " + cls + " and pooling_mode_mean_tokens " + mean + ", expected exactly one true");
        }
        return new Pooling(cls ? Pooling.Mode.CLS : Pooling.Mode.MEAN, normalize);
    }

    private static JsonNode readJson(Path file) {
        org.nxm.model.io.InputFiles.refuseNonRegular(file, "pooling config");
        try {
            JsonNode n = HfConfig.JSON.readTree(Files.readAllBytes(file));
            if (n == null) throw new InputException(file + ": empty JSON file");
            return n;
        } catch (IOException e) {
            throw new InputException(file + ": not valid JSON (" + String.valueOf(e.getMessage()).split("\n")[0] + ")", e);
        }
    }

    /** modules.json, 1_Pooling/config.json (and the Normalize module) for {@code pooling} over {@code dim}-wide embeddings, by relative path. */
    public static Map<String, byte[]> files(Pooling pooling, int dim) {
        ArrayNode modules = HfConfig.JSON.createArrayNode();
        modules.addObject().put("idx", 0).put("name", "0").put("path", "").put("type", "sentence_transformers.models.Transformer");
        modules.addObject().put("idx", 1).put("name", "1").put("path", "1_Pooling").put("type", POOLING_TYPE);
        if (pooling.normalize()) modules.addObject().put("idx", 2).put("name", "2").put("path", "2_Normalize").put("type", NORMALIZE_TYPE);
        ObjectNode cfg = HfConfig.JSON.createObjectNode();
        cfg.put("word_embedding_dimension", dim);
        cfg.put("pooling_mode_cls_token", pooling.mode() == Pooling.Mode.CLS);
        cfg.put("pooling_mode_mean_tokens", pooling.mode() == Pooling.Mode.MEAN);
        cfg.put("pooling_mode_max_tokens", false);
        cfg.put("pooling_mode_mean_sqrt_len_tokens", false);
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            out.put("modules.json", HfConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(modules));
            out.put("1_Pooling/config.json", HfConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(cfg));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
