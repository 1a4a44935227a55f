package org.nxm.simulator.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.interp.ReferenceInterpreter;
import org.nxm.compiler.lower.LoweredModel;
import org.nxm.compiler.program.EncodedWeight;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TensorKind;
import org.nxm.compiler.program.TileOp;
import org.nxm.model.io.InputException;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TransformerConfig;
import org.nxm.model.transformer.TransformerWeights;

/**
 * The functional simulator executes the compiled program: all-MiniLM-L6-v2 (real pretrained weights, every
 * Linear 2:4 by magnitude) compiled for a100 (CUTLASS 2:4 fp16 tiles) and edge-4 (nxm N:M tiles), run on
 * real STS-B dev text against the reference forward; a flipped metadata nibble in one weight tile of the
 * compiled program makes the check fail, so the values come from those bytes.
 */
class FunctionalSimulatorTest {
    static final int SEQ = 64;
    static TransformerWeights pretrained;
    static FunctionalRun.SparseWeights sparse;
    static Program a100;
    static FunctionalRun.Packed text;

    @BeforeAll
    static void compile() {
        pretrained = MiniLm.loadWeights();
        LoweredModel lm = FunctionalRun.lower(pretrained.config(), 1, SEQ);
        sparse = FunctionalRun.sparse(pretrained, lm, NmPattern.TWO_FOUR);
        a100 = FunctionalRun.compile(sparse, lm, HardwareConfig.preset("a100"), NmPattern.TWO_FOUR);
        text = FunctionalRun.pack(MiniLm.loadTokenizer(), FunctionalRun.stsbSentences(null, 16), 1, SEQ);
    }

    @Test
    void compiledMiniLmMatchesTheReferenceForwardOnRealSentences() {
        assertEquals(36, sparse.projected());
        assertEquals("cutlass", a100.layout());
        FunctionalCheck.Result r = FunctionalCheck.run(a100, sparse.weights(), text.batch(), text.sentences());
        System.out.println("functional a100 (program ops) vs reference: max relative error " + r.maxRelativeError()
                + " over " + r.tokenRows() + " token rows, " + r.sentences() + " sentences");
        assertTrue(r.passed(), "max relative error " + r.maxRelativeError());
        assertTrue(r.maxRelativeError() > 0, "float32 accumulation in another order than the reference cannot agree exactly");
        assertEquals(a100.ops().size(), r.ops());
    }

    @Test
    void nmTilesOnEdge4MatchTheReferenceForward() {
        LoweredModel lm = FunctionalRun.lower(pretrained.config(), 1, 32);
        FunctionalRun.SparseWeights w = FunctionalRun.sparse(pretrained, lm, new NmPattern(1, 4));
        Program p = FunctionalRun.compile(w, lm, HardwareConfig.preset("edge-4"), new NmPattern(1, 4));
        assertEquals("nm", p.layout());
        FunctionalRun.Packed t = FunctionalRun.pack(MiniLm.loadTokenizer(), FunctionalRun.stsbSentences(null, 8), 1, 32);
        FunctionalCheck.Result r = FunctionalCheck.run(p, w.weights(), t.batch(), t.sentences());
        assertTrue(r.passed(), "max relative error " + r.maxRelativeError());
    }

    /** The compiled program with one nibble of its metadata blob of tensor {@code tensor} replaced. */
    static Program withMetadataNibble(Program p, int tensor, long byteOffset, int nibble) {
        EncodedWeight w = p.weights().get(tensor);
        byte[] meta = w.metadata().clone();
        meta[(int) byteOffset] = (byte) ((meta[(int) byteOffset] & 0xF0) | nibble);
        Map<Integer, EncodedWeight> weights = new HashMap<>(p.weights());
        weights.put(tensor, new EncodedWeight(tensor, w.layout(), w.values(), meta));
        return new Program(p.formatVersion(), p.hardwareName(), p.hardwareDigest(), p.hardwareYaml(), p.model(), p.pattern(),
                p.dtype(), p.layout(), p.tensors(), p.gemms(), p.slots(), p.graph(), p.layers(), p.estimatedCycles(), weights, p.parameters());
    }

