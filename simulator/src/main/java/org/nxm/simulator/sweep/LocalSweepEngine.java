package org.nxm.simulator.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs sweep tasks on a fixed pool of threads in this JVM. */
public final class LocalSweepEngine implements SweepEngine {
    private final int threads;

    public LocalSweepEngine(int threads) {
        this.threads = Math.max(1, threads);
    }

    @Override
    public void run(List<SweepTask> tasks, Consumer<Map<String, String>> rows) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SweepTask t : tasks) futures.add(pool.submit(() -> t.run().forEach(rows)));
            for (Future<?> f : futures) f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public String describe() { return threads + " thread" + (threads == 1 ? "" : "s"); }
}
