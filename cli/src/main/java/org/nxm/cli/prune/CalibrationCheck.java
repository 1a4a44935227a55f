package org.nxm.cli.prune;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nxm.model.transformer.LinearSpec;
import org.nxm.model.transformer.TokenBatch;
import org.nxm.model.transformer.TransformerConfig;

/**
 * Whether calibration has enough tokens: with fewer tokens than the widest Linear has inputs, that
 * layer's XᵀX is rank-deficient and only the 1% damping keeps the fit well posed, so the pruned
 * weights lean on the damping rather than the data. Pruning still runs (the problem stays well posed);
 * the user gets one warning line.
 */
final class CalibrationCheck {
    private CalibrationCheck() {}

    static Optional<String> warning(String source, List<TokenBatch> batches, TransformerConfig config) {
        long tokens = 0;
        for (TokenBatch b : batches) tokens += b.realTokens();
        LinearSpec widest = config.linears().get(0);
        for (LinearSpec s : config.linears()) if (s.in() > widest.in()) widest = s;
        if (tokens >= widest.in()) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "%s: %d calibration tokens, fewer than the %d inputs of the widest layer (%s): "
                + "its Hessian is rank-deficient and the 1%% damping decides the fit there; give more text for a data-driven result",
                source, tokens, widest.in(), widest.name()));
    }
}