    static TileOp.LoadMetadata firstMetadataLoad(Program p) {
        return p.ops().stream().filter(o -> o instanceof TileOp.LoadMetadata).map(o -> (TileOp.LoadMetadata) o).findFirst().orElseThrow();
    }

    @Test
    void aFlippedMetadataNibbleInOneCompiledTileFailsTheCheck() {
        TileOp.LoadMetadata load = firstMetadataLoad(a100);
        byte[] meta = a100.weights().get(load.tensor()).metadata();
        int code = meta[(int) load.blobOffset()] & 0xF;
        // Another valid 2:4 code (two strictly ascending positions): the tile still decodes, to other columns.
        int other = code == 0x4 ? 0x8 : 0x4;
        Program flipped = withMetadataNibble(a100, load.tensor(), load.blobOffset(), other);
        FunctionalCheck.Result r = FunctionalCheck.run(flipped, sparse.weights(), text.batch(), text.sentences());
        System.out.println("one metadata nibble 0x" + Integer.toHexString(code) + " -> 0x" + Integer.toHexString(other)
                + " in " + a100.tensor(load.tensor()).name() + ": max relative error " + r.maxRelativeError());
        assertFalse(r.passed(), "max relative error " + r.maxRelativeError());
    }

    @Test
    void checkOpsAgreesOpByOpWithTheReferenceInterpreterOnDenseWeights() {
        int n = 3000;
        OpCheck.Result r = OpCheck.run(new FunctionalSimulator(a100, 1), sparse.weights(), text.batch(), n);
        System.out.println("--check-ops " + n + ": largest per-op relative error " + r.largestError());
        assertTrue(r.passed(), String.valueOf(r.first()));
        assertEquals(n, r.checked());
        assertTrue(r.largestError() < OpCheck.TOLERANCE / 10, "largest per-op error " + r.largestError());
    }

    @Test
    void checkOpsNamesTheLoadOfACorruptedTile() {
        // A tile of layer 0's second Linear that several ops load: the first load of its bytes is the op to name.
        TileOp.LoadMetadata target = a100.ops().stream().filter(o -> o instanceof TileOp.LoadMetadata m && m.layer() == 0
                && m.tensor() != firstMetadataLoad(a100).tensor()).map(o -> (TileOp.LoadMetadata) o).findFirst().orElseThrow();
        int code = a100.weights().get(target.tensor()).metadata()[(int) target.blobOffset()] & 0xF;
        Program corrupted = withMetadataNibble(a100, target.tensor(), target.blobOffset(), code == 0x4 ? 0x8 : 0x4);
        OpCheck.Result r = OpCheck.run(new FunctionalSimulator(corrupted, 1), sparse.weights(), text.batch(), a100.ops().size());
        assertFalse(r.passed());
        assertEquals(target.id(), r.first().op(), r.first().where());
        assertTrue(r.first().where().startsWith("op " + target.id() + " (load_metadata, layer 0"), r.first().where());
        assertTrue(r.first().where().contains(a100.tensor(target.tensor()).name()), r.first().where());
        // The ops before it agree.
        assertEquals(target.id() + 1, r.checked());
    }

    @Test
    void anInvalidMetadataCodeIsRefusedNamingTheOp() {
        TileOp.LoadMetadata load = firstMetadataLoad(a100);
        Program bad = withMetadataNibble(a100, load.tensor(), load.blobOffset(), 0x0);   // positions {0, 0}
        InputException e = assertThrows(InputException.class, () -> new FunctionalSimulator(bad));
        assertTrue(e.getMessage().startsWith("op " + load.id() + " (load_metadata"), e.getMessage());
    }

