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
        spec.usageMessage().description(join(spec.usageMessage().description()));
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
