package org.nxm.traces;

/**
 * A trace file that cannot be read (wrong magic, unsupported version, corrupt chunk, bad header) or
 * an I/O failure while reading or writing one. The message is ONE line naming the file, the position and what
 * was expected, fit to print as is; the CLI turns it into exit code 2.
 */
public final class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceException(String message) { super(message); }

    public TraceException(String message, Throwable cause) { super(message, cause); }
}
