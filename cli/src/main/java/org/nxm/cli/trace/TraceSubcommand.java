package org.nxm.cli.trace;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.traces.TraceException;
import org.nxm.traces.format.NxmtReader;
import picocli.CommandLine;

/**
 * Shared plumbing of the {@code nxm trace} subcommands: trace errors and bad arguments become
 * {@link Nxm.UserError} (one line, exit 2), and a truncated trace's warning goes to stderr.
 */
abstract class TraceSubcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (TraceException | IllegalArgumentException e) {
            throw new Nxm.UserError(e.getMessage());
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
