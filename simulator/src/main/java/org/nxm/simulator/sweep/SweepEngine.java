package org.nxm.simulator.sweep;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a sweep's tasks somewhere: a local thread pool ({@link LocalSweepEngine}) or a cluster (the
 * {@code sweep-spark} module). It hands every finished row to {@code rows}, exactly once per point,
 * from any thread; the sweep journals them, so an engine need not care about resuming.
 */
public interface SweepEngine {
    void run(List<SweepTask> tasks, Consumer<Map<String, String>> rows);

    /** A short description for progress lines, e.g. "4 threads". */
    String describe();
}
