package org.nxm.cli.hw;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.nxm.cli.Nxm;
import org.nxm.compiler.hardware.HardwareConfig;
import picocli.CommandLine;

class HwCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Nxm.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void showPrintsYamlThatParsesBackToThePreset() {
        Run r = run("hw", "show", "a100");
        assertEquals(0, r.code(), r.err());
        assertEquals(HardwareConfig.preset("a100"), HardwareConfig.parse(r.out(), "stdout"));
    }

    @Test
    void listNamesEveryPreset() {
        Run r = run("hw", "list");
        assertEquals(0, r.code(), r.err());
        for (String p : HardwareConfig.PRESETS) assertTrue(r.out().contains(p), p);
        assertTrue(r.out().contains("311.9"), r.out());
    }

    @Test
    void unknownPresetIsOneLineAndExit2() {
        Run r = run("hw", "show", "b200");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("b200"));
    }
}
