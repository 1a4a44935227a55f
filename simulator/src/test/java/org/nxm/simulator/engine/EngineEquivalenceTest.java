package org.nxm.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EngineEquivalenceTest {

    /** Random DAG over a few shared resources: the kind of contention a tile program has. */
    static OpGraph randomGraph(SplittableRandom rnd, int ops, int resources) {
        OpGraph.Builder b = OpGraph.builder(resources);
        for (int i = 0; i < ops; i++) {
            int nd = i == 0 ? 0 : rnd.nextInt(Math.min(i, 4) + 1);
            int[] deps = rnd.ints(nd, 0, Math.max(1, i)).distinct().toArray();
            if (i == 0) deps = new int[0];
            int nu = rnd.nextInt(Math.min(resources, 3) + 1);
            int[] res = rnd.ints(0, resources).distinct().limit(nu).toArray();
            long[] occ = new long[res.length];
            for (int k = 0; k < occ.length; k++) occ[k] = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 20);
            long latency = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(12);
            b.add(deps, res, occ, latency);
        }
        return b.build();
    }

    @Test
    void eventDrivenEqualsCycleSteppedOnRandomPrograms() {
        SplittableRandom rnd = new SplittableRandom(20261128L);
        for (int p = 0; p < 200; p++) {
            OpGraph g = randomGraph(rnd, 5 + rnd.nextInt(120), 1 + rnd.nextInt(6));
            Schedule a = new EventDrivenEngine().run(g);
            Schedule b = new CycleSteppedEngine().run(g);
            assertEquals(b.makespan(), a.makespan(), "program " + p);
            assertArrayEquals(b.start(), a.start(), "program " + p);
            assertArrayEquals(b.finish(), a.finish(), "program " + p);
        }
    }

    @Test
    void timingLawHoldsOnHandExample() {
        // r0 = DRAM, r1 = MMA pipe. Two loads, then an MMA needing both, a third load overlapping it.
        OpGraph.Builder b = OpGraph.builder(2);
        int l0 = b.add(new int[0], new int[] {0}, new long[] {10}, 5);   // [0,10) + 5 -> 15
        int l1 = b.add(new int[0], new int[] {0}, new long[] {10}, 5);   // [10,20) + 5 -> 25
        int mma = b.add(new int[] {l0, l1}, new int[] {1}, new long[] {8}, 4); // start 25, done 37
        int l2 = b.add(new int[0], new int[] {0}, new long[] {10}, 5);   // [20,30) -> 35
        int mma2 = b.add(new int[] {mma, l2}, new int[] {1}, new long[] {8}, 4); // ready 37 -> 49
        int barrier = b.add(new int[] {mma2}, new int[0], new long[0], 0);
        OpGraph g = b.build();
        for (TimingEngine e : new TimingEngine[] {new EventDrivenEngine(), new CycleSteppedEngine()}) {
            Schedule s = e.run(g);
            assertEquals(25, s.start(mma));
            assertEquals(20, s.start(l2));
            assertEquals(37, s.start(mma2));
            assertEquals(49, s.finish(barrier));
            assertEquals(49, s.makespan());
        }
    }

    @Test
    void lowerIndexWinsAContestedResourceAndOthersBackfill() {
        OpGraph.Builder b = OpGraph.builder(2);
        int blocker = b.add(new int[0], new int[] {1}, new long[] {30}, 0);     // holds r1 [0,30)
        int a = b.add(new int[0], new int[] {0, 1}, new long[] {5, 5}, 0);       // needs r1: waits to 30
        int c = b.add(new int[0], new int[] {0}, new long[] {7}, 0);             // r0 idle: starts at 0
        OpGraph g = b.build();
        Schedule s = new EventDrivenEngine().run(g);
        assertEquals(0, s.start(blocker));
        assertEquals(30, s.start(a));
        assertEquals(0, s.start(c));
        assertTrue(s.makespan() == 35);
    }
}
