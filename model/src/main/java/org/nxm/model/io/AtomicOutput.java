package org.nxm.model.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an output file through a temporary sibling and moves it into place only when the
 * writer finished without error, so a failed command never leaves a half-written file.
 */
public final class AtomicOutput {
    private AtomicOutput() {}

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Something that writes the whole content to a file it is given (a writer that opens its own file). */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path file) throws IOException;
    }

    public static void write(Path target, Writer writer) {
        writeFile(target, tmp -> {
            try (OutputStream out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE), 1 << 16)) {
                writer.write(out);
            }
        });
    }

    /**
     * Like {@link #write(Path, Writer)} for a writer that opens the file itself (a trace writer): it is
     * given the temporary sibling, which must not exist yet when it starts.
     */
    public static void writeFile(Path target, FileWriter writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) Files.createDirectories(dir);
            // Not Files.createTempFile: that makes the file (and so the output) mode 0600; a plain
            // CREATE_NEW file gets the usual umask permissions, like any file a command writes.
            tmp = dir == null ? Path.of(tempName(abs)) : dir.resolve(tempName(abs));
            writer.write(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            }
        }
    }

    private static String tempName(Path target) {
        return "." + target.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp";
    }

    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