    @Test
    void agreesWithTheCompilersReferenceInterpreterTensorByTensor() {
        // Two layers, two sequences (per-sequence and per-head views), split-K partials on a100.
        TransformerConfig c = pretrained.config();
        TransformerConfig two = new TransformerConfig("minilm-l2", 2, c.hidden(), c.heads(), c.intermediate(), c.vocabSize(),
                c.maxPositions(), c.typeVocabSize(), c.layerNormEps(), false);
        Map<String, org.nxm.model.tensor.Tensor> t = new java.util.LinkedHashMap<>();
        pretrained.tensors().forEach((n, v) -> {
            if (!n.startsWith("encoder.layer.") || Integer.parseInt(n.split("\\.")[2]) < 2) t.put(n, v);
        });
        TransformerWeights w = new TransformerWeights(two, t);
        LoweredModel lm = FunctionalRun.lower(two, 2, 16);
        Program p = FunctionalRun.compile(FunctionalRun.sparse(w, lm, NmPattern.TWO_FOUR), lm, HardwareConfig.preset("a100"), NmPattern.TWO_FOUR);
        assertTrue(p.gemms().stream().anyMatch(g -> g.splitK() > 1), "exercise split-K");
        int in = p.tensors().stream().filter(x -> x.kind() == TensorKind.INPUT).findFirst().orElseThrow().id();
        float[] input = new float[(int) p.tensor(in).elements()];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < input.length; i++) input[i] = (float) r.nextGaussian();
        Map<Integer, float[]> ref = ReferenceInterpreter.run(p, Map.of(in, input));
        float[][] parallel = new FunctionalSimulator(p).runAll(input);
        float[][] oneThread = new FunctionalSimulator(p, 1).runAll(input);
        // The edges alone order the program: run it in the topological order that delays every op as long
        // as the edges allow (latest ready op first), which is what a missing BUFFER_REUSE edge cannot survive:
        // a later GEMM's load then overwrites a slot before the earlier MMA that reads it has run.
        float[][] latestFirst = new FunctionalSimulator(p, 1).runInOrder(input, latestReadyFirst(p), (m, id) -> {});
        for (var e : ref.entrySet()) {
            if (p.tensor(e.getKey()).kind() == TensorKind.WEIGHT) continue;
            String name = p.tensor(e.getKey()).name();
            // Each op's arithmetic is fixed, whatever thread runs it and in whatever order the edges allow: the same bits.
            assertArrayEquals(oneThread[e.getKey()], parallel[e.getKey()], name);
            assertArrayEquals(oneThread[e.getKey()], latestFirst[e.getKey()], name + " (latest ready op first)");
            double err = FunctionalCheck.maxRelativeError(parallel[e.getKey()], e.getValue());
            assertTrue(err < 1e-5, name + ": " + err);
        }
    }

    /** A topological order of the program's edges (per-core issue order ignored) that always runs the highest ready id. */
    static List<Integer> latestReadyFirst(Program p) {
        var g = p.graph();
        int[] waiting = new int[g.size()];
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>(java.util.Comparator.reverseOrder());
        for (int i = 0; i < g.size(); i++) {
            waiting[i] = g.predecessors(i).length;
            if (waiting[i] == 0) ready.add(i);
        }
        List<Integer> order = new java.util.ArrayList<>(g.size());
        while (!ready.isEmpty()) {
            int id = ready.poll();
            order.add(id);
            for (int s : g.successors(id)) if (--waiting[s] == 0) ready.add(s);
        }
        assertEquals(g.size(), order.size());
        return order;
    }

    @Test
    void refusesAShapesOnlyProgramAndPaddedInput() {
        LoweredModel lm = FunctionalRun.lower(pretrained.config(), 1, SEQ);
        Program shapes = org.nxm.compiler.Compiler.compile(new org.nxm.compiler.Compiler.Request(lm, HardwareConfig.preset("a100"),
                NmPattern.TWO_FOUR, null, null)).program();
        assertThrows(InputException.class, () -> new FunctionalSimulator(shapes));
        var padded = MiniLm.loadTokenizer().batch(List.of("a short sentence", "and a somewhat longer second sentence here"));
        assertThrows(InputException.class, () -> FunctionalCheck.run(a100, sparse.weights(), padded, 2));
    }
}
