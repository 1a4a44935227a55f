package org.nxm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FIFO given where a file is read: opening one blocks until something writes to it, so every reader's entry point
 * refuses what is not a regular file, in one line naming it, exit 2, before opening it. One command per reader; each
 * must answer within a few seconds (a reader that opened the FIFO would block forever). Skipped where the OS has no
 * mkfifo.
 */
class FifoInputTest {
    @TempDir Path dir;
    private Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = dir.resolve("input.fifo");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no mkfifo here: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(fifo) && !Files.isRegularFile(fifo),
                "mkfifo did not make a FIFO");
    }

    @Test
    void everyReaderRefusesAFifoInsteadOfBlocking() throws Exception {
        String f = fifo.toString();
        Path out = dir.resolve("out");
        Path hfDir = Files.createDirectories(dir.resolve("hf"));
        Files.createSymbolicLink(hfDir.resolve("config.json"), fifo); // a model directory whose config.json is a FIFO
        Files.createSymbolicLink(dir.resolve("decoder.yaml"), fifo);
        Path cfg = CliRegressionTest.scalesimCase("os_8x8_user_bw10", "config.cfg");
        Path topo = CliRegressionTest.scalesimCase("os_8x8_user_bw10", "topology.csv");
        List<String[]> commands = List.of(
                new String[] {"encode", f, "--pattern", "2:4", "--out", out.resolve("e.safetensors").toString()},
                new String[] {"decode", f, "--out", out.resolve("d.safetensors").toString()},
                new String[] {"verify", f},
                new String[] {"trace", "summary", f},
                new String[] {"hw", "show", f},
                new String[] {"scalesim", "-c", f, "-t", topo.toString(), "-p", out.toString()},
                new String[] {"scalesim", "-c", cfg.toString(), "-t", f, "-p", out.toString()},
                new String[] {"simulate", "--hw", "a100", "--program", f},
                new String[] {"simulate", "--hw", f, "--gemm", "64,16,64"},
                new String[] {"sweep", "--hw-grid", f, "--out", out.resolve("sweep").toString()},
                new String[] {"embed", "--onnx", f, "a", "b"},
                new String[] {"embed", "--model-dir", hfDir.toString(), "a", "b"},
                new String[] {"eval", "--task", "stsb", "--data", f},
                new String[] {"eval", "--task", "stsb", "--weights", f},
                new String[] {"prune", "--method", "wanda", "--calib-data", f, "--out", out.resolve("p.safetensors").toString()},
                new String[] {"compile", "--model", "minilm-l6", "--weights", f},
                new String[] {"simulate", "--hw", "h100", "--model", dir.resolve("decoder.yaml").toString(), "--phase", "decode"});
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fifo-reader");
            t.setDaemon(true); // a reader that blocked on the FIFO must not keep the test JVM alive
            return t;
        });
        List<String> problems = new ArrayList<>();
        try {
            for (String[] args : commands) {
                String line = String.join(" ", args);
                Future<CliRegressionTest.Run> run = pool.submit(() -> CliRegressionTest.nxm(args));
                CliRegressionTest.Run r;
                try {
                    r = run.get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    problems.add("nxm " + line + ": still blocked after 30 s");
                    continue;
                }
                String command = args[0].equals("trace") || args[0].equals("hw") ? args[0] + " " + args[1] : args[0];
                try {
                    r.refused(command, "not a regular file");
                    assertTrue(r.err().contains(line.contains("--model-dir") ? "config.json" : line.contains("decoder.yaml") ? "decoder.yaml" : "input.fifo"), r.err());
                } catch (AssertionError e) {
                    problems.add("nxm " + line + ": " + e.getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "output written for a refused run");
        if (!problems.isEmpty()) fail(problems.size() + " of " + commands.size() + " readers:\n" + String.join("\n", problems));
        assertEquals(List.of(), problems);
    }
}
