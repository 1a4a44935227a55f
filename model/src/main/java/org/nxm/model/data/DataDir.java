package org.nxm.model.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.nxm.model.io.InputException;

/**
 * Where evaluation and calibration data live: an explicit {@code --data-dir}, else {@code $NXM_DATA},
 * else {@code ../shared/data} beside the repository root. The project never commits that data.
 */
public final class DataDir {
    private DataDir() {}

    /** Resolves the data directory; {@code explicit} may be null. Fails with a message saying how to pass it. */
    public static Path resolve(Path explicit) {
        if (explicit != null) return require(explicit, "--data-dir");
        String env = System.getenv("NXM_DATA");
        if (env != null && !env.isBlank()) return require(Paths.get(env), "$NXM_DATA");
        Path root = repositoryRoot();
        Path candidate = (root == null ? Paths.get("..") : root.getParent() == null ? root : root.getParent())
                .resolve("shared").resolve("data");
        if (!Files.isDirectory(candidate)) {
            throw new InputException(candidate.normalize() + ": data directory not found; pass --data-dir DIR "
                    + "or set NXM_DATA to the folder holding glue/, scalesim/, semistructured/");
        }
        return candidate.normalize();
    }

    /** A file inside the data directory, e.g. {@code file(null, "glue/sts-b/dev.tsv")}. */
    public static Path file(Path explicitDataDir, String relative) {
        Path p = resolve(explicitDataDir).resolve(relative);
        if (!Files.exists(p)) {
            throw new InputException(p + ": missing data file (expected " + relative + " under the data directory)");
        }
        return p;
    }

    private static Path require(Path dir, String source) {
        if (!Files.isDirectory(dir)) throw new InputException(dir + ": data directory from " + source + " does not exist");
        return dir;
    }

    /**
     * The repository root: {@code -Dnxm.root} (set by the launcher), else the nearest ancestor of the
     * working directory that holds the nxm parent pom. Null if none.
     */
    public static Path repositoryRoot() {
        String prop = System.getProperty("nxm.root");
        if (prop != null && !prop.isBlank()) return Paths.get(prop).toAbsolutePath().normalize();
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>nxm-parent</artifactId>")
                        && Files.isDirectory(dir.resolve("model"))) {
                    return dir;
                }
            } catch (java.io.IOException ignored) {
                // unreadable pom: keep walking up
            }
            dir = dir.getParent();
        }
        return null;
    }
}
