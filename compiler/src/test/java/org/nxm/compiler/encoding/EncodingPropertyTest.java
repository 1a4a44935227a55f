package org.nxm.compiler.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.BFloat16;
import org.nxm.model.numeric.DType;
import org.nxm.model.numeric.Float16;
import org.nxm.model.sparsity.NmPattern;

/**
 * The laws of every encoding on random shapes, dtypes and patterns: decode(encode(x)) == x for an
 * N:M x (bit for bit, under-full groups included); verify(encode(x)) is clean; flipping any single
 * metadata bit is detected (against the dense reference); an over-full group is always detected.
 */
class EncodingPropertyTest {
    private static final DType[] DTYPES = {DType.F32, DType.F16, DType.BF16, DType.I8};
    private static final NmPattern[] PATTERNS = {
        new NmPattern(1, 2), new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(2, 8), new NmPattern(4, 8),
        new NmPattern(3, 7), new NmPattern(1, 1), new NmPattern(5, 16), new NmPattern(1, 32), new NmPattern(16, 32)
    };

    /** A random non-zero element (occasionally NaN or a subnormal for the float types). */
    static int randomNonZero(DType dtype, SplittableRandom rnd) {
        double g = rnd.nextGaussian();
        int special = rnd.nextInt(50);
        return switch (dtype) {
            case F32 -> special == 0 ? Float.floatToRawIntBits(Float.NaN) : special == 1 ? 1
                    : Float.floatToRawIntBits(g == 0 ? 1f : (float) g);
            case F16 -> {
                int b = special == 0 ? 0x7E00 : special == 1 ? 0x8001 : Float16.fromFloat((float) g) & 0xFFFF;
                yield (b & 0x7FFF) == 0 ? 0x3C00 : b;
            }
            case BF16 -> {
                int b = special == 0 ? 0xFFC1 : BFloat16.fromFloat((float) g) & 0xFFFF;
                yield (b & 0x7FFF) == 0 ? 0x3F80 : b;
            }
            default -> {
                int b = rnd.nextInt(255) - 128;
                yield (b == 0 ? 1 : b) & 0xFF;
            }
        };
    }

