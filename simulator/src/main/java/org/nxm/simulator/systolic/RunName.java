package org.nxm.simulator.systolic;

/**
 * SCALE-Sim's {@code run_name} becomes the default report folder {@code ./<run_name>}: it must name one folder
 * inside the working directory, never a path that leaves it.
 */
public final class RunName {
    public static final int MAX_LENGTH = 200;

    private RunName() {}

    /** Why the name cannot be a folder name, or null when it can. */
    public static String problem(String name) {
        if (name.length() > MAX_LENGTH) return "at most " + MAX_LENGTH + " characters (got " + name.length() + ")";
        if (name.equals(".") || name.equals("..")) return "'" + name + "' is not a folder name";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') return "a folder name, not a path (contains '" + c + "'); use -p DIR to choose where reports go";
            if (c < 0x20 || c == 0x7f) return String.format("control character U+%04X at position %d", (int) c, i);
        }
        return null;
    }
}
