package org.nxm.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.cli.Nxm;
import picocli.CommandLine;

class SimulateCommandTest {
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
    void missingProgramFileIsOneLineExit2(@TempDir Path dir) {
        Run r = run("simulate", "--hw", "a100", "--program", dir.resolve("nope.json").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("nope.json"), r.err());
    }

    @Test
    void invalidHardwareConfigIsOneLineExit2(@TempDir Path dir) throws Exception {
        Path hw = dir.resolve("bad.yaml");
        Files.writeString(hw, "name: bad\ntemplate: tensor-core\ncores: 0\n");
        Run r = run("simulate", "--hw", hw.toString(), "--program", dir.resolve("p.json").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad.yaml"), r.err());
    }

    @Test
    void systolicTargetIsRefused(@TempDir Path dir) throws Exception {
        Path prog = dir.resolve("p.json");
        Files.writeString(prog, "{}");
        Run r = run("simulate", "--hw", "systolic-32x32-os", "--program", prog.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("systolic"), r.err());
    }

    @Test
    void helpHasAnExample() {
        Run r = run("simulate", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Example:"));
    }
}
