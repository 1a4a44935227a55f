package org.nxm.simulator.functional;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import org.nxm.compiler.program.TileGraph;

/**
 * Runs every op of a tile graph once, on all host cores, each after its predecessors: an op whose last
 * predecessor finishes becomes ready; the finishing thread continues with one ready successor and hands
 * the others to the pool.
 *
 * <p>The edges alone order the program: every tensor region is written once, every read depends on its
 * writers (DATA), and every write into a core's buffer slot depends on the ops that still read those
 * bytes (BUFFER_REUSE; the validator's {@code BufferReuseRule}). Until the compiler's buffer-reuse fix the
 * runner also kept each core's issue order, because some BUFFER_REUSE edges were missing; a test now runs
 * a 2-layer program in the latest-ready-first topological order and gets the same bits.
 */
final class DagRunner {
    private DagRunner() {}

    static void run(TileGraph g, int threads, IntConsumer execute) {
        int n = g.size();
        if (n == 0) return;
        AtomicIntegerArray waiting = new AtomicIntegerArray(n);
        for (int i = 0; i < n; i++) waiting.set(i, g.predecessors(i).length);
        AtomicInteger remaining = new AtomicInteger(n);
        CompletableFuture<Void> done = new CompletableFuture<>();
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            final class Chain extends RecursiveAction {
                private final int first;

                Chain(int first) { this.first = first; }

                @Override
                protected void compute() {
                    int id = first;
                    while (id >= 0 && !done.isDone()) {
                        try {
                            execute.accept(id);
                        } catch (Throwable e) {
                            done.completeExceptionally(e);
                            return;
                        }
                        int next = -1;
                        for (int s : g.successors(id)) {
                            if (waiting.decrementAndGet(s) == 0) {
                                if (next < 0) next = s;
                                else new Chain(s).fork();
                            }
                        }
                        if (remaining.decrementAndGet() == 0) done.complete(null);
                        id = next;
                    }
                }
            }
            // Roots first, then start them: a running chain may bring a later op's count to zero meanwhile.
            int[] roots = java.util.stream.IntStream.range(0, n).filter(i -> waiting.get(i) == 0).toArray();
            for (int r : roots) pool.execute(new Chain(r));
            try {
                done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
