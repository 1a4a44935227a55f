package org.nxm.model.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nxm.model.io.InputException;

/** The one element-type enum: its three spellings, the compute subset, rounding as written, JSON. */
class DTypeTest {
    @Test
    void computeTypesAndTheirNames() {
        assertEquals(List.of(DType.F16, DType.BF16, DType.I8, DType.F32), DType.COMPUTE);
        for (DType d : DType.values()) assertEquals(DType.COMPUTE.contains(d), d.isCompute(), d.name());
        assertEquals("fp16 bf16 int8 fp32", String.join(" ", DType.COMPUTE.stream().map(DType::shortName).toList()));
        for (String s : new String[] {"fp16", "FP16", " float16 ", "F16", "half"}) assertSame(DType.F16, DType.parseCompute(s, "dtype"));
        assertSame(DType.I8, DType.parseCompute("INT8", "dtype"));
        InputException e = assertThrows(InputException.class, () -> DType.parseCompute("fp64", "hw.yaml: field 'dtype'"));
        assertEquals("hw.yaml: field 'dtype': unknown element type 'fp64' (expected fp16, bf16, int8 or fp32)", e.getMessage());
        assertThrows(InputException.class, () -> DType.parseCompute("fp8", "dtype"));
        for (DType d : DType.values()) assertSame(d, DType.lookup(d.shortName()), d.shortName());
    }

    @Test
    void roundIsWhatWriteFloatStores() {
        SplittableRandom r = new SplittableRandom(3);
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (DType d : DType.values()) {
            for (int i = 0; i < 20_000; i++) {
                float x = (float) (r.nextGaussian() * (i % 3 == 0 ? 300 : 3));
                d.writeFloat(b, 0, x);
                assertEquals(d.readFloat(b, 0), d.round(x), 0f, d + " " + x);
            }
        }
        assertFalse(DType.F16.round(0.1f) == 0.1f);
        assertEquals(127f, DType.I8.round(300f));
        assertEquals(4, DType.F16.accumulatorBytes());
    }

    @Test
    void jsonUsesTheShortName() throws Exception {
        ObjectMapper om = new ObjectMapper();
        assertEquals("\"fp16\"", om.writeValueAsString(DType.F16));
        assertSame(DType.I8, om.readValue("\"int8\"", DType.class));
        assertSame(DType.BF16, om.readValue("\"bfloat16\"", DType.class));
        assertTrue(assertThrows(Exception.class, () -> om.readValue("\"fp8\"", DType.class)).getMessage().contains("fp8"));
    }
}
