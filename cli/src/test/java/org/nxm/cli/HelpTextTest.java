package org.nxm.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help of every command (nested ones and completion included) wraps cleanly: no line wider than
 * {@link UsageText#WIDTH}; no word cut across lines (picocli alone cuts after '.', '-' and ':'), in the synopsis, the
 * option table, the description or the footer; option descriptions written as several source lines read as one
 * paragraph wrapped greedily (no line ends early); and every option that takes a value has a label that says what
 * goes there, not picocli's {@code <fieldName>}.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpFitsTheWidthWithoutCutWordsOrRaggedLines() {
        List<String> problems = new ArrayList<>();
        List<CommandLine> all = new ArrayList<>();
        collect(Nxm.commandLine(), all);
        assertTrue(all.size() > 25, "commands found: " + all.size());
        for (CommandLine cl : all) check(cl, problems);
        if (!problems.isEmpty()) fail(problems.size() + " problems:\n" + String.join("\n", problems.subList(0, Math.min(40, problems.size()))));
    }

    @Test
    void wrappingBreaksOnlyAtSpacesAndContinuesLongCommands() {
        assertTrue(UsageText.wrap("Writes report.json, dense.nxmt, sparse.nxmt and plots", 30).stream().allMatch(l -> l.length() <= 30));
        assertTrue(String.join(" ", UsageText.wrap("Writes report.json, dense.nxmt, sparse.nxmt and plots", 30))
                .equals("Writes report.json, dense.nxmt, sparse.nxmt and plots"));
        List<String> cmd = UsageText.wrapCommand("  nxm prune --model minilm-l6 --pattern 2:4 --method admm --out minilm.safetensors  # a comment", 50);
        assertTrue(cmd.get(0).equals("  # a comment"), cmd.toString());
        for (int i = 1; i < cmd.size() - 1; i++) assertTrue(cmd.get(i).endsWith(" \\"), cmd.toString());
        assertTrue(cmd.stream().allMatch(l -> l.length() <= 50), cmd.toString());
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) collect(sub, out);
    }

    private static void check(CommandLine cl, List<String> problems) {
        String name = cl.getCommandSpec().qualifiedName();
        String help = cl.getUsageMessage(Help.Ansi.OFF);
        List<String> lines = help.lines().toList();
        Set<String> words = new HashSet<>(Arrays.asList(help.split("\\s+")));
        for (String line : lines) {
            if (line.codePointCount(0, line.length()) > UsageText.WIDTH)
                problems.add(name + ": line of " + line.length() + " characters: " + line);
        }
        if (help.matches("(?s).*=<[a-zA-Z]+>.*")) problems.add(name + ": an option label picocli made from a field name: " + help.replaceAll("(?s).*?(\\S*=<[a-zA-Z]+>\\S*).*", "$1"));
        List<String> sourceText = new ArrayList<>();
        sourceText.addAll(Arrays.asList(cl.getCommandSpec().usageMessage().description()));
        sourceText.addAll(Arrays.asList(cl.getCommandSpec().usageMessage().footer()));
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.hidden()) continue;
            for (String d : o.description()) sourceText.add(d);
            // the synopsis keeps each option element whole: --name=LABEL on one line
            if (o.arity().max() > 0) {
                String element = o.longestName() + "=" + o.paramLabel();
                if (lines.stream().noneMatch(l -> l.contains(element))) problems.add(name + ": '" + element + "' cut in the synopsis or table");
            }
        }
        for (String s : sourceText) {
            for (String w : s.trim().split("\\s+")) {
                if (w.isEmpty() || w.contains("${") || w.contains("%")) continue;
                if (!words.contains(w)) problems.add(name + ": the word '" + w + "' is cut across lines");
            }
        }
        raggedOptionTable(name, lines, problems);
    }

    /**
     * In the option table, a description's next line starts at the description column; its first word must not
     * have fitted on the line before (greedy wrapping, no hard break mid-sentence).
     */
    private static void raggedOptionTable(String name, List<String> lines, List<String> problems) {
        int col = -1;
        for (String l : lines) {
            int at = l.indexOf("Show this help message and exit.");
            if (l.contains("--help") && at > 0) col = at;
        }
        if (col < 0) return;
        String pad = " ".repeat(col);
        for (int i = 1; i < lines.size(); i++) {
            String a = lines.get(i - 1), b = lines.get(i);
            if (!b.startsWith(pad) || b.length() <= col || b.charAt(col) == ' ') continue;
            boolean aInTable = a.startsWith("  -") || a.startsWith("      --") || (a.startsWith(pad) && a.length() > col && a.charAt(col) != ' ');
            // a long option label on its own line (it runs into the description column): the description starts below it
            if (!aInTable || a.length() <= col || a.charAt(col - 1) != ' ') continue;
            String first = b.substring(col).split(" ")[0];
            if (a.length() + 1 + first.length() <= UsageText.WIDTH - 1)
                problems.add(name + ": ragged option description: '" + a.strip() + "' / '" + b.strip() + "'");
        }
    }
}
