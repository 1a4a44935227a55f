package org.nxm.traces.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nxm.traces.TraceException;

class AtomicFileTest {
    /** Same behaviour as the model module's AtomicOutput: umask permissions, nothing left behind on failure. */
    @Test
    void plainPermissionsAndNoPartialFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("plot.svg");
        AtomicFile.write(out, o -> o.write("<svg/>".getBytes()));
        assertEquals("<svg/>", Files.readString(out));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
        }
        Path failed = dir.resolve("failed.csv");
        assertThrows(TraceException.class, () -> AtomicFile.write(failed, o -> {
            o.write(1);
            throw new IOException("disk full");
        }));
        assertFalse(Files.exists(failed));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }
    }
}
