package org.nxm.admm.linalg;

import java.util.Arrays;
import org.nxm.model.tensor.MatMul;
import org.nxm.model.tensor.Matrix;

/**
 * Solves A·Y = B, A = L·Lᵀ from a {@link Cholesky} factor, for many right-hand sides with every step a
 * matrix product. ADMM's W-step solves with the same factor dozens of times; substitution row by row
 * ({@link Cholesky#solveInPlace}) is a chain of axpys that runs at a fraction of the cores' multiply-add
 * rate (it was 71% of `nxm prune --method admm`'s CPU time). Here the rows are cut into blocks of
 * {@code block} and, once per factor, the inverse of every diagonal block of L and the panels of L below
 * each diagonal block are packed as float32 matrices; a solve is then, block by block,
 * <pre>
 *   forward  (L·T = B):  T_b = L_bb⁻¹ · B_b;      B_rest −= L_rest,b · T_b     (rows below b)
 *   backward (Lᵀ·Y = T): Y_b = L_bb⁻ᵀ · T_b;      T_above −= (L_b,above)ᵀ · Y_b (rows above b)
 * </pre>
 * with {@link MatMul#multiply} (register-blocked, both cores). The same operation as
 * {@link Cholesky#solveInPlace}; the two agree to float32 rounding ({@code LinalgTest}).
 */
public final class BlockedSolve {
    /** Rows per block: big enough for the products to run near the kernel's peak, small enough that the
     *  float32 diagonal inverses (formed from the float64 factor) add no visible error. */
    public static final int DEFAULT_BLOCK = 128;

    private final int n, block, blocks;
    /** L_bb⁻¹ and L_bb⁻ᵀ per block, [len_b, len_b]. */
    private final Matrix[] diagInv, diagInvT;
    /** L[rows below b, cols of b], [n − r1, len_b]; null for the last block. */
    private final Matrix[] below;
    /** (L[rows of b, cols above b])ᵀ, [r0, len_b]; null for the first block. */
    private final Matrix[] aboveT;

    public BlockedSolve(Cholesky c) {
        this(c, DEFAULT_BLOCK);
    }

    public BlockedSolve(Cholesky c, int block) {
        if (block < 1) throw new IllegalArgumentException("block " + block + " < 1");
        this.n = c.size();
        this.block = block;
        this.blocks = (n + block - 1) / block;
        double[] l = c.lower();
        diagInv = new Matrix[blocks];
        diagInvT = new Matrix[blocks];
        below = new Matrix[blocks];
        aboveT = new Matrix[blocks];
        for (int b = 0; b < blocks; b++) {
            int r0 = b * block, r1 = Math.min(n, r0 + block), len = r1 - r0;
            double[] d = new double[len * len];
            for (int i = 0; i < len; i++) System.arraycopy(l, (r0 + i) * n + r0, d, i * len, i + 1);
            double[] inv = Cholesky.lowerInverse(d, len);
            float[] f = new float[len * len], ft = new float[len * len];
            for (int i = 0; i < len; i++) {
                for (int j = 0; j <= i; j++) {
                    f[i * len + j] = (float) inv[i * len + j];
                    ft[j * len + i] = (float) inv[i * len + j];
                }
            }
            diagInv[b] = new Matrix(len, len, f);
            diagInvT[b] = new Matrix(len, len, ft);
            if (r1 < n) {
                float[] p = new float[(n - r1) * len];
                for (int i = r1; i < n; i++) {
                    for (int j = 0; j < len; j++) p[(i - r1) * len + j] = (float) l[i * n + r0 + j];
                }
                below[b] = new Matrix(n - r1, len, p);
            }
            if (r0 > 0) {
                float[] p = new float[r0 * len];
                for (int i = 0; i < len; i++) {
                    for (int j = 0; j < r0; j++) p[j * len + i] = (float) l[(r0 + i) * n + j];
                }
                aboveT[b] = new Matrix(r0, len, p);
            }
        }
    }

    public int size() { return n; }

    /**
     * Solves A·Y = B in place: b is row-major [n, cols] (each column one right-hand side) and becomes Y.
     */
    public void solveInPlace(float[] b, int cols) {
        if (b.length != n * cols) throw new IllegalArgumentException("b is not " + n + "x" + cols);
        for (int k = 0; k < blocks; k++) {
            int r0 = k * block, r1 = Math.min(n, r0 + block);
            Matrix t = MatMul.multiply(diagInv[k], rows(b, cols, r0, r1));
            System.arraycopy(t.data(), 0, b, r0 * cols, t.data().length);
            if (below[k] != null) subtract(b, r1 * cols, MatMul.multiply(below[k], t));
        }
        for (int k = blocks - 1; k >= 0; k--) {
            int r0 = k * block, r1 = Math.min(n, r0 + block);
            Matrix y = MatMul.multiply(diagInvT[k], rows(b, cols, r0, r1));
            System.arraycopy(y.data(), 0, b, r0 * cols, y.data().length);
            if (aboveT[k] != null) subtract(b, 0, MatMul.multiply(aboveT[k], y));
        }
    }

    private static Matrix rows(float[] b, int cols, int r0, int r1) {
        return new Matrix(r1 - r0, cols, Arrays.copyOfRange(b, r0 * cols, r1 * cols));
    }

    private static void subtract(float[] b, int offset, Matrix p) {
        float[] d = p.data();
        for (int i = 0; i < d.length; i++) b[offset + i] -= d[i];
    }
}
