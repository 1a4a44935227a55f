package org.nxm.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nxm.model.numeric.DType;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;

/** safetensors files: the header, then every tensor's values. */
class SafetensorsFuzzTest extends SafetensorsFuzzing {
    @Override String reader() { return "safetensors"; }

    @Override String fileName() { return "fuzz.safetensors"; }

    @Override
    List<byte[]> seeds() throws Exception {
        float[] a = new float[24], b = new float[8];
        for (int i = 0; i < a.length; i++) a[i] = (i - 12) * 0.25f;
        for (int i = 0; i < b.length; i++) b[i] = i;
        Path p = work.resolve("seed.safetensors");
        SafetensorsWriter.write(p, List.of(SafeTensor.ofFloats("layer.weight", new int[] {4, 6}, a, DType.F32),
                SafeTensor.ofFloats("layer.bias", new int[] {8}, b, DType.F16)), Map.of("format", "pt"));
        return remember(List.of(read(p)));
    }

    @Override
    Fuzzer.Target target() {
        return namingWhere((input, out) -> {
            SafetensorsFile f = SafetensorsFile.open(input);
            for (String name : f.names()) f.get(name).toFloatArray();
        });
    }
}
