package org.nxm.model.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Fast kernels against the plain reference loop (and a float64 dot product) on odd shapes, tails and empty dims. */
class MatMulTest {
    static Matrix random(int r, int c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) (rnd.nextDouble() * 2 - 1);
        return m;
    }

    /** float64 a · b as the ground truth, with a tolerance scaled by k (float32 accumulation error). */
    static void assertClose(Matrix a, Matrix b, Matrix c) {
        assertEquals(a.rows(), c.rows());
        assertEquals(b.cols(), c.cols());
        int k = a.cols();
        double tol = 1e-6 * Math.max(8, k);
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a.get(i, p) * b.get(p, j);
                assertEquals(s, c.get(i, j), tol, "c[" + i + "," + j + "] of " + a + "·" + b);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "0,5,7", "5,0,7", "5,7,0", "3,5,7", "4,16,32", "7,17,33", "33,129,65", "64,384,130",
            "5,1000,3", "128,384,1536", "2,3,100"})
    void multiplyMatchesReference(int n, int k, int m) {
        Matrix a = random(n, k, 1), b = random(k, m, 2);
        Matrix ref = MatMul.reference(a, b);
        assertClose(a, b, ref);
        assertClose(a, b, MatMul.multiply(a, b));
        assertClose(a, b, MatMul.multiplyPlain(a, b));
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "0,5,7", "5,0,7", "5,7,0", "3,5,7", "4,16,4", "7,17,33", "33,129,65", "64,384,130",
            "5,1000,3", "130,384,1536", "9,15,5"})
    void multiplyTransposedMatchesReference(int n, int k, int m) {
        Matrix a = random(n, k, 3), w = random(m, k, 4);
        Matrix wt = w.transpose();
        assertClose(a, wt, MatMul.reference(a, wt));
        assertClose(a, wt, MatMul.multiplyTransposed(a, w));
        assertClose(a, wt, MatMul.multiplyTransposedPlain(a, w));
        assertClose(a, wt, a.matmulTransposed(w));
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "0,5,7", "5,0,7", "5,7,0", "3,5,7", "4,16,32", "7,17,33", "33,129,65", "64,384,130",
            "5,1000,3", "384,200,1536", "2,3,100"})
    void multiplyTransposedAMatchesReference(int n, int k, int m) {
        Matrix at = random(k, n, 5), b = random(k, m, 6);
        Matrix a = at.transpose();
        assertClose(a, b, MatMul.multiplyTransposedA(at, b));
        assertClose(a, b, MatMul.multiplyPlain(a, b));
    }

    @Test
    void vectorKernelIsActiveUnderTheBuildFlags() {
        assertTrue(MatMul.VECTOR_API, "Surefire runs with --add-modules jdk.incubator.vector");
    }

    @Test
    void dotHandlesTails() {
        for (int k = 0; k < 70; k++) {
            Matrix a = random(1, k + 3, k), b = random(1, k + 5, k + 100);
            double s = 0;
            for (int p = 0; p < k; p++) s += (double) a.data()[p + 3] * b.data()[p + 5];
            assertEquals(s, MatMul.dot(a.data(), 3, b.data(), 5, k), 1e-5);
        }
    }

    @Test
    void innerDimensionMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MatMul.multiply(new Matrix(2, 3), new Matrix(4, 2)));
        assertThrows(IllegalArgumentException.class, () -> MatMul.multiplyTransposed(new Matrix(2, 3), new Matrix(2, 4)));
    }
}
