package org.nxm.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.nxm.model.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nxm} command. Subcommands are registered in {@link #subcommands()}; each lives in the
 * cli package named after its area (prune, compile, simulate, ...).
 *
 * <p>Exit codes: 0 success, 1 a check failed, 2 bad input or usage.
 */
@Command(name = "nxm",
        mixinStandardHelpOptions = true,
        versionProvider = NxmVersion.class,
        description = "N:M sparse Transformer inference: prune, compile, simulate, analyse.",
        footer = {"", "Example:", "  nxm run                       # the whole chain on all-MiniLM-L6-v2, 2:4, a100"},
        subcommandsRepeatable = false)
public final class Nxm implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_CHECK_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** A bug in nxm (sysexits' EX_SOFTWARE): never 1 or 2, so a script can tell a crash from a verdict. */
    public static final int EXIT_INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code nxm} with no command: usage on stderr, exit 2 (a usage error, like an unknown command). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return EXIT_BAD_INPUT;
    }

    /** All subcommands, in the order --help lists them. */
    static Object[] subcommands() {
        return new Object[] {
            new org.nxm.cli.run.RunCommand(),
            new org.nxm.cli.embed.EmbedCommand(),
            new org.nxm.cli.eval.EvalCommand(),
            new org.nxm.cli.trace.TraceCommand(),
            new org.nxm.cli.hw.HwCommand(),
            new org.nxm.cli.compile.CompileCommand(),
            new org.nxm.cli.encoding.EncodeCommand(),
            new org.nxm.cli.encoding.DecodeCommand(),
            new org.nxm.cli.encoding.VerifyCommand(),
            new org.nxm.cli.prune.PruneCommand(),
            new org.nxm.cli.prune.CompareCommand(),
            new org.nxm.cli.scalesim.ScaleSimCommand(),
            new org.nxm.cli.simulate.SimulateCommand(),
            new org.nxm.cli.sweep.SweepCommand(),
            new org.nxm.cli.finetune.FinetuneCommand(),
            new org.nxm.cli.finetune.FinetuneCompareCommand(),
        };
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Nxm());
        for (Object sub : subcommands()) cl.addSubcommand(sub);
        cl.setExecutionExceptionHandler(Nxm::handleExecutionException);
        cl.setParameterExceptionHandler(Nxm::handleParameterException);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (Throwable t) { // an Error (OutOfMemoryError, NoClassDefFoundError) escapes picocli
            code = crash(t, new PrintWriter(System.err, true), "nxm");
        }
        System.exit(code);
    }

    /** A bug or a broken environment: one line saying so, the stack trace for a report, exit 70. */
    static int crash(Throwable t, PrintWriter err, String command) {
        String vectorFlag = VectorApi.missingModuleHint(t);
        if (vectorFlag != null) {
            err.println(command + ": " + vectorFlag);
            err.flush();
            return EXIT_INTERNAL_ERROR;
        }
        err.println(command + ": internal error (a bug in nxm; please report it with the trace below): " + t);
        t.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }

    /** User errors become one line on stderr and exit 2; anything else is a bug and keeps its trace. */
    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable t = ex;
        while (t != null) {
            if (t instanceof InputException || t instanceof UncheckedIOException
                    || t instanceof java.nio.file.NoSuchFileException || t instanceof UserError) {
                err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(t.getMessage()));
                err.flush();
                return EXIT_BAD_INPUT;
            }
            if (t instanceof CheckFailed) {
                err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(t.getMessage()));
                err.flush();
                return EXIT_CHECK_FAILED;
            }
            t = t.getCause();
        }
        return crash(ex, err, cl.getCommandSpec().qualifiedName());
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        err.println(name + ": " + oneLine(ex.getMessage()));
        err.println("Try '" + name + " --help'.");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    static String oneLine(String message) {
        if (message == null) return "error";
        String one = message.replace('\n', ' ').replace('\r', ' ');
        // an argument can be megabytes long: the line names it, it need not repeat it whole
        return one.length() <= InputException.MAX_MESSAGE ? one
                : one.substring(0, InputException.MAX_MESSAGE - 40) + "... (" + one.length() + " characters)";
    }

    /** A usage or input error detected by a command (exit 2). */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public UserError(String message) { super(message); }
    }

    /** A check (verify, functional comparison) that found a defect (exit 1). */
    public static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public CheckFailed(String message) { super(message); }
    }
}
