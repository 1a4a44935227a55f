package org.nxm.simulator.systolic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The report files are SCALE-Sim's, character for character. */
class ReportTextTest {
    static List<ScaleSimCase> cases() { return ScaleSimCase.all(); }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsAreScaleSimsText(ScaleSimCase c) throws IOException {
        List<LayerResult> rs = new ArrayList<>();
        for (Layer l : c.layers()) rs.add(new ReferenceEngine().run(c.config(), l));
        assertEquals(Files.readString(c.dir().resolve(ScaleSimReports.COMPUTE)), ScaleSimReports.compute(rs));
        assertEquals(Files.readString(c.dir().resolve(ScaleSimReports.BANDWIDTH)), ScaleSimReports.bandwidth(rs));
        assertEquals(Files.readString(c.dir().resolve(ScaleSimReports.DETAILED)), ScaleSimReports.detailed(rs));
    }

    @Test
    void pythonRepr() {
        assertEquals("8.0", PythonFloat.repr(8.0));
        assertEquals("-524.0", PythonFloat.repr(-524));
        assertEquals("0.1", PythonFloat.repr(0.1));
        assertEquals("48.697684772929655", PythonFloat.repr(48.697684772929655));
        assertEquals("1e+16", PythonFloat.repr(1e16));
        assertEquals("1.5e-05", PythonFloat.repr(1.5e-5));
        assertEquals("0.0001", PythonFloat.repr(1e-4));
        assertEquals("123456789012345.0", PythonFloat.repr(123456789012345.0));
    }
}
