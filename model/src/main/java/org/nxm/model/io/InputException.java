package org.nxm.model.io;

/**
 * A user-facing input error: a bad file, field or argument. Its message is one line that names
 * the source (file, field or position) and what was expected, so the CLI can print it as-is and
 * exit with code 2 without a stack trace.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Longest message kept: an error must fit a terminal line or two, whatever the input echoes. */
    public static final int MAX_MESSAGE = 600;
    /** Longest input text quoted in a message by {@link #quote}. */
    public static final int MAX_QUOTE = 80;

    public InputException(String message) {
        super(shorten(message));
    }

    public InputException(String message, Throwable cause) {
        super(shorten(message), cause);
    }

    /** "source: what was wrong (expected ...)" in one line. */
    public static InputException at(Object source, String problem) {
        return new InputException(source + ": " + problem);
    }

    /**
     * Input text fit to quote in a message: in single quotes, control characters (a NUL, a line break) escaped, and
     * cut to {@value #MAX_QUOTE} characters with the full length named, so a 2 MB field does not become a 2 MB line.
     */
    public static String quote(String text) {
        if (text == null) return "null";
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(text.length(), MAX_QUOTE);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('\'');
        if (text.length() > n) sb.append("... (").append(text.length()).append(" characters)");
        return sb.toString();
    }

    /** One line of at most {@value #MAX_MESSAGE} characters (the head, which names the file, is kept). */
    static String shorten(String message) {
        if (message == null) return null;
        String one = message.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE - 40) + "... (" + one.length() + " characters)";
    }
}
