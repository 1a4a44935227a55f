package org.nxm.simulator.engine;

/** When each op started and finished, in cycles from 0; makespan = the last finish. */
public record Schedule(long[] start, long[] finish, long makespan) {
    public long start(int op) { return start[op]; }
    public long finish(int op) { return finish[op]; }
}
