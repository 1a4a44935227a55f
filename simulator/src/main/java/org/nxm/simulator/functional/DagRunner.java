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
 * Runs every op of a tile graph once, on all host cores, each after its predecessors and after the
 * previous op of its own simulated core (each core issues its ops in program order, as the schedule
 * lists them): an op whose last predecessor finishes becomes ready; the finishing thread continues with
 * one ready successor and hands the others to the pool.
 *
 * <p>Why the per-core order and not the edges alone: slots are per core, and compiled programs today
 * lack some BUFFER_REUSE edges (a later GEMM's weight load into a slot that an earlier GEMM's MMA on the
 * same core still reads, with no path between them — 228 such pairs in a 2-layer MiniLM program for
 * a100), so an edges-only order could feed an MMA the next GEMM's tile.
 */
final class DagRunner {
    private DagRunner() {}

    static void run(TileGraph g, int threads, IntConsumer execute) {
        int n = g.size();
        if (n == 0) return;
        // nextOnCore[i]: the op the same core issues after op i, or -1.
        int[] nextOnCore = new int[n];
        java.util.Arrays.fill(nextOnCore, -1);
        java.util.Map<Integer, Integer> last = new java.util.HashMap<>();
        AtomicIntegerArray waiting = new AtomicIntegerArray(n);
        for (int i = 0; i < n; i++) {
            Integer prev = last.put(g.op(i).core(), i);
            int w = g.predecessors(i).length;
            if (prev != null) {
                nextOnCore[prev] = i;
                w++;
            }
            waiting.set(i, w);
        }
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
                        int s = nextOnCore[id];
                        if (s >= 0 && waiting.decrementAndGet(s) == 0) {
                            if (next < 0) next = s;
                            else new Chain(s).fork();
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
