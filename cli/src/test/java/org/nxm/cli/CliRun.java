package org.nxm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process {@code nxm} invocation as the tests see it: exit code, stdout, stderr. */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... args) {
        CommandLine cl = Nxm.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
