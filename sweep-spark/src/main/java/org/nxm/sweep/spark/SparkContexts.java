package org.nxm.sweep.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.nxm.model.io.InputException;

/** Starts the Spark context of a sweep, and waits (bounded) for a cluster to give it executors. */
final class SparkContexts {
    private SparkContexts() {}

    /** @param master null: the one spark-submit configured, else local[*] */
    static JavaSparkContext start(SparkMaster master) {
        SparkConf conf = new SparkConf().setAppName("nxm sweep").setIfMissing("spark.master", "local[*]")
                .set("spark.ui.showConsoleProgress", "false");
        if (master != null) conf.setMaster(master.url());
        if (conf.get("spark.master").startsWith("local")) {
            // Embedded local mode: no web UI, loopback only, quiet logs (stderr carries the sweep's progress).
            conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        }
        return new JavaSparkContext(conf);
    }

    /** On a cluster, waits until at least one executor has registered, at most {@code seconds}. */
    static void awaitExecutors(JavaSparkContext spark, int seconds) {
        if (spark.master().startsWith("local")) return;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (spark.sc().getExecutorMemoryStatus().size() < 2) {   // the driver's own block manager counts as one
            if (System.nanoTime() > deadline) {
                throw new InputException("--master " + spark.master() + ": no executor registered within " + seconds
                        + " s (is the cluster full, or are its workers unable to reach this driver?)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
