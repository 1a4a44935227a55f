package org.nxm.sweep.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nxm.model.io.InputException;

/**
 * A {@code --master} URL, checked before Spark starts so a wrong one fails in one line and in seconds
 * (Spark itself would retry a standalone master for a minute): {@code local}, {@code local[N]},
 * {@code local[*]}, {@code local[N,F]} (F = attempts per task), {@code spark://HOST:PORT[,HOST:PORT]}
 * (each probed by TCP) or {@code yarn} (through spark-submit, whose Spark has YARN support).
 */
public record SparkMaster(String url) {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?\\])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://([^,/]+:\\d+(,[^,/]+:\\d+)*)/?");

    public static SparkMaster parse(String url) {
        String u = url.trim();
        if (LOCAL.matcher(u).matches() || STANDALONE.matcher(u).matches() || u.equals("yarn") || u.startsWith("k8s://")) {
            return new SparkMaster(u);
        }
        throw new InputException("--master: expected local[*], local[N], spark://HOST:PORT or yarn, got '" + url + "'");
    }

    public boolean isLocal() { return url.startsWith("local"); }

    /** Fails with one line naming the master when it cannot be used from here (nothing has been written yet). */
    public void requireReachable(int connectTimeoutMs) {
        Matcher m = STANDALONE.matcher(url);
        if (m.matches()) {
            List<String> failures = new ArrayList<>();
            for (String hostPort : m.group(1).split(",")) {
                int colon = hostPort.lastIndexOf(':');
                String host = hostPort.substring(0, colon);
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
                    return;   // one live master is enough
                } catch (IOException e) {
                    failures.add(hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
                }
            }
            throw new InputException("--master " + url + ": cannot reach the Spark master: " + String.join(", ", failures)
                    + "; is it running and reachable from this machine?");
        }
        if (url.equals("yarn") && !classPresent("org.apache.spark.deploy.yarn.YarnClusterManager")) {
            throw new InputException("--master yarn: this classpath has no Spark YARN support; submit the sweep with "
                    + "spark-submit --master yarn (see sweep-spark/README.md)");
        }
        if (url.startsWith("k8s://") && !classPresent("org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager")) {
            throw new InputException("--master " + url + ": this classpath has no Spark Kubernetes support; use spark-submit");
        }
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, SparkMaster.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
