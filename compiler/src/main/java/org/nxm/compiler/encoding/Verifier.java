package org.nxm.compiler.encoding;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/**
 * Checks N:M matrices and their compressed forms and collects every defect (see {@link DefectKind}):
 * over-full groups, invalid or non-canonical metadata codes, shapes the layout does not allow,
 * values/metadata that do not fit the shape, dtypes that do not go together, and a decode that
 * disagrees with a dense reference (first differing element and the count).
 */
public final class Verifier {
    private Verifier() {}

    /** Every group of m along each row of {@code dense} holds at most n non-zeros. */
    public static DefectLog checkDense(DenseMatrix dense, NmPattern pattern) {
        DefectLog log = new DefectLog();
        checkDense(dense, pattern, log);
        return log;
    }

    public static void checkDense(DenseMatrix dense, NmPattern pattern, DefectLog log) {
        int m = pattern.m(), n = pattern.n(), rows = dense.rows(), cols = dense.cols();
        if (cols % m != 0) {
            log.add(DefectKind.BAD_SHAPE, "k = " + cols + " is not a multiple of m = " + m + " (pattern " + pattern + ")");
            return;
        }
        ByteBuffer data = dense.data();
        DType dtype = dense.dtype();
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < cols / m; g++) {
                long base = (long) r * cols + (long) g * m;
                int count = 0, mask = 0;
                for (int j = 0; j < m; j++) {
                    if (!Elements.isZero(dtype, Elements.get(data, dtype, base + j))) {
                        count++;
                        mask |= 1 << j;
                    }
                }
                if (count > n) {
                    final int row = r, group = g, nz = mask;
                    log.add(DefectKind.OVERFULL_GROUP, () -> overfullMessage(dense, pattern, row, group, nz));
                }
            }
        }
    }

    static String overfullMessage(DenseMatrix dense, NmPattern pattern, int r, int g, int nzMask) {
        int m = pattern.m();
        // For 1:2 float32 and other sub-layouts the group size is still m along the row.
        StringBuilder vals = new StringBuilder("[");
        for (int j = 0; j < m; j++) {
            if (j > 0) vals.append(", ");
            vals.append(Elements.show(dense.dtype(), dense.bits(r, g * m + j)));
        }
        vals.append(']');
        return "row " + r + ", group " + g + " (columns " + g * m + ".." + (g * m + m - 1) + "): "
                + Integer.bitCount(nzMask) + " non-zeros " + vals + ", pattern " + pattern + " allows " + pattern.n();
    }

    /** Codes of a compressed matrix, and its decode against {@code against} when given (null = no reference). */
    public static DefectLog verify(Encoding enc, CompressedMatrix c, DenseMatrix against) {
        DefectLog log = new DefectLog();
        verify(enc, c, against, log);
        return log;
    }

    public static void verify(Encoding enc, CompressedMatrix c, DenseMatrix against, DefectLog log) {
        String problem = enc.shapeProblem(c.rows(), c.cols());
        if (problem != null) {
            log.add(DefectKind.BAD_SHAPE, problem);
            return;
        }
        if (against != null && !referenceFits(c, against, log)) against = null;
        if (enc instanceof CutlassEncoding ce && c.dtype().bytes() == 2) {
            long before = log.total();
            Cutlass16BitKernels.verify(ce, c, against, log);
            if (against != null && log.total() > before && log.count(DefectKind.DECODE_MISMATCH) > 0) {
                checkDense(against, c.pattern(), log); // say why, if the reference itself is not N:M
            }
            return;
        }
        if (enc instanceof NmEncoding ne && c.dtype().bytes() == 2 && c.pattern().indexBits() > 0) {
            if (Nm2of4For16BitKernels.applies(c.pattern(), c.dtype())) Nm2of4For16BitKernels.verify(ne, c, against, log);
            else NmAnyPattern16BitKernels.verify(ne, c, against, log);
            return;
        }
        long invalidBefore = log.count(DefectKind.INVALID_CODE);
        enc.checkCodes(c, log);
        if (against == null) return;
        if (log.count(DefectKind.INVALID_CODE) > invalidBefore) {
            return; // no meaningful decode: the invalid codes are the defects
        }
        DenseMatrix decoded = enc.decode(c);
        compare(decoded, against, c.pattern(), log);
    }

    private static boolean referenceFits(CompressedMatrix c, DenseMatrix against, DefectLog log) {
        if (against.dtype() != c.dtype()) {
            log.add(DefectKind.DTYPE_MISMATCH, "reference is " + against.dtype().longName() + ", values are " + c.dtype().longName());
            return false;
        }
        if (against.rows() != c.rows() || against.cols() != c.cols()) {
            log.add(DefectKind.SIZE_MISMATCH, "reference shape [" + against.rows() + ", " + against.cols()
                    + "], the compressed matrix stands for [" + c.rows() + ", " + c.cols() + "]");
            return false;
        }
        return true;
    }

    /** Bitwise comparison, reporting the first differing element and the count. */
    static void compare(DenseMatrix decoded, DenseMatrix against, NmPattern pattern, DefectLog log) {
        DType dtype = decoded.dtype();
        long total = (long) decoded.rows() * decoded.cols();
        long mismatches = 0;
        int fr = -1, fc = -1, fg = 0, fw = 0;
        ByteBuffer a = decoded.data(), b = against.data();
        for (long i = 0; i < total; i++) {
            int x = Elements.get(a, dtype, i), y = Elements.get(b, dtype, i);
            if (x != y && mismatches++ == 0) {
                fr = (int) (i / decoded.cols());
                fc = (int) (i % decoded.cols());
                fg = x;
                fw = y;
            }
        }
        if (mismatches > 0) {
            reportMismatch(log, dtype, mismatches, total, fr, fc, fg, fw);
            checkDense(against, pattern, log); // say why, if the reference itself is not N:M
        }
    }

    static void reportMismatch(DefectLog log, DType dtype, long mismatches, long total, int r, int c, int got, int want) {
        log.add(DefectKind.DECODE_MISMATCH, "decode differs from the reference in " + mismatches + " of " + total
                + " elements; first at row " + r + ", column " + c + ": decoded " + Elements.show(dtype, got)
                + ", reference " + Elements.show(dtype, want));
    }

    /**
     * Verifies a compressed tensor pair as stored in a file: structure first (dtypes, shapes, sizes,
     * layout limits; each problem a defect), then codes and the decode against {@code against}
     * (nullable). Returns the compressed matrix if the structure was sound, else null.
     */
    public static CompressedMatrix verifyTensors(Layout layout, NmPattern pattern, SafeTensor values, SafeTensor meta,
                                                 SafeTensor against, DefectLog log) {
        CompressedMatrix c = assemble(layout, pattern, values, meta, log);
        if (c == null) return null;
        Encoding enc = Encoding.of(layout, pattern, values.dtype());
        DenseMatrix ref = null;
        if (against != null) {
            if (against.rank() != 2) {
                log.add(DefectKind.SIZE_MISMATCH, "reference '" + against.name() + "' has shape " + Arrays.toString(against.shape())
                        + ", expected [" + c.rows() + ", " + c.cols() + "]");
            } else if (!DenseMatrix.supports(against.dtype())) {
                log.add(DefectKind.DTYPE_MISMATCH, "reference '" + against.name() + "' is " + against.dtype() + ", values are " + c.dtype());
            } else {
                ref = DenseMatrix.of(against);
            }
        }
        verify(enc, c, ref, log);
        return c;
    }

    /** Checks that values and meta fit together and the layout; the compressed matrix, or null with defects logged. */
    public static CompressedMatrix assemble(Layout layout, NmPattern pattern, SafeTensor values, SafeTensor meta, DefectLog log) {
        long before = log.total();
        if (values.rank() != 2) log.add(DefectKind.SIZE_MISMATCH, "values '" + values.name() + "' shape " + Arrays.toString(values.shape()) + ", expected [rows, k·n/m]");
        if (meta.rank() != 2) log.add(DefectKind.SIZE_MISMATCH, "meta '" + meta.name() + "' shape " + Arrays.toString(meta.shape()) + ", expected [rows, metadata columns]");
        if (log.total() > before) return null;
        String unsupported = Encoding.unsupported(layout, pattern, values.dtype());
        if (unsupported != null) {
            log.add(DefectKind.DTYPE_MISMATCH, "values '" + values.name() + "': " + unsupported);
            return null;
        }
        Encoding enc = Encoding.of(layout, pattern, values.dtype());
        if (meta.dtype() != enc.metaDtype()) {
            log.add(DefectKind.DTYPE_MISMATCH, "meta '" + meta.name() + "' is " + meta.dtype() + ", but " + values.dtype().longName()
                    + " values in the " + layout + " " + pattern + " layout need " + enc.metaDtype() + " metadata");
            return null;
        }
        int rows = values.dim(0), vcols = values.dim(1);
        if (vcols % pattern.n() != 0) {
            log.add(DefectKind.SIZE_MISMATCH, "values '" + values.name() + "' have " + vcols + " columns, not a multiple of n = "
                    + pattern.n() + " (pattern " + pattern + ")");
            return null;
        }
        long cols = (long) vcols / pattern.n() * pattern.m();
        if (cols > Integer.MAX_VALUE) {
            log.add(DefectKind.SIZE_MISMATCH, "values '" + values.name() + "' too wide");
            return null;
        }
        String shape = enc.shapeProblem(rows, (int) cols);
        if (shape != null) {
            log.add(DefectKind.BAD_SHAPE, "dense shape [" + rows + ", " + cols + "] (from values " + Arrays.toString(values.shape()) + "): " + shape);
            return null;
        }
        int mcols = enc.metaCols((int) cols);
        if (meta.dim(0) != rows || meta.dim(1) != mcols) {
            log.add(DefectKind.SIZE_MISMATCH, "meta '" + meta.name() + "' shape " + Arrays.toString(meta.shape()) + ", expected ["
                    + rows + ", " + mcols + "] for values " + Arrays.toString(values.shape()) + " (dense [" + rows + ", " + cols + "])");
            return null;
        }
        return new CompressedMatrix(layout, pattern, values.dtype(), rows, (int) cols, values.data(), meta.dtype(), mcols, meta.data());
    }
}
