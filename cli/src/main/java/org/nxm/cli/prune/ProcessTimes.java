package org.nxm.cli.prune;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this process and the system load: wall time alone misleads on shared machines, so the
 * prune summary reports both.
 */
final class ProcessTimes {
    private ProcessTimes() {}

    /** CPU time of all threads of this JVM so far, in ns (-1 if the platform does not say). */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** One-minute system load average (negative if unavailable). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
