package org.nxm.compiler.program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.nxm.model.io.InputException;

/**
 * The tile ops and their dependencies as a JGraphT {@link DirectedAcyclicGraph} (vertices are op ids,
 * so the graph stays small and hashing cheap). Building it refuses a cycle, naming the edge that
 * closes it. Also keeps predecessor/successor arrays for simulators that walk the graph millions of times.
 */
public final class TileGraph {
    /** A JGraphT edge carrying its kind. Identity equality: one object per dependency. */
    public static final class Dep {
        private final EdgeKind kind;

        Dep(EdgeKind kind) { this.kind = kind; }

        public EdgeKind kind() { return kind; }

        @Override
        public String toString() { return kind.name(); }
    }

    private final List<TileOp> ops;
    private final List<Edge> edges;
    private final int[][] preds;
    private final int[][] succs;
    private DirectedAcyclicGraph<Integer, Dep> dag;

    /**
     * Checks ids and edge ends; refuses a cycle. Edges that all point forward (from a lower id to a
     * higher one, as the compiler emits them) cannot form a cycle, so the JGraphT DAG — whose
     * incremental cycle check is the expensive part for 10⁵ ops — is then built only when asked for;
     * with a backward edge it is built at once and names the edge that closes a cycle.
     */
    public TileGraph(List<TileOp> ops, List<Edge> edges) {
        // Wrapped, not copied: 10⁵ ops and 3·10⁵ edges; the builder hands its lists over.
        this.ops = java.util.Collections.unmodifiableList(ops);
        this.edges = java.util.Collections.unmodifiableList(edges);
        int n = this.ops.size();
        for (int i = 0; i < n; i++) {
            if (this.ops.get(i) == null) throw new InputException("op at position " + i + " is null");
            if (this.ops.get(i).id() != i) {
                throw new InputException("op at position " + i + " has id " + this.ops.get(i).id() + " (expected ids 0..n-1 in order)");
            }
        }
        int[] inDeg = new int[n];
        int[] outDeg = new int[n];
        boolean forward = true;
        for (Edge e : this.edges) {
            if (e == null || e.kind() == null) throw new InputException("edge without from/to/kind");
            if (e.from() < 0 || e.from() >= n || e.to() < 0 || e.to() >= n) {
                throw new InputException("edge " + e.from() + "->" + e.to() + ": op id out of range 0.." + (n - 1));
            }
            if (e.from() == e.to()) {
                throw new InputException("edge " + e.from() + "->" + e.to() + ": an op cannot depend on itself (cycle)");
            }
            forward &= e.from() < e.to();
            outDeg[e.from()]++;
            inDeg[e.to()]++;
        }
        preds = new int[n][];
        succs = new int[n][];
        for (int i = 0; i < n; i++) {
            preds[i] = new int[inDeg[i]];
            succs[i] = new int[outDeg[i]];
        }
        Arrays.fill(inDeg, 0);
        Arrays.fill(outDeg, 0);
        for (Edge e : this.edges) {
            preds[e.to()][inDeg[e.to()]++] = e.from();
            succs[e.from()][outDeg[e.from()]++] = e.to();
        }
        int[] stamp = new int[n];
        Arrays.fill(stamp, -1);
        for (int i = 0; i < n; i++) {
            for (int p : preds[i]) {
                if (stamp[p] == i) throw new InputException("edge " + p + "->" + i + ": duplicate dependency");
                stamp[p] = i;
            }
        }
        if (!forward) dag();
    }

    public List<TileOp> ops() { return ops; }

    public List<Edge> edges() { return edges; }

    public TileOp op(int id) { return ops.get(id); }

    public int size() { return ops.size(); }

    /** The JGraphT DAG (built on first use; read it, do not mutate). */
    public synchronized DirectedAcyclicGraph<Integer, Dep> dag() {
        if (dag == null) {
            DirectedAcyclicGraph<Integer, Dep> g = new DirectedAcyclicGraph<>(null, null, false);
            for (int i = 0; i < ops.size(); i++) g.addVertex(i);
            for (Edge e : edges) {
                try {
                    g.addEdge(e.from(), e.to(), new Dep(e.kind()));
                } catch (IllegalArgumentException cycle) {
                    TileOp to = ops.get(e.to());
                    throw new InputException("edge " + e.from() + "->" + e.to() + " (" + e.kind() + ", layer " + to.layer()
                            + "): closes a cycle; the tile graph must be acyclic");
                }
            }
            dag = g;
        }
        return dag;
    }

    /** Ids of the ops {@code id} waits for (do not mutate the array). */
    public int[] predecessors(int id) { return preds[id]; }

    /** Ids of the ops waiting for {@code id} (do not mutate the array). */
    public int[] successors(int id) { return succs[id]; }

    /** Op ids in a topological order (JGraphT's). */
    public List<Integer> topologicalOrder() {
        List<Integer> order = new ArrayList<>(ops.size());
        dag().iterator().forEachRemaining(order::add);
        return order;
    }

    /** Ops of one core, in issue order. */
    public List<TileOp> opsOfCore(int core) {
        return ops.stream().filter(o -> o.core() == core).toList();
    }
}
