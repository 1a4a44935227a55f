package org.nxm.cli.encoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.nxm.compiler.encoding.CompressedMatrix;

/** One-line and JSON descriptions of a compressed tensor, shared by encode and verify. */
final class Summary {
    private Summary() {}

    static String line(String name, CompressedMatrix c) {
        return String.format(Locale.ROOT, "%s: %s %s %s [%d, %d]  %,d -> %,d bytes (values %,d + meta %,d), %.2fx",
                name, c.pattern(), c.layout().cliName(), c.dtype().longName(), c.rows(), c.cols(),
                c.denseBytes(), c.compressedBytes(), c.valuesBytes(), c.metaBytes(), c.compressionRatio());
    }

    static ObjectNode json(ObjectMapper om, String name, CompressedMatrix c) {
        ObjectNode n = om.createObjectNode();
        n.put("name", name);
        n.put("pattern", c.pattern().toString());
        n.put("layout", c.layout().cliName());
        n.put("dtype", c.dtype().longName());
        n.putArray("shape").add(c.rows()).add(c.cols());
        n.putArray("values_shape").add(c.valuesShape()[0]).add(c.valuesShape()[1]);
        n.put("meta_dtype", c.metaDtype().longName());
        n.putArray("meta_shape").add(c.metaShape()[0]).add(c.metaShape()[1]);
        n.put("dense_bytes", c.denseBytes());
        n.put("compressed_bytes", c.compressedBytes());
        n.put("compression_ratio", Math.round(c.compressionRatio() * 10000) / 10000.0);
        return n;
    }
}