    /** A random N:M matrix: each group keeps a random number (0..n, mostly n) of non-zeros, zeros are +0 (or -0 sometimes). */
    static DenseMatrix randomNm(DType dtype, NmPattern p, int rows, int cols, SplittableRandom rnd) {
        DenseMatrix d = DenseMatrix.zeros(dtype, rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < cols / p.m(); g++) {
                int keep = rnd.nextInt(4) == 0 ? rnd.nextInt(p.n() + 1) : p.n();
                List<Integer> idx = new ArrayList<>();
                for (int j = 0; j < p.m(); j++) idx.add(j);
                java.util.Collections.shuffle(idx, new java.util.Random(rnd.nextLong()));
                for (int t = 0; t < keep; t++) d.setBits(r, g * p.m() + idx.get(t), randomNonZero(dtype, rnd));
            }
        }
        return d;
    }

    record Case(Encoding enc, DenseMatrix dense) {}

    static List<Case> randomCases(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DType dtype = DTYPES[rnd.nextInt(DTYPES.length)];
            if (rnd.nextBoolean()) {
                NmPattern p = dtype == DType.F32 ? new NmPattern(1, 2) : NmPattern.TWO_FOUR;
                CutlassEncoding enc = (CutlassEncoding) Encoding.of(Layout.CUTLASS, p, dtype);
                int rows = enc.rowMultiple() * (1 + rnd.nextInt(3));
                int cols = enc.colMultiple() * (1 + rnd.nextInt(3));
                cases.add(new Case(enc, randomNm(dtype, p, rows, cols, rnd)));
            } else {
                NmPattern p = PATTERNS[rnd.nextInt(PATTERNS.length)];
                int rows = 1 + rnd.nextInt(9);
                int cols = p.m() * (1 + rnd.nextInt(6));
                cases.add(new Case(Encoding.of(Layout.NM, p, dtype), randomNm(dtype, p, rows, cols, rnd)));
            }
        }
        return cases;
    }

    @Test
    void decodeOfEncodeIsTheMaskedMatrixAndVerifiesClean() {
        for (Case c : randomCases(1, 300)) {
            CompressedMatrix comp = c.enc().encode(c.dense());
            assertEquals(c.dense().byteSize(), comp.denseBytes());
            DenseMatrix back = c.enc().decode(comp);
            assertTrue(back.sameBits(c.dense()), () -> c.enc() + " " + c.dense());
            DefectLog log = Verifier.verify(c.enc(), comp, c.dense());
            assertTrue(log.isClean(), () -> c.enc() + " " + c.dense() + ": " + log.report(""));
            assertTrue(Verifier.checkDense(c.dense(), c.enc().pattern()).isClean());
        }
    }

    @Test
    void encodeOfProjectedFloatsRoundTrips() {
        // mask(x) for a dense float x: the magnitude projection, as `nxm encode --prune magnitude` does.
        SplittableRandom rnd = new SplittableRandom(2);
        for (NmPattern p : PATTERNS) {
            float[] x = new float[8 * p.m() * 3];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            org.nxm.model.tensor.Matrix m = new org.nxm.model.tensor.Matrix(8, p.m() * 3, x.clone());
            for (int r = 0; r < 8; r++) p.projectInPlace(m.data(), r * m.cols(), m.cols());
            for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16}) {
                DenseMatrix d = DenseMatrix.of(m, dtype);
                Encoding enc = Encoding.of(Layout.NM, p, dtype);
                assertTrue(enc.decode(enc.encode(d)).sameBits(d));
            }
        }
    }

    @Test
    void everySingleMetadataBitFlipIsDetected() {
        int flips = 0;
        for (Case c : randomCases(3, 120)) {
            CompressedMatrix comp = c.enc().encode(c.dense());
            ByteBuffer meta = comp.meta();
            long bits = comp.metaBytes() * 8;
            SplittableRandom rnd = new SplittableRandom(bits);
            // All bits of small metadata, a random sample of 256 otherwise.
            long tries = Math.min(bits, 256);
            for (long t = 0; t < tries; t++) {
                long bit = bits <= 256 ? t : rnd.nextLong(bits);
                int byteAt = (int) (bit / 8);
                byte orig = meta.get(byteAt);
                meta.put(byteAt, (byte) (orig ^ (1 << (bit % 8))));
                DefectLog log = Verifier.verify(c.enc(), comp, c.dense());
                meta.put(byteAt, orig);
                flips++;
                assertFalse(log.isClean(), () -> c.enc() + " " + c.dense() + ": flip of metadata bit " + bit + " not detected");
            }
            assertTrue(Verifier.verify(c.enc(), comp, c.dense()).isClean());
        }
        assertTrue(flips > 10_000, "flips tried: " + flips);
    }

    @Test
    void bitFlipsInAllZeroGroupsAreDetectedEvenWithoutAReference() {
        // Canonical-code checking catches flips that decode to the same matrix (padding indices moved).
        for (DType dtype : DTYPES) {
            Encoding enc = dtype == DType.F32 ? Encoding.of(Layout.CUTLASS, new NmPattern(1, 2), dtype)
                    : Encoding.of(Layout.CUTLASS, NmPattern.TWO_FOUR, dtype);
            CompressedMatrix comp = enc.encode(DenseMatrix.zeros(dtype, 32, 64));
            for (long bit = 0; bit < comp.metaBytes() * 8; bit++) {
                int at = (int) (bit / 8);
                byte orig = comp.meta().get(at);
                comp.meta().put(at, (byte) (orig ^ (1 << (bit % 8))));
                assertFalse(Verifier.verify(enc, comp, null).isClean(), dtype + " bit " + bit);
                comp.meta().put(at, orig);
            }
        }
    }

    @Test
    void anOverfullGroupIsAlwaysDetected() {
        SplittableRandom rnd = new SplittableRandom(4);
        int tried = 0;
        for (Case c : randomCases(5, 200)) {
            NmPattern p = c.enc().pattern();
            if (p.n() == p.m()) continue;
            DenseMatrix over = c.dense().slice(0, c.dense().rows(), 0, c.dense().cols());
            int r = rnd.nextInt(over.rows());
            int g = rnd.nextInt(over.cols() / p.m());
            int count = 0;
            for (int j = 0; j < p.m() && count <= p.n(); j++) {
                if (over.isZero(r, g * p.m() + j)) over.setBits(r, g * p.m() + j, randomNonZero(over.dtype(), rnd));
                count++;
            }
            tried++;
            DefectLog dense = Verifier.checkDense(over, p);
            assertEquals(1, dense.count(DefectKind.OVERFULL_GROUP), () -> dense.report("").toString());
            assertTrue(dense.defects().get(0).message().startsWith("row " + r + ", group " + g + " "), dense.defects().toString());
            assertThrows(InputException.class, () -> c.enc().encode(over));
            // The honest encoding checked against the over-full reference: the decode differs and the reference is named.
            DefectLog log = Verifier.verify(c.enc(), c.enc().encode(c.dense()), over);
            assertTrue(log.count(DefectKind.DECODE_MISMATCH) == 1 && log.count(DefectKind.OVERFULL_GROUP) == 1, log.report("").toString());
        }
        assertTrue(tried > 100);
    }

    @Test
    void fastSixteenBitPathsEqualTheReferencePaths() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            CutlassEncoding enc = (CutlassEncoding) Encoding.of(Layout.CUTLASS, NmPattern.TWO_FOUR, dtype);
            for (int i = 0; i < 20; i++) {
                DenseMatrix d = randomNm(dtype, NmPattern.TWO_FOUR, 32 * (1 + rnd.nextInt(3)), 32 * (1 + rnd.nextInt(4)), rnd);
                CompressedMatrix fast = enc.encode(d);
                CompressedMatrix ref = enc.encodeReference(d);
                assertEquals(ref.values(), fast.values());
                assertEquals(ref.meta(), fast.meta());
                assertTrue(enc.decode(fast).sameBits(enc.decodeReference(fast)));
                // Random garbage metadata: both checkers find the same defects.
                for (int b = 0; b < fast.metaBytes(); b++) fast.meta().put(b, (byte) rnd.nextInt(256));
                DefectLog a = new DefectLog(), b2 = new DefectLog();
                enc.checkCodes(fast, a);
                enc.checkCodesReference(fast, b2);
                assertEquals(b2.counts(), a.counts());
                assertEquals(b2.defects(), a.defects());
            }
        }
    }

    @Test
    void fastSixteenBitNmPathsEqualTheReferencePaths() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            DType dtype = rnd.nextBoolean() ? DType.F16 : DType.BF16;
            NmPattern p = i % 3 == 0 ? NmPattern.TWO_FOUR : PATTERNS[rnd.nextInt(PATTERNS.length)];
            NmEncoding enc = (NmEncoding) Encoding.of(Layout.NM, p, dtype);
            DenseMatrix d = randomNm(dtype, p, 1 + rnd.nextInt(6), p.m() * (1 + rnd.nextInt(12)), rnd);
            CompressedMatrix fast = enc.encode(d);
            CompressedMatrix ref = enc.encodeReference(d);
            assertEquals(ref.values(), fast.values(), enc + " " + d);
            assertEquals(ref.meta(), fast.meta(), enc + " " + d);
            assertTrue(enc.decode(fast).sameBits(enc.decodeReference(fast)));
            // Corrupt some metadata bytes: both checkers find the same defects.
            for (int b = 0; b < fast.metaBytes(); b++) if (rnd.nextInt(3) == 0) fast.meta().put(b, (byte) rnd.nextInt(256));
            DefectLog a = new DefectLog(1000), b2 = new DefectLog(1000);
            enc.checkCodes(fast, a);
            enc.checkCodesReference(fast, b2);
            assertEquals(b2.defects(), a.defects(), enc + " " + d);
            assertEquals(b2.counts(), a.counts());
        }
    }

    @Test
    void tf32OneTwoLayoutCodes() {
        CutlassEncoding enc = (CutlassEncoding) Encoding.of(Layout.CUTLASS, new NmPattern(1, 2), DType.F32);
        DenseMatrix d = DenseMatrix.zeros(DType.F32, 32, 16);
        // Row 0: pairs (1.5, 0), (0, -2), (0, 0), (0, 0), then zeros: codes 0x4, 0xE, 0xE, 0xE -> 0xEEE4.
        d.setBits(0, 0, Float.floatToRawIntBits(1.5f));
        d.setBits(0, 3, Float.floatToRawIntBits(-2f));
        CompressedMatrix c = enc.encode(d);
        assertEquals(0xEEE4L, enc.logicalMeta(c)[0]);
        assertEquals(0xEEEEL, enc.logicalMeta(c)[1]);
        assertEquals(1.5f, c.values().getFloat(0));
        assertEquals(-2f, c.values().getFloat(4));
        assertTrue(enc.decode(c).sameBits(d));
        d.setBits(0, 1, Float.floatToRawIntBits(1f));
        assertThrows(InputException.class, () -> enc.encode(d));
    }

    @Test
    void layoutShapeAndComboErrors() {
        assertThrows(InputException.class, () -> Encoding.of(Layout.CUTLASS, new NmPattern(1, 4), DType.F16));
        assertThrows(InputException.class, () -> Encoding.of(Layout.CUTLASS, NmPattern.TWO_FOUR, DType.F32));
        Encoding enc = Encoding.of(Layout.CUTLASS, NmPattern.TWO_FOUR, DType.F16);
        InputException e = assertThrows(InputException.class, () -> enc.encode(DenseMatrix.zeros(DType.F16, 16, 32)));
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
        Encoding nm = Encoding.of(Layout.NM, NmPattern.TWO_FOUR, DType.F16);
        assertTrue(assertThrows(InputException.class, () -> nm.encode(DenseMatrix.zeros(DType.F16, 2, 6)))
                .getMessage().contains("not a multiple of m = 4"));
        assertEquals(Layout.NM, Layout.parse("logical"));
    }

    @Test
    void nmLayoutBytesAsDocumented() {
        // 2:4 float16, one row [0, a, 0, b | c, 0, 0, 0]: indices 1,3 | 0,1 (padded with the lowest zero) -> 2-bit fields
        // 01 11 00 01 LSB first = 0b01_00_11_01 = 0x4D.
        DenseMatrix d = DenseMatrix.zeros(DType.F16, 1, 8);
        d.setBits(0, 1, 0x3C00);
        d.setBits(0, 3, 0x4000);
        d.setBits(0, 4, 0x4200);
        Encoding enc = Encoding.of(Layout.NM, NmPattern.TWO_FOUR, DType.F16);
        CompressedMatrix c = enc.encode(d);
        assertEquals(1, c.metaCols());
        assertEquals(0x4D, c.meta().get(0) & 0xFF);
        assertEquals(0x3C00, c.values().getShort(0) & 0xFFFF);
        assertEquals(0x4000, c.values().getShort(2) & 0xFFFF);
        assertEquals(0x4200, c.values().getShort(4) & 0xFFFF);
        assertEquals(0x0000, c.values().getShort(6) & 0xFFFF);
        // 3:7 has 3-bit indices: 3 fields = 9 bits -> 2 bytes per row, 7 padding bits.
        assertEquals(2, Encoding.of(Layout.NM, new NmPattern(3, 7), DType.I8).metaCols(7));
    }

    @Test
    void reportPrintsTwentyAndTheTotal() {
        Encoding enc = Encoding.of(Layout.CUTLASS, NmPattern.TWO_FOUR, DType.F16);
        CompressedMatrix c = enc.encode(DenseMatrix.zeros(DType.F16, 32, 64));
        for (int b = 0; b < c.metaBytes(); b++) c.meta().put(b, (byte) 0);
        DefectLog log = Verifier.verify(enc, c, null);
        assertEquals(32 * 16, log.total());
        List<String> lines = log.report("  ");
        assertEquals(21, lines.size());
        assertTrue(lines.get(20).contains("512 defects in total (20 shown)"), lines.get(20));
        assertTrue(lines.get(0).contains("INVALID_CODE: row 0, group 0 (columns 0..3): metadata code 0x0"), lines.get(0));
    }
}
