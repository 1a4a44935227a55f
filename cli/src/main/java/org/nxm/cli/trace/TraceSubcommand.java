package org.nxm.cli.trace;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.traces.TraceException;
import org.nxm.traces.format.NxmtReader;
import picocli.CommandLine;

/**
 * Shared plumbing of the {@code nxm trace} subcommands: a trace error or a bad argument value becomes one line on
 * stderr, {@code nxm trace <command>: <message>}, and exit 2 ({@link Nxm#EXIT_BAD_INPUT}); a truncated trace's
 * warning goes to stderr and the command carries on with what was readable.
 */
abstract class TraceSubcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (TraceException | IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err().println("nxm trace " + spec.name() + ": " + message.replace('\n', ' ').replace('\r', ' '));
            err().flush();
            return Nxm.EXIT_BAD_INPUT;
        }
    }

    abstract int execute();

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    /** Opens a trace and prints its truncation warning, if any, on stderr. */
    NxmtReader open(Path path) {
        NxmtReader r = NxmtReader.open(path);
        r.truncationWarning().ifPresent(w -> {
            err().println("warning: " + w);
            err().flush();
        });
        return r;
    }
}
