package org.nxm.compiler.program;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.TransitiveReduction;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.nxm.model.io.AtomicOutput;

/**
 * A program's tile graph as Graphviz DOT ({@code nxm compile --graph out.dot}; {@code dot -Tsvg out.dot}): one node
 * per op (kind, layer, core), one edge per dependency, the critical path in red. Up to {@value #REDUCE_LIMIT} ops
 * the edges are JGraphT's transitive reduction of the graph: a dependency already implied by a longer chain is
 * dropped from the picture (the program keeps it), which is what makes a schedule readable.
 */
public final class ProgramGraphDot {
    /** Transitive reduction is cubic in the ops (bit sets): beyond this many ops every edge is drawn. */
    public static final int REDUCE_LIMIT = 2000;

    private ProgramGraphDot() {}

    /** What was written: edges drawn and the redundant ones dropped (0 when the graph was too large to reduce). */
    public record Written(int edges, int redundantDropped, boolean reduced) {}

    public static Written write(Program p, CriticalPath critical, Path file) {
        TileGraph g = p.graph();
        Graph<Integer, DefaultEdge> graph = new SimpleDirectedGraph<>(DefaultEdge.class);
        for (int i = 0; i < g.size(); i++) graph.addVertex(i);
        for (Edge e : g.edges()) graph.addEdge(e.from(), e.to());
        boolean reduced = g.size() <= REDUCE_LIMIT;
        int before = graph.edgeSet().size();
        if (reduced) TransitiveReduction.INSTANCE.reduce(graph);
        Set<Long> onPath = new HashSet<>();
        for (int i = 1; i < critical.ops().size(); i++) onPath.add(key(critical.ops().get(i - 1), critical.ops().get(i)));
        Set<Integer> pathOps = new HashSet<>(critical.ops());
        StringBuilder sb = new StringBuilder();
        sb.append("// ").append(p.model().name()).append(" on ").append(p.hardwareName()).append(", pattern ").append(p.pattern())
                .append(": ").append(g.size()).append(" ops, ").append(graph.edgeSet().size()).append(" edges drawn")
                .append(reduced ? " (transitive reduction: " + (before - graph.edgeSet().size()) + " implied dependencies left out)" : "")
                .append("; critical path ").append(critical.cycles()).append(" cycles (red)\n");
        sb.append("digraph program {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
        for (int i = 0; i < g.size(); i++) {
            TileOp op = g.op(i);
            sb.append(String.format(Locale.ROOT, "  n%d [label=\"%d %s\\nlayer %d core %d\"%s];%n", i, i, op.kind(), op.layer(), op.core(),
                    pathOps.contains(i) ? ", color=red" : ""));
        }
        for (DefaultEdge e : graph.edgeSet()) {
            int from = graph.getEdgeSource(e), to = graph.getEdgeTarget(e);
            sb.append(String.format(Locale.ROOT, "  n%d -> n%d%s;%n", from, to, onPath.contains(key(from, to)) ? " [color=red]" : ""));
        }
        sb.append("}\n");
        AtomicOutput.writeString(file, sb.toString());
        return new Written(graph.edgeSet().size(), before - graph.edgeSet().size(), reduced);
    }

    private static long key(int from, int to) { return ((long) from << 32) | (to & 0xffffffffL); }
}
