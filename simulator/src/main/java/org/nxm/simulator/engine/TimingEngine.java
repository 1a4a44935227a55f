package org.nxm.simulator.engine;

/** Computes a {@link Schedule} under the timing law documented on {@link OpGraph}. */
public interface TimingEngine {
    Schedule run(OpGraph graph);
}
