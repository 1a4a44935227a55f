package org.nxm.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir Path dir;

    @Test
    void failedWriteLeavesNothing() throws IOException {
        Path p = dir.resolve("out.txt");
        assertThrows(IllegalStateException.class, () -> AtomicOutput.write(p, out -> {
            out.write(1);
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void outputIsReadableByOthersLikeAnyNewFile() throws IOException {
        Path p = dir.resolve("out.txt");
        AtomicOutput.writeString(p, "hello");
        assertEquals("hello", Files.readString(p));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
            assertEquals(expected, Files.getPosixFilePermissions(p), "same permissions as a plainly created file (umask)");
            assertTrue(Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_WRITE));
        }
        AtomicOutput.writeString(p, "again");
        assertEquals("again", Files.readString(p));
    }
}
