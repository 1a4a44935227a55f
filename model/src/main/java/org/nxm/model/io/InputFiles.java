package org.nxm.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reading a whole input file the way every reader should: only a regular file (a FIFO or a device would block or
 * never end), no larger than the reader's limit (checked before anything is allocated), and text decoded as
 * strict UTF-8 with the byte offset of the first malformed byte in the error. Errors are {@link InputException}s
 * naming the file and what it is ("hardware file", "topology file", ...).
 */
public final class InputFiles {
    /** Default size limit of a text input (configs, topologies, grids, program JSON): 256 MiB. */
    public static final long MAX_TEXT_BYTES = 256L << 20;

    private InputFiles() {}

    /** The file's bytes; refuses what is not a regular file, is missing, or is larger than maxBytes. */
    public static byte[] readBytes(Path file, String what, long maxBytes) {
        requireRegular(file, what);
        try {
            long size = Files.size(file);
            if (size > maxBytes) throw InputException.at(file, what + " of " + size + " bytes is larger than the limit of " + maxBytes);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, what + " not found");
        } catch (IOException | OutOfMemoryError e) {
            throw InputException.at(file, "cannot read " + what + " (" + e.getMessage() + ")");
        }
    }

    /** The file as strict UTF-8 text (a leading byte-order mark dropped), at most {@link #MAX_TEXT_BYTES}. */
    public static String readText(Path file, String what) {
        return decode(readBytes(file, what, MAX_TEXT_BYTES), file.toString());
    }

    /** The file's lines (as {@link String#lines()} splits them), strict UTF-8. */
    public static List<String> readLines(Path file, String what) {
        return readText(file, what).lines().toList();
    }

    /** Refuses a path that is missing or is not a regular file (a directory, a FIFO, a device). */
    public static void requireRegular(Path file, String what) {
        if (file.toString().indexOf('\0') >= 0) throw InputException.at(InputException.quote(file.toString()), "a path cannot hold a NUL character");
        if (!Files.exists(file)) throw InputException.at(file, what + " not found");
        if (!Files.isRegularFile(file)) throw InputException.at(file, "not a regular file (a " + what + " must be a file, not a directory, FIFO or device)");
    }

    /**
     * Refuses an existing path that is not a regular file: opening a FIFO blocks until something writes to it, and a
     * device never ends. A missing file is left to the reader, whose message says which file it expected.
     */
    public static void refuseNonRegular(Path file, String what) {
        if (Files.exists(file) && !Files.isRegularFile(file))
            throw InputException.at(file, "not a regular file (a " + what + " must be a file, not a directory, FIFO or device)");
    }

    /** Strict UTF-8; the error names the byte offset of the first malformed sequence. */
    public static String decode(byte[] bytes, String source) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            throw new InputException(source + ": byte offset " + in.position() + ": not valid UTF-8 (byte 0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + ")");
        }
        d.flush(out);
        String s = out.flip().toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** A path named inside an input file (e.g. a weights file beside a program), refused with the field if invalid. */
    public static Path path(String text, String source, String field) {
        try {
            if (text.indexOf('\0') >= 0) throw new InvalidPathException(text, "NUL character");
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InputException(source + ": field '" + field + "': not a valid path " + InputException.quote(text));
        }
    }

}
