package org.nxm.cli.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.CliRun;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.numeric.DType;

/**
 * The Python lines of the top README ("Your own model") cannot run here (no torch, transformers or
 * sentence-transformers on this machine), so this checks what they rely on, with the README's own commands on a
 * bert-prefixed classifier directory: the pruned file drops into a copy of the directory under the source's names,
 * shapes and dtypes (what from_pretrained reads); nxm export writes modules.json and 1_Pooling/config.json (what
 * SentenceTransformer reads); and nxm encode --layout cutlass --dtype float16 writes
 * {@code bert.encoder.layer.0.intermediate.dense.weight.values} float16 [out, in/2] and {@code .meta} int16
 * [out, in/16], the tensors the README hands to SparseSemiStructuredTensorCUTLASS.
 */
class ReadmePythonLinesTest {
    @TempDir Path tmp;

    @Test
    void theFilesAndTensorNamesThePythonLinesUseAreWhatNxmWrites() throws Exception {
        Path src = ModelSourcesTest.classifierDir(tmp.resolve("my-bert"), DType.F32);
        Path pruned = tmp.resolve("my-bert-2of4.safetensors");
        CliRun p = CliRun.of("prune", "--model-dir", src.toString(), "--pattern", "2:4", "--method", "magnitude", "--out", pruned.toString());
        assertEquals(0, p.code(), p.err());
        SafetensorsFile in = SafetensorsFile.open(src.resolve("model.safetensors")), out = SafetensorsFile.open(pruned);
        assertEquals(in.names(), out.names());
        for (String n : in.names()) {
            assertEquals(in.get(n).dtype(), out.get(n).dtype(), n);
            assertArrayEquals(in.get(n).shape(), out.get(n).shape(), n);
        }

        Path packed = tmp.resolve("my-bert-2of4.cutlass.safetensors");
        CliRun e = CliRun.of("encode", pruned.toString(), "--pattern", "2:4", "--layout", "cutlass", "--dtype", "float16", "--out", packed.toString());
        assertEquals(0, e.code(), e.err());
        SafetensorsFile c = SafetensorsFile.open(packed);
        String name = "bert.encoder.layer.0.intermediate.dense.weight";
        SafeTensor values = c.get(name + ".values"), meta = c.get(name + ".meta");
        int[] w = in.get(name).shape(); // [out, in]
        assertEquals(DType.F16, values.dtype());
        assertArrayEquals(new int[] {w[0], w[1] / 2}, values.shape());
        assertEquals(DType.I16, meta.dtype());
        assertArrayEquals(new int[] {w[0], w[1] / 16}, meta.shape());
        assertTrue(c.contains("classifier.weight") && c.contains("bert.pooler.dense.weight"), "heads copied as they were");

        Path st = tmp.resolve("minilm-2of4");
        CliRun x = CliRun.of("export", "--model", "minilm-l6", "--out", st.toString());
        assertEquals(0, x.code(), x.err());
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json"})
            assertTrue(Files.isRegularFile(st.resolve(f)), f + " missing from the export");
    }
}
