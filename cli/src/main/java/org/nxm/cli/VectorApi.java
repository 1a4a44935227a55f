package org.nxm.cli;

/**
 * The Vector API is an incubator module in Java 17: {@code java -jar nxm.jar} without
 * {@code --add-modules jdk.incubator.vector} cannot load it. Kernels with a scalar fallback run anyway; one without
 * fails with {@link NoClassDefFoundError}, which this turns into one line naming the flag.
 */
final class VectorApi {
    static final String FLAG = "--add-modules jdk.incubator.vector";

    private VectorApi() {}

    /** The one-line hint when t (or a cause) is the Vector API module missing; null otherwise. */
    static String missingModuleHint(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if ((c instanceof NoClassDefFoundError || c instanceof ClassNotFoundException)
                    && String.valueOf(c.getMessage()).contains("jdk/incubator/vector")
                    || String.valueOf(c.getMessage()).contains("jdk.incubator.vector")) {
                return "this command needs the Vector API: run java " + FLAG + " -jar nxm.jar ... (bin/nxm adds the flag)";
            }
        }
        return null;
    }
}
