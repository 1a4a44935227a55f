package org.nxm.admm.pruning;

import java.util.List;
import org.nxm.model.io.InputException;

/** The pruning methods by their command-line names. */
public final class Pruners {
    public static final List<String> NAMES = List.of("magnitude", "wanda", "sparsegpt", "admm");

    private Pruners() {}

    public static Pruner create(String name) {
        return switch (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)) {
            case "magnitude" -> new MagnitudePruner();
            case "wanda" -> new WandaPruner();
            case "sparsegpt" -> new SparseGptPruner();
            case "admm" -> new AdmmPruner();
            default -> throw new InputException("unknown method '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        };
    }
}
