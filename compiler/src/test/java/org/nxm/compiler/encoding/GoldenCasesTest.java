package org.nxm.compiler.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nxm.model.data.DataDir;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/** Every golden case of ../shared/data/semistructured, both directions, bit for bit. */
class GoldenCasesTest {

    record Golden(String file, DType dtype, int rows, int cols, int metaBits, long[] dense, long[] values,
                  long[] metaLogical, long[] meta) {}

    static List<Path> files() throws IOException {
        Path dir = DataDir.file(null, "semistructured");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertTrue(files.size() >= 5, "expected the golden cases in " + dir);
            return files;
        }
    }

    static Golden load(Path p) throws IOException {
        JsonNode n = new ObjectMapper().readTree(p.toFile());
        DType dtype = DType.lookup(n.get("dtype").asText());
        return new Golden(p.getFileName().toString(), dtype, n.get("rows").asInt(), n.get("cols").asInt(),
                n.get("meta_bits").asInt(), longs(n.get("dense")), longs(n.get("values")),
                longs(n.get("meta_logical")), longs(n.get("meta")));
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    static ByteBuffer pack(long[] elements, int bytes) {
        ByteBuffer b = ByteBuffer.allocate(elements.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < elements.length; i++) {
            switch (bytes) {
                case 1 -> b.put(i, (byte) elements[i]);
                case 2 -> b.putShort(2 * i, (short) elements[i]);
                default -> b.putInt(4 * i, (int) elements[i]);
            }
        }
        return b;
    }

    static long[] unpack(ByteBuffer b, int bytes) {
        long[] out = new long[b.capacity() / bytes];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (bytes) {
                case 1 -> b.get(i) & 0xFFL;
                case 2 -> b.getShort(2 * i) & 0xFFFFL;
                default -> b.getInt(4 * i) & 0xFFFFFFFFL;
            };
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("files")
    void encodeReproducesValuesAndMetadata(Path file) throws IOException {
        Golden g = load(file);
        CutlassEncoding enc = (CutlassEncoding) Encoding.of(Layout.CUTLASS, NmPattern.TWO_FOUR, g.dtype());
        DenseMatrix dense = new DenseMatrix(g.dtype(), g.rows(), g.cols(), pack(g.dense(), g.dtype().bytes()));
        for (CompressedMatrix c : List.of(enc.encode(dense), enc.encodeReference(dense))) {
            assertEquals(g.metaBits(), c.metaDtype().bytes() * 8);
            assertArrayEquals(new int[] {g.rows(), g.cols() / 2}, c.valuesShape());
            assertArrayEquals(new int[] {g.rows(), g.cols() / g.metaBits()}, c.metaShape());
            assertArrayEquals(g.values(), unpack(c.values(), g.dtype().bytes()), g.file() + ": values");
            assertArrayEquals(g.metaLogical(), enc.logicalMeta(c), g.file() + ": meta_logical");
            assertArrayEquals(g.meta(), unpack(c.meta(), g.metaBits() / 8), g.file() + ": meta (reordered)");
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void decodeRestoresTheDenseMatrix(Path file) throws IOException {
        Golden g = load(file);
        CutlassEncoding enc = (CutlassEncoding) Encoding.of(Layout.CUTLASS, NmPattern.TWO_FOUR, g.dtype());
        CompressedMatrix c = new CompressedMatrix(Layout.CUTLASS, NmPattern.TWO_FOUR, g.dtype(), g.rows(), g.cols(),
                pack(g.values(), g.dtype().bytes()), enc.metaDtype(), g.meta().length / g.rows(), pack(g.meta(), g.metaBits() / 8));
        for (DenseMatrix d : List.of(enc.decode(c), enc.decodeReference(c))) {
            assertArrayEquals(g.dense(), unpack(d.data(), g.dtype().bytes()), g.file() + ": dense");
        }
        DenseMatrix dense = new DenseMatrix(g.dtype(), g.rows(), g.cols(), pack(g.dense(), g.dtype().bytes()));
        DefectLog log = Verifier.verify(enc, c, dense);
        assertTrue(log.isClean(), () -> g.file() + ": " + log.report(""));
        assertTrue(Verifier.checkDense(dense, NmPattern.TWO_FOUR).isClean());
    }

    @Test
    void holesCasesReallyHaveUnderfullGroups() throws IOException {
        for (Path p : files()) {
            if (!p.toString().contains("holes")) continue;
            Golden g = load(p);
            int under = 0;
            for (int i = 0; i < g.dense().length; i += 4) {
                int nz = 0;
                for (int j = 0; j < 4; j++) if (!Elements.isZero(g.dtype(), (int) g.dense()[i + j])) nz++;
                if (nz < 2) under++;
            }
            assertTrue(under > 10, p + " has " + under + " under-full groups");
        }
    }

    @Test
    void canonicalCodesAsDocumented() {
        assertEquals(0xE, CutlassEncoding.CANONICAL[0b0000]);
        assertEquals(0xD, CutlassEncoding.CANONICAL[0b0010]);
        int[][] pairs = {{0, 1, 0x4}, {0, 2, 0x8}, {1, 2, 0x9}, {0, 3, 0xC}, {1, 3, 0xD}, {2, 3, 0xE}};
        for (int[] p : pairs) assertEquals(p[2], CutlassEncoding.CANONICAL[(1 << p[0]) | (1 << p[1])]);
        int valid = 0;
        for (int c = 0; c < 16; c++) if (CutlassEncoding.VALID_24[c]) valid++;
        assertEquals(6, valid);
    }

    @Test
    void reorderIsAPermutation() {
        for (int bits : new int[] {16, 32}) {
            int rows = 64, mcols = 8;
            boolean[] seen = new boolean[rows * mcols];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < mcols; j++) {
                    int p = CutlassEncoding.physicalIndex(r, j, rows, bits);
                    assertTrue(!seen[p], "duplicate " + p);
                    seen[p] = true;
                }
            }
        }
    }
}
