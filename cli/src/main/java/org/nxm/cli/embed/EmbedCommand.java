package org.nxm.cli.embed;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder registration; the foundation issue fills in the real embedding computation. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed sentences with all-MiniLM-L6-v2 and print their cosine similarity.",
        footer = {"", "Example:", "  nxm embed \"A man is playing a guitar.\" \"A person plays music.\""})
public final class EmbedCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "sentences")
    String[] sentences;

    @Override
    public Integer call() {
        throw new org.nxm.cli.Nxm.UserError("embed: not implemented yet");
    }
}
