package org.nxm.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help text that wraps cleanly at {@link #WIDTH} columns. Descriptions are written in the sources as several short
 * lines; picocli would print each as its own line and wrap the long ones with {@link java.text.BreakIterator}, which
 * breaks after '.', '-' and ':' inside words ("sparse.|nxmt", "bge-small-en-v1.|5", "[--gemm=M,N,|K]"). So nxm wraps
 * its help itself, at spaces only, before picocli lays it out, and every line then fits picocli's column as is:
 * <ul>
 *   <li>the lines of a paragraph are joined (a blank line separates paragraphs, a line that starts with a space is
 *       verbatim: an example, a table row) and wrapped to the width: command descriptions, footers, and each
 *       option's description to the option table's description column;</li>
 *   <li>a verbatim line that is too long is a shell command: a trailing {@code # comment} moves to a line of its
 *       own above it, and the command continues on the next line after a {@code \} (so it can still be pasted);</li>
 *   <li>the synopsis breaks between its elements, never inside one.</li>
 * </ul>
 */
final class UsageText {
    /** The help's width (picocli's default): no line of any command's help is longer. */
    static final int WIDTH = 80;
    /** Room for text on a line: one column short of the width, as picocli's own tables leave. */
    private static final int ROOM = WIDTH - 1;

    private UsageText() {}

    /** Reflows the help of the command and all its subcommands, recursively, and installs the wrapping help. */
    static void reflow(CommandLine cl) {
        reflowTexts(cl);
        cl.setHelpFactory(ReflowingHelp::new); // for the whole hierarchy
    }

    private static void reflowTexts(CommandLine cl) {
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
                joined = Arrays.copyOfRange(joined, 1, joined.length);
            }
        }
        spec.usageMessage().header(wrapAll(join(spec.usageMessage().header()), ROOM).toArray(String[]::new));
        spec.usageMessage().description(wrapAll(joined, ROOM).toArray(String[]::new));
        List<String> footer = new ArrayList<>(Arrays.asList(spec.usageMessage().footer()));
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof org.nxm.cli.model.ModelOptions) footer.addAll(org.nxm.cli.model.ModelOptions.BGE_SMALL_FOOTER);
        }
        spec.usageMessage().footer(wrapAll(join(footer.toArray(String[]::new)), ROOM).toArray(String[]::new));
        for (CommandLine sub : cl.getSubcommands().values()) reflowTexts(sub);
    }

    /** Joins the lines of each paragraph into one line; blank lines and verbatim lines (leading space) stay as they are. */
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

    /** Each joined paragraph wrapped to the room; verbatim lines that do not fit are wrapped as shell commands. */
    static List<String> wrapAll(String[] paragraphs, int room) {
        List<String> out = new ArrayList<>();
        for (String p : paragraphs) {
            if (p.isEmpty()) out.add(p);
            else if (p.startsWith(" ")) out.addAll(wrapCommand(p, room));
            else out.addAll(wrap(p, room));
        }
        return out;
    }

    /** Greedy wrapping at spaces; a word longer than the room gets a line of its own (it is never cut). */
    static List<String> wrap(String text, int room) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) lines.add(line.toString());
        return lines;
    }

    /** A verbatim line: as is if it fits; else its comment on a line above, and the command continued after '\'. */
    static List<String> wrapCommand(String line, int room) {
        if (line.length() <= room) return List.of(line);
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') indent++;
        String pad = " ".repeat(indent);
        List<String> out = new ArrayList<>();
        int hash = line.indexOf("  # ");
        String command = line;
        if (hash > indent) {
            for (String c : wrap(line.substring(hash).trim(), room - indent)) out.add(pad + c);
            command = line.substring(0, hash).stripTrailing();
            if (command.length() <= room) {
                out.add(command);
                return out;
            }
        }
        List<String> parts = wrap(command.substring(indent), room - indent - 6);
        for (int i = 0; i < parts.size(); i++) {
            String prefix = i == 0 ? pad : pad + "    ";
            out.add(prefix + parts.get(i) + (i < parts.size() - 1 ? " \\" : ""));
        }
        return out;
    }

    /** picocli's help with nxm's wrapping of option descriptions and of the synopsis. */
    static final class ReflowingHelp extends Help {
        ReflowingHelp(CommandSpec spec, ColorScheme colors) {
            super(spec, colors);
        }

        @Override
        public Layout createDefaultLayout() {
            Layout d = super.createDefaultLayout();
            return new Layout(d.colorScheme(), d.textTable(), d.optionRenderer(), d.parameterRenderer()) {
                @Override
                public void layout(ArgSpec arg, Text[][] cells) {
                    super.layout(arg, rewrap(cells, textTable().columns(), colorScheme().ansi()));
                }
            };
        }

        /** The synopsis: "Usage: nxm cmd" then its elements, wrapped between elements, continuation lines aligned. */
        @Override
        protected String insertSynopsisCommandName(int synopsisHeadingLength, Text optionText) {
            String name = commandSpec().qualifiedName();
            String elements = optionText.plainString().trim();
            int indent = synopsisHeadingLength + name.length() + 1;
            List<String> lines = wrap(elements, Math.max(20, ROOM - indent));
            StringBuilder sb = new StringBuilder(name);
            for (int i = 0; i < lines.size(); i++) {
                sb.append(i == 0 ? " " : System.lineSeparator() + " ".repeat(indent)).append(lines.get(i));
            }
            return sb.append(System.lineSeparator()).toString();
        }
    }

    /**
     * An option's table rows with its description (all rows' description cells, joined into paragraphs) wrapped
     * to the description column: one line per row, so picocli places each as it is.
     */
    static Text[][] rewrap(Text[][] cells, Help.Column[] columns, Help.Ansi ansi) {
        if (cells.length == 0) return cells;
        int last = columns.length - 1;
        Help.Column col = columns[last];
        List<String> desc = new ArrayList<>();
        for (Text[] row : cells) {
            if (row.length > last && row[last] != null) {
                String s = row[last].plainString();
                if (!s.isEmpty()) desc.add(s);
            }
        }
        // the first line starts after the column's indent; picocli would indent wrapped lines by 2 more, nxm does not
        List<String> lines = wrapAll(join(desc.toArray(String[]::new)), col.width - col.indent - 1);
        Text[][] out = new Text[Math.max(1, lines.size())][];
        out[0] = cells[0].clone();
        out[0][last] = ansi.text(lines.isEmpty() ? "" : lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            Text[] row = new Text[columns.length];
            for (int c = 0; c < row.length; c++) row[c] = ansi.text("");
            row[last] = ansi.text(lines.get(i));
            out[i] = row;
        }
        return out;
    }
}
