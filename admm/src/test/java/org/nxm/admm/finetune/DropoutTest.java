package org.nxm.admm.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nxm.admm.finetune.nn.Dropout;
import org.nxm.model.tensor.Matrix;

class DropoutTest {
    @Test
    void dropsTheRateAndScalesTheRestSoTheMeanIsKept() {
        Matrix x = new Matrix(200, 500);
        java.util.Arrays.fill(x.data(), 1f);
        float[] mask = new Dropout(0.1, 3).applyInPlace(x);
        int zeros = 0;
        double sum = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) zeros++;
            else assertEquals(1 / 0.9f, mask[i], 1e-7);
            assertEquals(mask[i], x.data()[i]);
            sum += x.data()[i];
        }
        assertEquals(0.1, zeros / 100_000.0, 0.005); // sd of the fraction is 0.00095
        assertEquals(1.0, sum / 100_000, 0.01);
    }

    @Test
    void sameSeedSameMasksAndTheBackwardUsesThem() {
        Matrix a = new Matrix(3, 7), b = new Matrix(3, 7);
        java.util.Arrays.fill(a.data(), 2f);
        java.util.Arrays.fill(b.data(), 2f);
        float[] ma = new Dropout(0.5, 9).applyInPlace(a);
        assertArrayEquals(ma, new Dropout(0.5, 9).applyInPlace(b));
        Matrix g = new Matrix(3, 7);
        java.util.Arrays.fill(g.data(), 1f);
        Dropout.backwardInPlace(g, ma);
        assertArrayEquals(ma, g.data());
    }

    @Test
    void rateZeroTouchesNothing() {
        Matrix x = new Matrix(2, 2, new float[] {1, 2, 3, 4});
        assertNull(Dropout.NONE.applyInPlace(x));
        assertArrayEquals(new float[] {1, 2, 3, 4}, x.data());
        assertSame(x, Dropout.backwardInPlace(x, null));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, 1));
    }
}
