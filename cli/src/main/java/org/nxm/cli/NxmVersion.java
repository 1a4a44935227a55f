package org.nxm.cli;

import picocli.CommandLine;

/** Version from the jar manifest, with the Java runtime for bug reports. */
public final class NxmVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Nxm.class.getPackage().getImplementationVersion();
        return new String[] {"nxm " + (v == null ? "0.1.0-SNAPSHOT" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
