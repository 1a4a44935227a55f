package org.nxm.admm.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scalar fallbacks are what runs when {@code jdk.incubator.vector} is absent: a child JVM started
 * without {@code --add-modules jdk.incubator.vector} loads every kernel class (matmul, GELU, Vec,
 * Cholesky, the N:M projection, all four pruners), reports that the Vector API is off, and its figures
 * agree with this JVM's (Vector API on) to rounding.
 */
class NoVectorApiTest {
    @Test
    void kernelsRunWithoutTheVectorApiAndAgreeWithTheVectorPath() throws Exception {
        Map<String, Double> here = KernelProbe.measure();
        assertEquals(1.0, here.get("vector_api"), "surefire runs with --add-modules jdk.incubator.vector");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                KernelProbe.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        Map<String, Double> there = new LinkedHashMap<>();
        for (String line : text.strip().split("\n")) {
            String[] kv = line.trim().split(" ");
            if (kv.length == 2) there.put(kv[0], Double.parseDouble(kv[1]));
        }
        System.out.println("Vector API on:  " + here + "\nVector API off: " + there);
        assertEquals(here.keySet(), there.keySet(), text);
        assertEquals(0.0, there.get("vector_api"), "the child runs without the Vector API");
        assertTrue(there.get("matmul_max_abs_diff_to_reference") <= 1e-4, text);
        assertTrue(there.get("gelu_max_error") <= 1.3e-7 && here.get("gelu_max_error") <= 2.5e-7, text);
        for (String k : here.keySet()) {
            if (!k.endsWith("_sum") && !k.endsWith("_error_after")) continue;
            double a = here.get(k), b = there.get(k);
            assertEquals(a, b, 1e-4 * (1 + Math.abs(a)), k + ": vector path " + a + ", scalar fallback " + b);
        }
    }
}
