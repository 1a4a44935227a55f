package org.nxm.sweep.spark;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.nxm.model.io.InputException;

/**
 * Starts the Spark context of a sweep within bounded time. A standalone master that accepts TCP but never
 * registers the application would keep Spark's constructor waiting for a minute (three registration
 * attempts of 20 s each, fixed in Spark) and then fail with stack traces: here the start runs on a daemon
 * thread and gives up after {@link #START_TIMEOUT_S} with one line, and Spark's own logging stays off until
 * the context is up (unless spark-submit runs us: then its logging configuration rules).
 */
final class SparkContexts {
    private SparkContexts() {}

    /** Seconds the context may take to start (and, on a cluster, to register with its master). */
    static final int START_TIMEOUT_S = 35;

    /** @param master null: the one spark-submit configured, else local[*] */
    static JavaSparkContext start(SparkMaster master) {
        boolean submitted = System.getProperty("spark.submit.deployMode") != null;
        if (!submitted) quietLogging();   // before any Spark class logs; stderr carries the sweep's own lines
        SparkConf conf = new SparkConf().setAppName("nxm sweep").setIfMissing("spark.master", "local[*]")
                .set("spark.ui.showConsoleProgress", "false");
        if (master != null) conf.setMaster(master.url());
        String url = conf.get("spark.master");
        if (url.startsWith("local")) {
            // Embedded local mode: no web UI, loopback only.
            conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nxm-spark-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<JavaSparkContext> f = starter.submit(() -> new JavaSparkContext(conf));
            JavaSparkContext spark = f.get(START_TIMEOUT_S, TimeUnit.SECONDS);
            if (!submitted) rootLevel(Level.WARN);
            return spark;
        } catch (TimeoutException e) {
            throw new InputException("--master " + url + ": Spark did not start within " + START_TIMEOUT_S
                    + " s (the master did not register this application: is it a Spark 4 master, reachable both ways?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new InputException("--master " + url + ": Spark did not start (" + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage().lines().findFirst().orElse("")) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            starter.shutdown();
        }
    }

    /**
     * Without a logging configuration of the user's, installs one (stderr, root off) before Spark's first log
     * line: Spark would otherwise load its default profile (INFO) and print its start-up chatter. Log4j keeps
     * a context per class loader and one for the caller's thread; Spark looks at both, so both get it.
     */
    private static void quietLogging() {
        for (LoggerContext ctx : contexts()) {
            if (ctx.getConfiguration() instanceof DefaultConfiguration) {
                ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
                b.setStatusLevel(Level.ERROR);
                b.add(b.newAppender("stderr", "Console").addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                        .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %p %c{1}: %m%n")));
                b.add(b.newRootLogger(Level.OFF).add(b.newAppenderRef("stderr")));
                ctx.reconfigure(b.build());
            }
        }
        rootLevel(Level.OFF);
    }

    private static void rootLevel(Level level) {
        for (LoggerContext ctx : contexts()) {
            ctx.getConfiguration().getRootLogger().setLevel(level);
            ctx.updateLoggers();
        }
    }

    private static java.util.Set<LoggerContext> contexts() {
        java.util.Set<LoggerContext> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.add((LoggerContext) LogManager.getContext(false));
        all.add((LoggerContext) LogManager.getContext());
        all.add((LoggerContext) LogManager.getContext(SparkContexts.class.getClassLoader(), false));
        return all;
    }

    /** On a cluster, waits until at least one executor has registered, at most {@code seconds}. */
    static void awaitExecutors(JavaSparkContext spark, int seconds) {
        if (spark.master().startsWith("local")) return;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            if (spark.sc().isStopped()) {
                throw new InputException("--master " + spark.master() + ": the Spark master gave up on this application"
                        + " (all masters unresponsive, or the application was killed)");
            }
            if (spark.sc().getExecutorMemoryStatus().size() >= 2) return;   // the driver's own block manager counts as one
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
