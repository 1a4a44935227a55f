package org.nxm.compiler.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nxm.compiler.program.Edge;
import org.nxm.compiler.program.EdgeKind;
import org.nxm.compiler.program.Region;

/**
 * The dependencies of the op being built: DATA edges from the writers of every tensor region it reads
 * ({@link Region#overlaps}, the same test the validator applies), and DATA or BUFFER_REUSE edges the
 * scheduler adds by hand. A pair of ops gets one edge; DATA wins over BUFFER_REUSE.
 */
final class DependencyTracker {
    private record Written(int op, Region region) {}

    private final List<List<Written>> writers = new ArrayList<>();
    private final Map<Integer, EdgeKind> pending = new LinkedHashMap<>();

    DependencyTracker(int tensors) {
        for (int i = 0; i < tensors; i++) writers.add(new ArrayList<>());
    }

    /** The next op depends on {@code from} (ignored when negative: "no such op"). */
    void dep(int from, EdgeKind kind) {
        if (from < 0) return;
        pending.merge(from, kind, (a, b) -> a == EdgeKind.DATA || b == EdgeKind.DATA ? EdgeKind.DATA : EdgeKind.BUFFER_REUSE);
    }

    /** The next op reads {@code r} of {@code tensor}: it waits for every op that wrote an overlapping region. */
    void dataFrom(int tensor, Region r) {
        for (Written w : writersOf(tensor)) {
            if (w.region.overlaps(r)) dep(w.op, EdgeKind.DATA);
        }
    }

    /** {@code op} wrote {@code r} of {@code tensor}. */
    void written(int tensor, Region r, int op) {
        writersOf(tensor).add(new Written(op, r));
    }

    /** Turns the pending dependencies into edges into op {@code id} and starts afresh. */
    void emit(int id, List<Edge> edges) {
        for (var e : pending.entrySet()) {
            if (e.getKey() != id) edges.add(new Edge(e.getKey(), id, e.getValue()));
        }
        pending.clear();
    }

    /** Writers of a tensor (the list grows as the driver adds partial-sum tensors). */
    private List<Written> writersOf(int tensor) {
        while (writers.size() <= tensor) writers.add(new ArrayList<>());
        return writers.get(tensor);
    }
}
