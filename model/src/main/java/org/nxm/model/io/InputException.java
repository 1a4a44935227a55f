package org.nxm.model.io;

/**
 * A user-facing input error: a bad file, field or argument. Its message is one line that names
 * the source (file, field or position) and what was expected, so the CLI can print it as-is and
 * exit with code 2 without a stack trace.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "source: what was wrong (expected ...)" in one line. */
    public static InputException at(Object source, String problem) {
        return new InputException(source + ": " + problem);
    }
}
