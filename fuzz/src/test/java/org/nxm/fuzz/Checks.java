package org.nxm.fuzz;

/** Post-conditions on what a reader accepted: no negative counts, no NaN or infinite figure in a report. */
final class Checks {
    private Checks() {}

    static void nonNegative(String what, long v) {
        if (v < 0) throw new AssertionError("accepted input gives a negative " + what + ": " + v);
    }

    static void nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new AssertionError("accepted input gives " + what + " = " + v);
    }

    private static final java.util.regex.Pattern NON_FINITE = java.util.regex.Pattern.compile("=-?(NaN|Infinity)[,\\]]");

    /** A report's text (a record's toString) must not hold a NaN or infinite component. */
    static void finite(String what, String text) {
        if (NON_FINITE.matcher(text).find())
            throw new AssertionError("accepted input gives a non-finite figure in the " + what + ": "
                    + text.substring(0, Math.min(300, text.length())));
    }

    /** The rules for an input exception's message (see {@link Fuzzer}), for targets that catch one themselves. */
    static void message(RuntimeException e, java.nio.file.Path input) {
        String problem = Fuzzer.messageProblem(e.getMessage(), input.getFileName().toString());
        if (problem != null) throw new AssertionError("bad input message: " + problem);
    }
}
