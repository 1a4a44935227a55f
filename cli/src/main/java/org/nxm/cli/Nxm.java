package org.nxm.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
public final class Nxm implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_CHECK_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** All subcommands, in the order --help lists them. */
    static Object[] subcommands() {
        return new Object[] {
            new org.nxm.cli.run.RunCommand(),
            new org.nxm.cli.embed.EmbedCommand(),
            new org.nxm.cli.model.ExportCommand(),
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
        System.exit(commandLine().execute(args));
    }

    /** User errors become one line on stderr and exit 2; anything else is a bug and keeps its trace. */
    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable t = ex;
        while (t != null) {
            if (t instanceof InputException || t instanceof UncheckedIOException
                    || t instanceof java.nio.file.NoSuchFileException || t instanceof UserError) {
                err.println("nxm " + cl.getCommandName() + ": " + oneLine(t.getMessage()));
                err.flush();
                return EXIT_BAD_INPUT;
            }
            if (t instanceof CheckFailed) {
                err.println("nxm " + cl.getCommandName() + ": " + oneLine(t.getMessage()));
                err.flush();
                return EXIT_CHECK_FAILED;
            }
            t = t.getCause();
        }
        throw ex instanceof RuntimeException re ? re : new RuntimeException(ex);
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("nxm " + cl.getCommandName() + ": " + oneLine(ex.getMessage()));
        err.println("Try 'nxm " + (cl.getParent() == null ? "" : cl.getCommandName() + " ") + "--help'.");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    static String oneLine(String message) {
        return message == null ? "error" : message.replace('\n', ' ').replace('\r', ' ');
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
