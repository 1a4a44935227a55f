package org.nxm.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help text that wraps cleanly: command descriptions are written in the sources as several short
 * lines; picocli would print each as its own line and wrap the long ones, giving ragged paragraphs. This joins
 * the lines of a paragraph into one, so picocli wraps it to the terminal's width; a blank line still separates
 * paragraphs and a line that starts with a space (an example, a table row) stays as written.
 */
final class UsageText {
    private UsageText() {}

    /** Reflows the descriptions of the command and all its subcommands, recursively. */
    static void reflow(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        String[] joined = join(spec.usageMessage().description());
        if (spec.usageMessage().header().length == 0 && joined.length > 0 && !joined[0].isEmpty()) {
            // the command list shows the header, else the first description line: give it one sentence
            String first = joined[0];
            int end = first.indexOf(". ");
            if (end > 0) {
                spec.usageMessage().header(first.substring(0, end + 1));
                joined[0] = first.substring(end + 2);
            } else {
                spec.usageMessage().header(first);
                joined = java.util.Arrays.copyOfRange(joined, 1, joined.length);
            }
        }
        spec.usageMessage().description(joined);
        for (CommandLine sub : cl.getSubcommands().values()) reflow(sub);
    }

    static String[] join(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder para = null;
        for (String line : lines) {
            boolean verbatim = line.isEmpty() || line.startsWith(" ");
            if (verbatim) {
                if (para != null) out.add(para.toString());
                para = null;
                out.add(line);
            } else if (para == null) {
                para = new StringBuilder(line);
            } else {
                para.append(' ').append(line);
            }
        }
        if (para != null) out.add(para.toString());
        return out.toArray(String[]::new);
    }
}
