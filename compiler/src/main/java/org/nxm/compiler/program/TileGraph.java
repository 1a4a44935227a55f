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
    private final DirectedAcyclicGraph<Integer, Dep> dag;
    private final int[][] preds;
    private final int[][] succs;

    public TileGraph(List<TileOp> ops, List<Edge> edges) {
        this.ops = List.copyOf(ops);
        this.edges = List.copyOf(edges);
        for (int i = 0; i < this.ops.size(); i++) {
            if (this.ops.get(i).id() != i) {
                throw new InputException("op at position " + i + " has id " + this.ops.get(i).id() + " (expected ids 0..n-1 in order)");
            }
        }
        dag = new DirectedAcyclicGraph<>(null, null, false);
        for (int i = 0; i < this.ops.size(); i++) dag.addVertex(i);
        int[] inDeg = new int[this.ops.size()];
        int[] outDeg = new int[this.ops.size()];
        for (Edge e : this.edges) {
            if (e.from() < 0 || e.from() >= this.ops.size() || e.to() < 0 || e.to() >= this.ops.size()) {
                throw new InputException("edge " + e.from() + "->" + e.to() + ": op id out of range 0.." + (this.ops.size() - 1));
            }
            if (e.from() == e.to()) {
                throw new InputException("edge " + e.from() + "->" + e.to() + ": an op cannot depend on itself (cycle)");
            }
            try {
                if (dag.addEdge(e.from(), e.to(), new Dep(e.kind())) == false) {
                    throw new InputException("edge " + e.from() + "->" + e.to() + ": duplicate dependency");
                }
            } catch (IllegalArgumentException cycle) {
                TileOp to = this.ops.get(e.to());
                throw new InputException("edge " + e.from() + "->" + e.to() + " (" + e.kind() + ", layer " + to.layer()
                        + "): closes a cycle; the tile graph must be acyclic");
            }
            outDeg[e.from()]++;
            inDeg[e.to()]++;
        }
        preds = new int[this.ops.size()][];
        succs = new int[this.ops.size()][];
        for (int i = 0; i < preds.length; i++) {
            preds[i] = new int[inDeg[i]];
            succs[i] = new int[outDeg[i]];
        }
        Arrays.fill(inDeg, 0);
        Arrays.fill(outDeg, 0);
        for (Edge e : this.edges) {
            preds[e.to()][inDeg[e.to()]++] = e.from();
            succs[e.from()][outDeg[e.from()]++] = e.to();
        }
    }

    public List<TileOp> ops() { return ops; }

    public List<Edge> edges() { return edges; }

    public TileOp op(int id) { return ops.get(id); }

    public int size() { return ops.size(); }

    /** The JGraphT view (read it; do not mutate). */
    public DirectedAcyclicGraph<Integer, Dep> dag() { return dag; }

    /** Ids of the ops {@code id} waits for (do not mutate the array). */
    public int[] predecessors(int id) { return preds[id]; }

    /** Ids of the ops waiting for {@code id} (do not mutate the array). */
    public int[] successors(int id) { return succs[id]; }

    /** Op ids in a topological order (JGraphT's). */
    public List<Integer> topologicalOrder() {
        List<Integer> order = new ArrayList<>(ops.size());
        dag.iterator().forEachRemaining(order::add);
        return order;
    }

    /** Ops of one core, in issue order. */
    public List<TileOp> opsOfCore(int core) {
        return ops.stream().filter(o -> o.core() == core).toList();
    }
}
