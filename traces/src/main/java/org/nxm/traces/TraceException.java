package org.nxm.traces;

/**
 * A trace file that cannot be read (wrong magic, unsupported version, corrupt chunk, bad header) or
 * an I/O failure while reading or writing one. The message is ONE line naming the file, the position and what
 * was expected, fit to print as is; the CLI turns it into exit code 2.
 */
public final class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Longest message kept: one line of a terminal or two, whatever the file holds. */
    static final int MAX_MESSAGE = 600;

    public TraceException(String message) { super(shorten(message)); }

    public TraceException(String message, Throwable cause) { super(shorten(message), cause); }

    private static String shorten(String message) {
        if (message == null) return null;
        String one = message.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE - 40) + "... (" + one.length() + " characters)";
    }
}
