package org.nxm.cli.sweep;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nxm.cli.Nxm;

/**
 * Runs {@code nxm sweep --engine spark} in a JVM of its own, from the {@code sweep-spark} module's build
 * output, so the nxm jar never carries Spark: {@code target/nxm-sweep-spark.jar} (the sweep, no Spark),
 * {@code target/spark-classpath.txt} (the Spark jars Maven resolved, for embedded local mode) and
 * {@code target/spark-jvm-options.txt} (the --add-opens flags Spark needs on Java 17).
 */
final class SparkSweepLauncher {
    static final String MAIN = "org.nxm.sweep.spark.SparkSweepMain";
    static final String BUILD = "mvn -B -q package -pl sweep-spark -am -DskipTests";

    private final Path module;

    /** @param root the repository root (the ./nxm launcher passes it as -Dnxm.root) */
    SparkSweepLauncher(Path root) {
        this.module = root.resolve("sweep-spark").resolve("target");
    }

    /** The repository root: -Dnxm.root, else two levels above the running nxm jar (cli/target/nxm.jar), else the working directory. */
    static Path root() {
        String prop = System.getProperty("nxm.root");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        try {
            Path jar = Path.of(SparkSweepLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getParent() != null && jar.getParent().getParent() != null) return jar.getParent().getParent().getParent();
        } catch (Exception e) {
            // fall through: no code source (unusual class loaders)
        }
        return Path.of("").toAbsolutePath();
    }

    /** The java command line, or a user error saying how to build the module. */
    List<String> command(String[] sweepArgs) {
        Path jar = module.resolve("nxm-sweep-spark.jar");
        Path cp = module.resolve("spark-classpath.txt");
        Path opts = module.resolve("spark-jvm-options.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(cp) || !Files.isRegularFile(opts)) {
            throw new Nxm.UserError("--engine spark: the Spark sweep module is not built (no " + jar + "); build it once with `"
                    + BUILD + "`, or run on a cluster with spark-submit (sweep-spark/README.md)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try {
            cmd.addAll(Arrays.asList(Files.readString(opts, StandardCharsets.UTF_8).trim().split("\\s+")));
            cmd.add("--add-modules=jdk.incubator.vector");
            cmd.add("-cp");
            cmd.add(jar + File.pathSeparator + Files.readString(cp, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new Nxm.UserError(module + ": cannot read the Spark sweep launcher files (" + e.getMessage() + ")");
        }
        cmd.add(MAIN);
        cmd.addAll(Arrays.asList(sweepArgs));
        return cmd;
    }

    /** Runs the sweep with this process's stdin, stdout and stderr; returns its exit code. */
    int run(String[] sweepArgs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(sweepArgs)).inheritIO().start();
        return p.waitFor();
    }
}
