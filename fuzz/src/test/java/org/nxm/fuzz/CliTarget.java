package org.nxm.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.nxm.cli.Nxm;
import org.nxm.model.io.InputException;
import picocli.CommandLine;

/**
 * A fuzz target that runs one {@code nxm} command in process, the way a user runs it: exit 0 is accepted, exit 2
 * becomes the input exception its one stderr line stands for (so the {@link Fuzzer}'s message rules apply to what
 * the user sees), and any other exit (1 "a check failed" for an input the command should refuse, 70 a crash) is a
 * failure that quotes the start of stderr. An {@link Error} escapes as it would from {@code main}.
 *
 * @param args the command line for an input file and an output folder
 * @param mentions what the stderr line must name beside the file (the tensor, field or byte offset), or null
 */
record CliTarget(BiFunction<Path, Path, String[]> args, java.util.regex.Pattern mentions) implements Fuzzer.Target {
    @Override
    public void run(Path input, Path outDir) {
        CommandLine cl = Nxm.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] a = args.apply(input, outDir);
        int code = cl.execute(a);
        String e = err.toString();
        if (code == Nxm.EXIT_OK) return;
        if (code == Nxm.EXIT_BAD_INPUT) {
            String line = e.strip();
            String prefix = "nxm " + a[0];
            if (!line.startsWith(prefix + ": ") && !line.startsWith(prefix + " ")) throw new AssertionError("exit 2 without the command's name first: " + head(line));
            if (line.lines().count() != 1) throw new AssertionError("exit 2 with more than one line: " + head(line));
            if (mentions != null && !mentions.matcher(line).find())
                throw new AssertionError("names neither tensor, field nor byte offset: " + head(line));
            throw new InputException(line);
        }
        throw new AssertionError("exit " + code + ": " + head(e));
    }

    private static String head(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }
}
